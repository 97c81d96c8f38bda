// The timeline's counts per year maintained by migration 24's triggers and settled at every write transaction equal
// a count from scratch after each kind of write — a save, a batch save (PostgreSQL's batch path), a new version, an
// edited event date, a rejected time and event, an added event, an entity merge — on SQLite and on PostgreSQL; and
// the collection's years are read from them. The times' statement flags (migration 30), set again for the same
// documents, equal the test of their sentence after each write.
import { describe, expect, it } from 'vitest';
import { rawStoreBackends } from './test-support/raw-stores.js';
import { buildProfile, kazakhstanSpec, uzbekistanProfile } from './test-support/profile-fixtures.js';
import type { SqlRunner } from './sql-dialect.js';
import { isStatementSql } from './timeline-statements.js';
import { recountedYearCounts, settleTimelineYears, storedYearCounts } from './timeline-years.js';

/** Kazakhstan's profile with dated sentences appended (statements), as a given revision. */
const withStatements = (dated: Array<[surface: string, value: string]>, revision?: number) => {
  const base = kazakhstanSpec(revision === undefined ? {} : { revision });
  return buildProfile({
    ...base,
    profile: [...base.profile, ...dated.map(([surface], n) => `Envoys met ${surface} for round ${n + 1}.`)],
    times: [...base.times, ...dated],
  });
};

const backends = await rawStoreBackends('timeline-years');

describe.each(backends)('the timeline counts per year on %s', (_name, open) => {
  it('equal a count from scratch after every kind of write, and answer the collection’s years', async () => {
    const { store, raw } = await open();
    const flags = async (flag: string) =>
      (
        await raw.all<{ document_id: unknown; position: unknown; flag: unknown }>(
          `SELECT t.document_id, t.position, ${flag} AS flag FROM times t ORDER BY t.document_id, t.position`,
        )
      ).map((row) => [Number(row.document_id), Number(row.position), Number(row.flag)]);
    const settled = async (step: string) => {
      expect(await raw.all('SELECT document_id FROM timeline_dirty'), step).toEqual([]);
      expect(await storedYearCounts(raw), step).toEqual(await recountedYearCounts(raw));
      // Migration 30: each time's statement flag is what its sentence and events say now.
      expect(await flags('t.is_statement'), step).toEqual(await flags(isStatementSql('t')));
    };
    await settled('empty');
    await store.saveDocuments([
      withStatements([
        ['in 1996', '1996'],
        ['in spring 2022', '2022-21'],
      ]),
      uzbekistanProfile(),
    ]);
    await settled('batch save');
    expect((await storedYearCounts(raw)).length).toBeGreaterThan(0);
    const before = await store.timelineYears({});
    await store.saveDocument(withStatements([['on 3 March 2022', '2022-03-03']], 2));
    await settled('new version');
    expect(await store.timelineYears({})).not.toEqual(before);

    const facts = async (kind: 'event' | 'time') =>
      (await store.listFacts({ actor: 'kazakhstan', kind, status: 'any', limit: 50, offset: 0 })).facts;
    const [event] = await facts('event');
    await store.reviewFact(event!.id, { status: 'edited', payload: { ...event!.payload, date: '1999-12' } }, 'ada');
    await settled('edited event date');
    expect((await store.timelineYears({})).years).toContainEqual({ year: 1999, count: 1 });
    const time = (await facts('time')).find((fact) => fact.payload.value === '2022-03-03')!;
    await store.reviewFact(time.id, { status: 'rejected' }, 'ada');
    await settled('rejected time');
    await store.reviewFact(event!.id, { status: 'rejected' }, 'ada');
    await settled('rejected event (its sentence’s times become statements)');
    const detail = (await store.getActor('kazakhstan'))!;
    const sentence = detail.extraction.sentences[0]!;
    await store.addFact(
      {
        actorId: 'kazakhstan',
        kind: 'event',
        start: sentence.start,
        end: sentence.end,
        payload: { type: 'visit', date: '2003', actors: ['KAZ'], place: null, negated: false },
      },
      'ada',
    );
    await settled('added event');
    await store.mergeEntities('AFG', 'KAZ', 'ada').catch(() => undefined);
    await settled('entity merge');

    // The collection's years come from the counts; one actor's from its rows: both agree with the rows.
    for (const filter of [
      {},
      { type: 'statement' as const },
      { type: 'visit' as const },
      { documentKind: 'profile' as const },
    ]) {
      const maintained = await store.timelineYears(filter);
      const actors = await Promise.all(
        ['kazakhstan', 'uzbekistan'].map((actor) => store.timelineYears({ ...filter, actor })),
      );
      const summed = new Map<number, number>();
      for (const { years } of actors)
        for (const { year, count } of years) summed.set(year, (summed.get(year) ?? 0) + count);
      expect(maintained.years, JSON.stringify(filter)).toEqual(
        [...summed].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })),
      );
      expect(maintained.undated).toBe(actors.reduce((sum, each) => sum + each.undated, 0));
    }
  });

  it('move the sums of a settle in one statement, not one a sum', async () => {
    const { store, raw } = await open();
    const years = Array.from({ length: 30 }, (_, k) => String(1960 + k));
    await store.saveDocument(withStatements(years.map((year) => [`in ${year}`, year])));
    // Every count settled again from nothing: the document dirty, its parts and the sums gone.
    await raw.run('DELETE FROM timeline_year_counts');
    await raw.run('DELETE FROM timeline_year_parts');
    await raw.run('INSERT INTO timeline_dirty (document_id) SELECT latest_document_id FROM actors');
    const inserts: string[] = [];
    const counting: SqlRunner = {
      all: (sql, params, options) => raw.all(sql, params, options),
      run: (sql, params, options) => {
        if (sql.includes('INSERT INTO timeline_year_counts')) inserts.push(sql);
        return raw.run(sql, params, options);
      },
    };
    // SQLite's own runner settles what it writes at once (nothing left dirty here); PostgreSQL's leaves it dirty.
    const settled = await settleTimelineYears(counting);
    const sums = await storedYearCounts(raw);
    expect(sums.length).toBeGreaterThanOrEqual(30);
    expect(sums).toEqual(await recountedYearCounts(raw));
    expect(inserts).toHaveLength(settled);
  });
});
