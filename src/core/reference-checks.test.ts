// Tests of the reference checks on small hand-made extractions: border claims against a tiny
// country table (contradiction, agreement, nothing to check), contradictions between profiles,
// incompatible event dates, and the cache of ReferenceChecks over a fixture source.
import { describe, expect, it } from 'vitest';
import { CountryRecordSchema, type ActorDetail, type ActorSummary, type CountryRecord, type Extraction, type Relation } from '../model/index.js';
import { checkProfiles, ReferenceChecks, type CheckedProfile } from './reference-checks.js';

const country = (id: string, name: string, borders: string[]): CountryRecord =>
  CountryRecordSchema.parse({ id, iso2: id.slice(0, 2), name, officialName: name, aliases: [], demonyms: [], capital: null, borders, latlng: null, region: 'Asia', subregion: 'Central Asia', wikidata: null });

const countries = [
  country('KAZ', 'Kazakhstan', ['UZB']),
  country('UZB', 'Uzbekistan', ['KAZ', 'AFG']),
  country('AFG', 'Afghanistan', ['UZB']),
];

type RelationSpec = [subject: string, predicate: Relation['predicate'], object: string, negated: boolean, sentence: string];

/** A profile of one sentence per line; each relation's evidence is the sentence it names. */
function profile(actor: string, name: string, lines: string[], relations: RelationSpec[] = [], events: Extraction['events'] = []): CheckedProfile {
  const text = lines.join('\n');
  const sentences = lines.map((line) => {
    const start = text.indexOf(line);
    return { start, end: start + line.length };
  });
  const span = (sentence: string) => {
    const start = text.indexOf(sentence);
    if (start < 0) throw new Error(`no sentence "${sentence}"`);
    return { start, end: start + sentence.length };
  };
  const extraction: Extraction = {
    kind: 'profile',
    text,
    actor: { name, country: actor.toUpperCase() },
    sections: [],
    interests: [],
    sentences,
    mentions: [],
    entities: [{ id: 'taliban', type: 'organization', name: 'Taliban', country: null, wikidata: null }],
    times: [],
    quantities: [],
    events,
    relations: relations.map(([subject, predicate, object, negated, sentence]) => ({ subject, predicate, object, negated, evidence: span(sentence) })),
    posture: null,
  };
  return { actor, actorName: name, version: 1, extraction };
}

describe('border claims against the country data', () => {
  it('confirms a denied border the data does not list', () => {
    const sentence = 'Kazakhstan and Afghanistan do not share a border.';
    const findings = checkProfiles([profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'AFG', true, sentence]])], { countries });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ actor: 'kaz', kind: 'confirmed-by-reference', severity: 'info', claim: 'Kazakhstan does not border Afghanistan', related: [] });
    expect(finding!.evidence).toEqual({ actor: 'kaz', version: 1, start: 11, end: 11 + sentence.length, text: sentence });
    expect(finding!.message).toContain('do not share a border');
    expect(finding!.reference).toContain('Kazakhstan borders Uzbekistan');
  });

  it('flags a claimed border the data does not list, and a denied one it does', () => {
    const claimed = 'Kazakhstan borders Afghanistan in the south.';
    const denied = 'Uzbekistan has no border with Afghanistan.';
    const findings = checkProfiles(
      [profile('x', 'Writer', ['Writer', claimed, denied], [['KAZ', 'borders', 'AFG', false, claimed], ['UZB', 'borders', 'AFG', true, denied]])],
      { countries },
    );
    expect(findings.map((f) => [f.kind, f.severity, f.evidence.text])).toEqual([
      ['contradicts-reference', 'error', claimed],
      ['contradicts-reference', 'error', denied],
    ]);
    expect(findings[0]!.message).toBe('The profile says Kazakhstan and Afghanistan share a border, but the country data lists no border between them.');
    expect(findings[1]!.message).toBe('The profile says Uzbekistan and Afghanistan do not share a border, but the country data lists a border between them.');
  });

  it('uses either side of the data (a border listed only on one country still counts)', () => {
    const oneSided = [country('KAZ', 'Kazakhstan', []), country('UZB', 'Uzbekistan', ['KAZ'])];
    const sentence = 'Kazakhstan borders Uzbekistan.';
    const [finding] = checkProfiles([profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'UZB', false, sentence]])], { countries: oneSided });
    expect(finding?.kind).toBe('confirmed-by-reference');
  });

  it('finds nothing when no claim can be checked', () => {
    const sentence = 'Kazakhstan supplies wheat to Afghanistan and borders the Caspian.';
    const findings = checkProfiles(
      [profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'supplies', 'AFG', false, sentence], ['KAZ', 'borders', 'caspian-sea', false, sentence]])],
      { countries },
    );
    expect(findings).toEqual([]);
    expect(checkProfiles([], { countries })).toEqual([]);
  });
});

describe('contradictions between profiles', () => {
  const yes = 'Uzbekistan recognizes the Taliban government.';
  const no = 'Tashkent does not recognize the Taliban government.';

  it('flags a relation asserted in one profile and denied in another, on both sides', () => {
    const findings = checkProfiles(
      [
        profile('kaz', 'Kazakhstan', ['Kazakhstan', yes], [['UZB', 'recognizes', 'taliban', false, yes]]),
        profile('uzb', 'Uzbekistan', ['Uzbekistan', no], [['UZB', 'recognizes', 'taliban', true, no]]),
      ],
      { countries },
    );
    expect(findings.map((f) => [f.actor, f.kind, f.severity, f.claim])).toEqual([
      ['kaz', 'contradicts-profile', 'warning', 'Uzbekistan recognizes Taliban'],
      ['uzb', 'contradicts-profile', 'warning', 'Uzbekistan does not recognize Taliban'],
    ]);
    expect(findings[0]!.related.map((r) => [r.actor, r.actorName, r.text])).toEqual([['uzb', 'Uzbekistan', no]]);
    expect(findings[1]!.related.map((r) => [r.actor, r.text])).toEqual([['kaz', yes]]);
    expect(findings[0]!.message).toContain('the Uzbekistan profile says the opposite');
  });

  it('reads a border claim the same either way round', () => {
    const a = 'Afghanistan borders Uzbekistan.';
    const b = 'Uzbekistan does not border Afghanistan.';
    const findings = checkProfiles(
      [profile('one', 'One', ['One', a], [['AFG', 'borders', 'UZB', false, a]]), profile('two', 'Two', ['Two', b], [['UZB', 'borders', 'AFG', true, b]])],
      { countries },
    );
    expect(findings.filter((f) => f.kind === 'contradicts-profile').map((f) => f.actor)).toEqual(['one', 'two']);
    expect(findings.filter((f) => f.kind === 'contradicts-reference').map((f) => f.actor)).toEqual(['two']);
  });

  it('does not flag agreement, or the same profile holding both (that is not between profiles)', () => {
    const findings = checkProfiles(
      [
        profile('kaz', 'Kazakhstan', ['Kazakhstan', yes], [['UZB', 'recognizes', 'taliban', false, yes]]),
        profile('uzb', 'Uzbekistan', ['Uzbekistan', yes, no], [['UZB', 'recognizes', 'taliban', false, yes], ['UZB', 'recognizes', 'taliban', true, no]]),
      ],
      { countries },
    );
    // kaz agrees with uzb's first sentence; uzb's denial contradicts kaz's claim.
    expect(findings.map((f) => [f.actor, f.evidence.text])).toEqual([
      ['kaz', yes],
      ['uzb', no],
    ]);
  });
});

describe('event dates across profiles', () => {
  const event = (date: string, sentence: string, text: string): Extraction['events'][number] => {
    const start = text.indexOf(sentence);
    return { type: 'visit', date, actors: ['KAZ', 'taliban'], place: 'kabul', evidence: { start, end: start + sentence.length } };
  };
  const octoberLine = 'Kazakh officials met the Taliban in Kabul in October 2021.';
  const marchLine = 'Kazakh officials met the Taliban in Kabul in March 2023.';
  const yearLine = 'Kazakh officials met the Taliban in Kabul in 2021.';

  it('flags the same event dated in periods that do not overlap', () => {
    const findings = checkProfiles(
      [
        profile('a', 'A', ['A', octoberLine], [], [event('2021-10', octoberLine, `A\n${octoberLine}`)]),
        profile('b', 'B', ['B', marchLine], [], [event('2023-03', marchLine, `B\n${marchLine}`)]),
      ],
      { countries },
    );
    expect(findings.map((f) => [f.actor, f.kind, f.related[0]?.text])).toEqual([
      ['a', 'conflicting-dates', marchLine],
      ['b', 'conflicting-dates', octoberLine],
    ]);
  });

  it('accepts dates that overlap (a month inside a year)', () => {
    const findings = checkProfiles(
      [
        profile('a', 'A', ['A', octoberLine], [], [event('2021-10', octoberLine, `A\n${octoberLine}`)]),
        profile('b', 'B', ['B', yearLine], [], [event('2021', yearLine, `B\n${yearLine}`)]),
      ],
      { countries },
    );
    expect(findings).toEqual([]);
  });
});

describe('ReferenceChecks', () => {
  const sentence = 'Kazakhstan and Afghanistan do not share a border.';
  const detail = (p: CheckedProfile, version: number): ActorDetail => ({
    id: p.actor,
    actor: p.extraction.actor,
    version: { version, hash: `h${version}`, sourceName: 'x.txt', format: 'text', ingestedAt: '2024-01-01T00:00:00Z', asOf: null },
    versions: [],
    metadata: { focus: 'AFG' } as ActorDetail['metadata'],
    extraction: p.extraction,
  });

  it('serves findings per actor, caches them by revision, and refuses an unknown actor', async () => {
    const kaz = profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'AFG', true, sentence]]);
    let revision = '1';
    let loads = 0;
    const summary: ActorSummary = { id: 'kaz', name: 'Kazakhstan', country: 'KAZ', latestVersion: 1, versions: 1, asOf: null, interests: [], sentenceCount: 1 };
    const checks = new ReferenceChecks(
      {
        listActors: async () => [summary],
        getActor: async () => {
          loads++;
          return detail(kaz, 1);
        },
        revision: async () => revision,
      },
      () => ({ countries }),
    );
    const report = await checks.report('kaz');
    expect(report.counts).toEqual({ contradictsReference: 0, confirmedByReference: 1, contradictsProfile: 0, conflictingDates: 0 });
    await checks.report();
    expect(loads).toBe(1);
    revision = '2';
    await checks.report();
    expect(loads).toBe(2);
    await expect(checks.report('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
