// Tests of the reference checks on small hand-made extractions: border claims against a tiny
// country table (contradiction, agreement, nothing to check), contradictions within a profile,
// between profiles and with sources when their times overlap (a past relation never contradicts
// a current one), changes between versions, confirmed facts whose sentence was edited away,
// incompatible event dates, and the cache of ReferenceChecks over a fixture source.
import { describe, expect, it } from 'vitest';
import {
  CountryRecordSchema,
  type ActorDetail,
  type ActorSummary,
  type CountryRecord,
  type Extraction,
  type Relation,
} from '../model/index.js';
import {
  checkCollection,
  checkCollectionInSlices,
  checkProfiles,
  ReferenceChecks,
  referenceChecksFor,
  type CheckedProfile,
  type ConfirmedFact,
} from './reference-checks.js';

const country = (id: string, name: string, borders: string[]): CountryRecord =>
  CountryRecordSchema.parse({
    id,
    iso2: id.slice(0, 2),
    name,
    officialName: name,
    aliases: [],
    demonyms: [],
    capital: null,
    borders,
    latlng: null,
    region: 'Asia',
    subregion: 'Central Asia',
    wikidata: null,
  });

const countries = [
  country('KAZ', 'Kazakhstan', ['UZB']),
  country('UZB', 'Uzbekistan', ['KAZ', 'AFG']),
  country('AFG', 'Afghanistan', ['UZB']),
  country('KGZ', 'Kyrgyzstan', []),
];

type RelationSpec = [
  subject: string,
  predicate: Relation['predicate'],
  object: string,
  negated: boolean,
  sentence: string,
  time?: { valid?: string | null; current?: boolean },
];

/** A profile of one sentence per line; each relation's evidence is the sentence it names. */
function profile(
  actor: string,
  name: string,
  lines: string[],
  relations: RelationSpec[] = [],
  events: Extraction['events'] = [],
  more: { version?: number; date?: string | null; kind?: Extraction['kind'] } = {},
): CheckedProfile {
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
    kind: more.kind ?? 'profile',
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
    relations: relations.map(([subject, predicate, object, negated, sentence, time]) => ({
      subject,
      predicate,
      object,
      negated,
      evidence: span(sentence),
      valid: time?.valid ?? null,
      current: time?.current ?? true,
    })),
    posture: null,
  };
  return { actor, actorName: name, version: more.version ?? 1, extraction, date: more.date ?? null };
}

describe('border claims against the country data', () => {
  it('confirms a denied border the data does not list', () => {
    const sentence = 'Kazakhstan and Afghanistan do not share a border.';
    const findings = checkProfiles(
      [profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'AFG', true, sentence]])],
      { countries },
    );
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      actor: 'kaz',
      kind: 'confirmed-by-reference',
      severity: 'info',
      claim: 'Kazakhstan does not border Afghanistan',
      related: [],
    });
    expect(finding!.evidence).toEqual({
      actor: 'kaz',
      version: 1,
      start: 11,
      end: 11 + sentence.length,
      text: sentence,
    });
    expect(finding!.message).toContain('do not share a border');
    expect(finding!.reference).toContain('Kazakhstan borders Uzbekistan');
  });

  it('flags a claimed border the data does not list, and a denied one it does', () => {
    const claimed = 'Kazakhstan borders Afghanistan in the south.';
    const denied = 'Uzbekistan has no border with Afghanistan.';
    const findings = checkProfiles(
      [
        profile(
          'x',
          'Writer',
          ['Writer', claimed, denied],
          [
            ['KAZ', 'borders', 'AFG', false, claimed],
            ['UZB', 'borders', 'AFG', true, denied],
          ],
        ),
      ],
      { countries },
    );
    expect(findings.map((f) => [f.kind, f.severity, f.evidence.text])).toEqual([
      ['contradicts-reference', 'error', claimed],
      ['contradicts-reference', 'error', denied],
    ]);
    expect(findings[0]!.message).toBe(
      'The profile says Kazakhstan and Afghanistan share a border, but the country data lists no border between them.',
    );
    expect(findings[1]!.message).toBe(
      'The profile says Uzbekistan and Afghanistan do not share a border, but the country data lists a border ' +
        'between them.',
    );
  });

  it('uses either side of the data (a border listed only on one country still counts)', () => {
    const oneSided = [country('KAZ', 'Kazakhstan', []), country('UZB', 'Uzbekistan', ['KAZ'])];
    const sentence = 'Kazakhstan borders Uzbekistan.';
    const [finding] = checkProfiles(
      [profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'UZB', false, sentence]])],
      { countries: oneSided },
    );
    expect(finding?.kind).toBe('confirmed-by-reference');
  });

  it('finds nothing when no claim can be checked', () => {
    const sentence = 'Kazakhstan supplies wheat to Afghanistan and borders the Caspian.';
    const findings = checkProfiles(
      [
        profile(
          'kaz',
          'Kazakhstan',
          ['Kazakhstan', sentence],
          [
            ['KAZ', 'supplies', 'AFG', false, sentence],
            ['KAZ', 'borders', 'caspian-sea', false, sentence],
          ],
        ),
      ],
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
    expect(findings[0]!.related.map((r) => [r.actor, r.actorName, r.documentKind, r.text])).toEqual([
      ['uzb', 'Uzbekistan', 'profile', no],
    ]);
    expect(findings[1]!.related.map((r) => [r.actor, r.text])).toEqual([['kaz', yes]]);
    expect(findings[0]!.message).toContain('the Uzbekistan profile says the opposite');
  });

  it('reads a border claim the same either way round', () => {
    const a = 'Afghanistan borders Uzbekistan.';
    const b = 'Uzbekistan does not border Afghanistan.';
    const findings = checkProfiles(
      [
        profile('one', 'One', ['One', a], [['AFG', 'borders', 'UZB', false, a]]),
        profile('two', 'Two', ['Two', b], [['UZB', 'borders', 'AFG', true, b]]),
      ],
      { countries },
    );
    expect(findings.filter((f) => f.kind === 'contradicts-profile').map((f) => f.actor)).toEqual(['one', 'two']);
    expect(findings.filter((f) => f.kind === 'contradicts-reference').map((f) => f.actor)).toEqual(['two']);
  });

  it('does not flag agreement between profiles; the profile holding both contradicts itself', () => {
    const findings = checkProfiles(
      [
        profile('kaz', 'Kazakhstan', ['Kazakhstan', yes], [['UZB', 'recognizes', 'taliban', false, yes]]),
        profile(
          'uzb',
          'Uzbekistan',
          ['Uzbekistan', yes, no],
          [
            ['UZB', 'recognizes', 'taliban', false, yes],
            ['UZB', 'recognizes', 'taliban', true, no],
          ],
        ),
      ],
      { countries },
    );
    // kaz agrees with uzb's first sentence; uzb's denial contradicts kaz's claim and uzb's own first sentence.
    expect(findings.map((f) => [f.actor, f.kind, f.evidence.text])).toEqual([
      ['kaz', 'contradicts-profile', yes],
      ['uzb', 'contradicts-itself', yes],
      ['uzb', 'contradicts-profile', no],
    ]);
  });
});

describe('contradictions within one profile, and time', () => {
  const hosts = 'Tajikistan hosts the Northern Alliance leadership in Dushanbe.';
  const hostsNot = 'Tajikistan does not host the Northern Alliance leadership.';
  const used = 'Turkmenistan recognized the Taliban government in the 1990s.';
  const now = 'Ashgabat does not recognize the Taliban government today.';

  it('flags a relation asserted and denied in one profile, once, with both sentences', () => {
    const findings = checkProfiles(
      [
        profile(
          'tjk',
          'Tajikistan',
          ['Tajikistan', hosts, 'Trade grows.', hostsNot],
          [
            ['TJK', 'hosts', 'nra', false, hosts],
            ['TJK', 'hosts', 'nra', true, hostsNot],
          ],
        ),
      ],
      { countries },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ actor: 'tjk', kind: 'contradicts-itself', severity: 'warning' });
    expect(findings[0]!.evidence.text).toBe(hosts);
    expect(findings[0]!.related.map((r) => [r.actor, r.version, r.documentKind, r.text])).toEqual([
      ['tjk', 1, 'profile', hostsNot],
    ]);
  });

  it('does not read a past relation and a current denial as a contradiction (the issue’s example)', () => {
    const findings = checkProfiles(
      [
        profile(
          'tkm',
          'Turkmenistan',
          ['Turkmenistan', used, now],
          [
            ['TKM', 'recognizes', 'taliban', false, used, { valid: '199X', current: false }],
            ['TKM', 'recognizes', 'taliban', true, now],
          ],
        ),
      ],
      { countries },
    );
    expect(findings).toEqual([]);
  });

  it(
    'does not read a past relation without a time against a ' + 'current one either, in one profile or across profiles',
    () => {
      const findings = checkProfiles(
        [
          profile(
            'tkm',
            'Turkmenistan',
            ['Turkmenistan', used],
            [['TKM', 'recognizes', 'taliban', false, used, { current: false }]],
          ),
          profile('irn', 'Iran', ['Iran', now], [['TKM', 'recognizes', 'taliban', true, now]]),
        ],
        { countries },
      );
      expect(findings).toEqual([]);
    },
  );

  it('flags two relations whose times overlap, and not two whose times are apart', () => {
    const since = 'Turkmenistan has recognized the Taliban government since 2022.';
    const until = 'Turkmenistan did not recognize the Taliban government between 1996 and 2001.';
    const overlapping = checkProfiles(
      [
        profile(
          'tkm',
          'Turkmenistan',
          ['Turkmenistan', since, now],
          [
            ['TKM', 'recognizes', 'taliban', false, since, { valid: '2022/..' }],
            ['TKM', 'recognizes', 'taliban', true, now],
          ],
        ),
      ],
      { countries },
    );
    expect(overlapping.map((f) => f.kind)).toEqual(['contradicts-itself']);
    expect(overlapping[0]!.message).toContain('(2022/..)');
    const apart = checkProfiles(
      [
        profile(
          'tkm',
          'Turkmenistan',
          ['Turkmenistan', since, until],
          [
            ['TKM', 'recognizes', 'taliban', false, since, { valid: '2022/..' }],
            ['TKM', 'recognizes', 'taliban', true, until, { valid: '1996/2001', current: false }],
          ],
        ),
      ],
      { countries },
    );
    expect(apart).toEqual([]);
    const bothPast = checkProfiles(
      [
        profile(
          'tkm',
          'Turkmenistan',
          ['Turkmenistan', used, until],
          [
            ['TKM', 'recognizes', 'taliban', false, used, { valid: '199X', current: false }],
            ['TKM', 'recognizes', 'taliban', true, until, { valid: '1996/2001', current: false }],
          ],
        ),
      ],
      { countries },
    );
    expect(bothPast.map((f) => f.kind)).toEqual(['contradicts-itself']);
  });

  it('reads current claims of documents written in different years as holding at different times', () => {
    const findings = checkProfiles(
      [
        profile('a', 'A', ['A', hosts], [['TJK', 'hosts', 'nra', false, hosts]], [], { date: '2001-05' }),
        profile('b', 'B', ['B', hostsNot], [['TJK', 'hosts', 'nra', true, hostsNot]], [], { date: '2024-02-10' }),
      ],
      { countries },
    );
    expect(findings).toEqual([]);
    const sameYear = checkProfiles(
      [
        profile('a', 'A', ['A', hosts], [['TJK', 'hosts', 'nra', false, hosts]], [], { date: '2024-11' }),
        profile('b', 'B', ['B', hostsNot], [['TJK', 'hosts', 'nra', true, hostsNot]], [], { date: '2024-02-10' }),
      ],
      { countries },
    );
    expect(sameYear.map((f) => [f.actor, f.kind])).toEqual([
      ['a', 'contradicts-profile'],
      ['b', 'contradicts-profile'],
    ]);
  });
});

describe('profiles against sources', () => {
  const claim = 'Iran supplies fuel to Afghanistan.';
  const denial = 'Tehran has stopped: Iran does not supply fuel to Afghanistan.';
  const sourceOf = (lines: string[], relations: RelationSpec[], date: string | null) =>
    profile('reuters-fuel', 'Iran halts fuel exports', lines, relations, [], { kind: 'source', date });

  it('flags a profile claim a source states the opposite of, linking the source sentence', () => {
    const { findings, checked } = checkCollection(
      [profile('irn', 'Iran', ['Iran', claim], [['IRN', 'supplies', 'AFG', false, claim]], [], { date: '2023-06' })],
      { countries },
      {
        sources: [
          sourceOf(['Iran halts fuel exports', denial], [['IRN', 'supplies', 'AFG', true, denial]], '2023-09-01'),
        ],
      },
    );
    expect(findings.map((f) => [f.actor, f.kind, f.severity, f.evidence.text])).toEqual([
      ['irn', 'contradicts-source', 'warning', claim],
    ]);
    expect(findings[0]!.related.map((r) => [r.actor, r.actorName, r.documentKind, r.version, r.text])).toEqual([
      ['reuters-fuel', 'Iran halts fuel exports', 'source', 1, denial],
    ]);
    expect(findings[0]!.message).toContain('the source “Iran halts fuel exports” says the opposite');
    expect(checked).toMatchObject({ profiles: 1, sources: 1, relations: 2 });
  });

  it('does not flag a source that agrees, or one that speaks of the past', () => {
    const past = 'Iran did not supply fuel to Afghanistan in the 1990s.';
    const findings = checkProfiles(
      [profile('irn', 'Iran', ['Iran', claim], [['IRN', 'supplies', 'AFG', false, claim]])],
      { countries },
      {
        sources: [
          sourceOf(
            ['Iran halts fuel exports', past, claim],
            [
              ['IRN', 'supplies', 'AFG', true, past, { valid: '199X', current: false }],
              ['IRN', 'supplies', 'AFG', false, claim],
            ],
            null,
          ),
        ],
      },
    );
    expect(findings).toEqual([]);
  });
});

describe('versions of one profile', () => {
  const before = 'Kyrgyzstan is a member of the Afghan contact group.';
  const after = 'Kyrgyzstan is not a member of the Afghan contact group.';
  const v1 = profile(
    'kgz',
    'Kyrgyzstan',
    ['Kyrgyzstan', before, 'Bishkek trades with Kabul.'],
    [['KGZ', 'member_of', 'contact-group', false, before]],
    [],
    { version: 1 },
  );
  const v2 = profile(
    'kgz',
    'Kyrgyzstan',
    ['Kyrgyzstan', after, 'Bishkek trades with Kabul.'],
    [['KGZ', 'member_of', 'contact-group', true, after]],
    [],
    { version: 2 },
  );

  it('lists a relation denied in the next version as a change, not an error, with both versions’ sentences', () => {
    const { findings, checked } = checkCollection([v2], { countries }, { history: [v1] });
    expect(findings.map((f) => [f.kind, f.severity, f.evidence.version, f.evidence.text])).toEqual([
      ['changed-between-versions', 'info', 2, after],
    ]);
    expect(findings[0]!.related.map((r) => [r.actor, r.version, r.text])).toEqual([['kgz', 1, before]]);
    expect(findings[0]!.message).toBe(
      'Version 1 said “Kyrgyzstan is a member of contact-group”; version 2 says “Kyrgyzstan is not a member of ' +
        'contact-group”. A change between versions, not an error.',
    );
    expect(checked.versions).toBe(2);
  });

  it('lists nothing when the relation is said the same way in both versions', () => {
    expect(checkProfiles([v1], { countries }, { history: [{ ...v1, version: 0 }] })).toEqual([]);
  });

  const fact = (over: Partial<ConfirmedFact> & { sentence: ConfirmedFact['sentence'] }): ConfirmedFact => ({
    id: 'relation-1-0',
    kind: 'relation',
    actor: 'kgz',
    version: 1,
    start: over.sentence!.start,
    end: over.sentence!.end,
    evidence: over.sentence!.text,
    status: 'confirmed',
    payload: { subject: 'KGZ', predicate: 'member_of', object: 'contact-group', negated: false },
    ...over,
  });

  it('lists a fact confirmed on a sentence the latest version no longer holds, with its closest rewording', () => {
    const start = v1.extraction.text.indexOf(before);
    const { findings, checked } = checkCollection(
      [v2],
      { countries },
      { history: [v1], confirmedFacts: [fact({ sentence: { text: before, start, end: start + before.length } })] },
    );
    const stale = findings.filter((f) => f.kind === 'evidence-removed');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({
      actor: 'kgz',
      severity: 'warning',
      claim: 'Kyrgyzstan is a member of contact-group',
    });
    expect(stale[0]!.evidence).toEqual({ actor: 'kgz', version: 1, start, end: start + before.length, text: before });
    expect(stale[0]!.related.map((r) => [r.version, r.text])).toEqual([[2, after]]);
    expect(stale[0]!.message).toContain('confirmed in version 1 stands on a sentence that version 2 no longer holds');
    expect(checked.confirmedFacts).toBe(1);
  });

  it('does not list a confirmed fact whose sentence is still there, or one of the latest version', () => {
    const kept = 'Bishkek trades with Kabul.';
    const start = v1.extraction.text.indexOf(kept);
    const findings = checkProfiles(
      [v2],
      { countries },
      {
        confirmedFacts: [
          fact({
            kind: 'mention',
            payload: { entity: 'kabul' },
            sentence: { text: kept, start, end: start + kept.length },
          }),
          fact({ version: 2, sentence: { text: 'gone', start: 0, end: 4 } }),
        ],
      },
    );
    expect(findings).toEqual([]);
  });
});

describe('event dates across profiles', () => {
  const event = (date: string, sentence: string, text: string): Extraction['events'][number] => {
    const start = text.indexOf(sentence);
    return {
      type: 'visit',
      date,
      actors: ['KAZ', 'taliban'],
      place: 'kabul',
      evidence: { start, end: start + sentence.length },
    };
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

describe("events dated after the death of a party (the gazetteer's `died`)", () => {
  const gazetteer = [
    {
      id: 'mullah-example',
      type: 'person' as const,
      name: 'Mullah Example',
      aliases: [],
      country: null,
      wikidata: null,
      died: '2020-01-03',
    },
    { id: 'living-envoy', type: 'person' as const, name: 'Living Envoy', aliases: [], country: null, wikidata: null },
  ];
  const attack = 'Mullah Example led an attack near Kabul in March 2022.';
  const earlier = 'Mullah Example met Kazakh officials in Kabul in 2019.';
  const sameYear = 'Mullah Example met Kazakh officials in Kabul in 2020.';
  const envoy = 'Living Envoy met Kazakh officials in Kabul in 2023.';
  const lines = ['Kazakhstan', attack, earlier, sameYear, envoy];
  const text = lines.join('\n');
  const at = (sentence: string) => ({ start: text.indexOf(sentence), end: text.indexOf(sentence) + sentence.length });
  const events: Extraction['events'] = [
    { type: 'attack', date: '2022-03', actors: ['mullah-example'], place: 'kabul', evidence: at(attack) },
    { type: 'meeting', date: '2019', actors: ['mullah-example', 'KAZ'], place: 'kabul', evidence: at(earlier) },
    { type: 'meeting', date: '2020', actors: ['mullah-example', 'KAZ'], place: 'kabul', evidence: at(sameYear) },
    { type: 'meeting', date: '2023', actors: ['living-envoy', 'KAZ'], place: 'kabul', evidence: at(envoy) },
  ];

  it('flags only the event wholly later than the death, naming the person and both dates', () => {
    const { findings, checked } = checkCollection([profile('kaz', 'Kazakhstan', lines, [], events)], {
      countries,
      gazetteer,
    });
    expect(findings.map((f) => [f.kind, f.severity, f.evidence.text])).toEqual([
      ['event-after-death', 'warning', attack],
    ]);
    expect(findings[0]!.message).toContain('Mullah Example died 2020-01-03 (gazetteer)');
    expect(findings[0]!.message).toContain('dated 2022-03');
    expect(findings[0]!.reference).toBe('Mullah Example died 2020-01-03');
    expect(findings[0]!.claim).toBe('Mullah Example: a party to an attack dated 2022-03');
    expect(checked.profiles).toBe(1);
  });

  it('reads sources too, and nothing without death dates', () => {
    const source = { ...profile('src-a', 'A report', lines, [], events, { kind: 'source' }) };
    expect(
      checkCollection([], { countries, gazetteer }, { sources: [source] }).findings.map((f) => [f.actor, f.kind]),
    ).toEqual([['src-a', 'event-after-death']]);
    expect(checkCollection([profile('kaz', 'Kazakhstan', lines, [], events)], { countries }).findings).toEqual([]);
  });
});

describe('ReferenceChecks', () => {
  const sentence = 'Kazakhstan and Afghanistan do not share a border.';
  const detail = (p: CheckedProfile, version: number): ActorDetail => ({
    id: p.actor,
    actor: p.extraction.actor,
    version: {
      version,
      hash: `h${version}`,
      sourceName: 'x.txt',
      format: 'text',
      ingestedAt: '2024-01-01T00:00:00Z',
      asOf: null,
    },
    versions: [],
    metadata: { focus: 'AFG' } as ActorDetail['metadata'],
    extraction: p.extraction,
  });

  it('serves findings per actor, caches them by revision, and refuses an unknown actor', async () => {
    const kaz = profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'AFG', true, sentence]]);
    let revision = '1';
    let loads = 0;
    const summary: ActorSummary = {
      id: 'kaz',
      name: 'Kazakhstan',
      country: 'KAZ',
      latestVersion: 1,
      versions: 1,
      asOf: null,
      interests: [],
      sentenceCount: 1,
    };
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
    expect(report.counts).toMatchObject({
      contradictsReference: 0,
      confirmedByReference: 1,
      contradictsProfile: 0,
      conflictingDates: 0,
      contradictsItself: 0,
    });
    expect(report.summary).toEqual({ contradictions: 0, confirmed: 1, changes: 0, staleEvidence: 0 });
    expect(report.checked).toMatchObject({ profiles: 1, versions: 1, sources: 0, relations: 1, borderClaims: 1 });
    await checks.report();
    expect(loads).toBe(1);
    revision = '2';
    await checks.report();
    expect(loads).toBe(2);
    await expect(checks.report('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers the list from the previous revision, marked stale, while one background computation runs', async () => {
    const kaz = profile('kaz', 'Kazakhstan', ['Kazakhstan', sentence], [['KAZ', 'borders', 'AFG', true, sentence]]);
    const summary: ActorSummary = {
      id: 'kaz',
      name: 'Kazakhstan',
      country: 'KAZ',
      latestVersion: 1,
      versions: 1,
      asOf: null,
      interests: [],
      sentenceCount: 1,
    };
    let revision = '1';
    let loads = 0;
    const checks = new ReferenceChecks(
      {
        listActors: async () => (revision === '1' ? [] : [summary]),
        getActor: async () => {
          loads++;
          return detail(kaz, 1);
        },
        revision: async () => revision,
      },
      () => ({ countries }),
    );
    const first = await checks.page({ fresh: true });
    expect([first.findings.length, first.stale]).toEqual([0, undefined]);
    revision = '2';
    const during = await checks.page();
    expect([during.findings.length, during.stale]).toEqual([0, true]);
    // A second request while the computation runs starts no other.
    expect((await checks.page()).stale).toBe(true);
    await checks.settledComputation();
    expect(loads).toBe(1);
    const after = await checks.page();
    expect([after.findings.map((f) => f.kind), after.stale]).toEqual([['confirmed-by-reference'], undefined]);
    revision = '3';
    await checks.refresh();
    await checks.settledComputation();
    expect(loads).toBe(2);
    expect((await checks.page()).stale).toBeUndefined();
    revision = '4';
    expect((await checks.page({ fresh: true })).stale).toBeUndefined();
    expect(loads).toBe(3);
  });

  it('runs one computation at a time; a waiting one gives way to a newer revision; ingests start one', async () => {
    let revision = 1;
    const computed: number[] = [];
    let release = () => {};
    let gate = Promise.resolve();
    const ingestListeners: Array<(event: { outcome: string }) => void> = [];
    const dossier = {
      listActors: async () => {
        const at = revision;
        await gate;
        computed.push(at);
        return [];
      },
      getActor: async (): Promise<ActorDetail> => {
        throw new Error('no actors');
      },
      revision: async () => String(revision),
      onIngestDone: (listener: (event: { outcome: string }) => void) => {
        ingestListeners.push(listener);
        return () => undefined;
      },
    };
    const checks = referenceChecksFor(dossier);
    // Nobody has asked for the list: an ingest computes nothing.
    ingestListeners.forEach((listener) => listener({ outcome: 'created' }));
    await checks.settledComputation();
    expect(computed).toEqual([]);
    await checks.page({ fresh: true });
    gate = new Promise((resolve) => (release = resolve));
    revision = 2;
    expect((await checks.page()).stale).toBe(true); // starts revision 2's computation, held at the gate
    revision = 3;
    expect((await checks.page()).stale).toBe(true); // waits for 2's
    revision = 4;
    ingestListeners.forEach((listener) => listener({ outcome: 'new-version' })); // 4's takes the place of 3's
    ingestListeners.forEach((listener) => listener({ outcome: 'unchanged' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await checks.settledComputation();
    expect(computed).toEqual([1, 2, 4]);
    expect((await checks.page()).stale).toBeUndefined();
  });
});

describe('the whole collection a few milliseconds at a time', () => {
  it('finds what it finds at once, in the order of the list (severity, actor name, version, start, id)', async () => {
    const profiles = Array.from({ length: 400 }, (_, i) => {
      const name = `Land ${(i * 7919) % 1000}`;
      const sentence = i % 2 ? 'Kazakhstan borders Afghanistan.' : 'Kazakhstan does not border Afghanistan.';
      return profile(`p${i}`, name, [name, sentence], [['KAZ', 'borders', 'AFG', i % 2 === 0, sentence]]);
    });
    const atOnce = checkCollection(profiles, { countries });
    expect(await checkCollectionInSlices(profiles, { countries })).toEqual(atOnce);
    expect(atOnce.findings.length).toBe(800);
    const severity = { error: 0, warning: 1, info: 2 };
    const resorted = [...atOnce.findings].sort(
      (a, b) =>
        severity[a.severity] - severity[b.severity] ||
        a.actorName.localeCompare(b.actorName) ||
        a.evidence.version - b.evidence.version ||
        a.evidence.start - b.evidence.start ||
        a.id.localeCompare(b.id),
    );
    expect(atOnce.findings.map((f) => f.id)).toEqual(resorted.map((f) => f.id));
  });
});
