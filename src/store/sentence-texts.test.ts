// Sentence texts read from spans: the JavaScript slice (sentence-texts.ts) answers what the `sentences` view
// answers, for a short profile (spans only), a profile with characters beyond the BMP, and a long document whose
// sentences keep their text (the view's substr is quadratic in a document's length); and a new version of a long
// document carries its review decisions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './index.js';
import { sentencesWithText } from './sentence-texts.js';
import type { SqlRunner } from './sql-dialect.js';
import { astralProfile } from './test-support/stored-answers.js';
import { buildProfile, uzbekistanSpec } from './test-support/profile-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-sentence-texts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A profile of about `kilobytes` KB: the Uzbekistan fixture's sentences repeated after a numbered one. */
function longProfile(kilobytes: number, revision = 0) {
  const spec = uzbekistanSpec();
  const paragraphs: string[] = [];
  for (let n = 0; paragraphs.join('\n').length < kilobytes * 1024; n++) {
    paragraphs.push(`Paragraph ${n + revision} repeats the profile.`, ...spec.profile);
  }
  return buildProfile({ ...spec, actor: { name: 'Longland', country: null }, profile: paragraphs });
}

const runnerOver = (db: Database.Database): SqlRunner => ({
  all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
  run: async (sql: string, params: unknown[] = []) => db.prepare(sql).run(...params).changes,
});

describe('sentence texts from spans', () => {
  it('slices what the sentences view answers; long documents keep their text', async () => {
    const path = join(folder, 'texts.db');
    const store = await openStore(path);
    await store.saveDocument(buildProfile(uzbekistanSpec()));
    await store.saveDocument(astralProfile());
    await store.saveDocument(longProfile(40));
    await store.close();

    const db = new Database(path);
    try {
      const documents = db.prepare('SELECT id, length(text) AS n FROM documents ORDER BY id').all() as Array<{
        id: number;
        n: number;
      }>;
      expect(documents).toHaveLength(3);
      for (const { id } of documents) {
        const fromView = db
          .prepare(
            'SELECT id, document_id, text, span_start, span_end FROM sentences WHERE document_id = ? ORDER BY position',
          )
          .all(id);
        expect(await sentencesWithText(runnerOver(db), id)).toEqual(fromView);
      }
      const stored = (id: number) =>
        db
          .prepare('SELECT count(text) AS kept, count(*) AS all_ FROM sentence_spans WHERE document_id = ?')
          .get(id) as {
          kept: number;
          all_: number;
        };
      // The short profile stores spans only; the long document (over 16 KB) keeps every sentence's text.
      expect(stored(documents[0]!.id).kept).toBe(0);
      const long = stored(documents[2]!.id);
      expect(documents[2]!.n).toBeGreaterThan(16_384);
      expect(long.kept).toBe(long.all_);
      expect(long.all_).toBeGreaterThan(100);
    } finally {
      db.close();
    }
  });

  it('carries a review decision to the next version of a long document', async () => {
    const store = await openStore(join(folder, 'carry.db'));
    const page = { status: 'any' as const, limit: 500, offset: 0 };
    try {
      await store.saveDocument(longProfile(40));
      const time = (await store.listFacts({ ...page, kind: 'time' })).facts[0]!;
      await store.reviewFact(time.id, { status: 'rejected' }, 'ada');
      // The next version renumbers every paragraph: spans move, the time's sentence is unchanged.
      expect((await store.saveDocument(longProfile(40, 1))).version).toBe(2);
      const next = (await store.listFacts({ ...page, kind: 'time' })).facts;
      expect(next.every((fact) => fact.version === 2)).toBe(true);
      expect(next.filter((fact) => fact.status === 'rejected').map((fact) => fact.payload)).toEqual([time.payload]);
    } finally {
      await store.close();
    }
  });
});
