import { describe, it, expect } from 'vitest';
import type { Event, Extraction } from '../model/index.js';
import { extractProfile } from './index.js';
import { eventsAfterDeath } from './stages/fact-time.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], published: string | null = null): Extraction => {
  const document = buildProfileDocument({ actor: 'Tajikistan', country: 'TJK', profile: sentences });
  return extractProfile({ ...document, metadata: { ...document.metadata, published } }, reference);
};
/** "SUBJ predicate OBJ [negated] valid current|past" for each relation. */
const timed = (sentence: string, published: string | null = null): string[] =>
  extract([sentence], published).relations.map(
    (r) =>
      `${r.subject} ${r.predicate} ${r.object}${r.negated ? ' negated' : ''} ${r.valid ?? '-'} ` +
      `${r.current ? 'current' : 'past'}`,
  );

describe('relation time: past cues', () => {
  it('reads a past decade with a past verb as a past fact', () => {
    expect(timed('Saudi Arabia recognized the Taliban government in the 1990s.')).toEqual([
      'SAU recognizes taliban 199X past',
    ]);
  });

  it('reads "used to", "formerly", "had" and "previously" as past, with no invented time', () => {
    expect(timed('Turkmenistan used to export gas to Iran.')).toEqual(['TKM supplies IRN - past']);
    expect(timed('Russia formerly supplied fuel to Afghanistan.')).toEqual(['RUS supplies AFG - past']);
    expect(timed('Qatar had hosted the Taliban for years.')).toEqual(['QAT hosts taliban - past']);
    expect(timed('China previously opposed the Taliban.')).toEqual(['CHN opposes taliban - past']);
  });

  it('reads "no longer" as the fact in the past, not as its denial', () => {
    expect(timed('China no longer exports fertiliser to Afghanistan.')).toEqual(['CHN supplies AFG - past']);
  });

  it('closes the interval at "until" and at a verb that ends the fact', () => {
    expect(timed('Turkmenistan supplied gas to Afghanistan until 2020.')).toEqual(['TKM supplies AFG ../2020 past']);
    expect(timed('Iran ceased to supply electricity to Afghanistan in 2019.')).toEqual([
      'IRN supplies AFG ../2019 past',
    ]);
  });

  it('reads a closed interval as past', () => {
    expect(timed('Between 1997 and 2001 the UAE recognized the Taliban.')).toEqual([
      'ARE recognizes taliban 1997/2001 past',
    ]);
  });
});

describe('relation time: current cues', () => {
  it('keeps a present denial current, with no time', () => {
    expect(timed('Saudi Arabia does not recognize the Taliban government.')).toEqual([
      'SAU recognizes taliban negated - current',
    ]);
    expect(timed("Kyrgyzstan doesn't recognize the Taliban.")).toEqual(['KGZ recognizes taliban negated - current']);
  });

  it('opens the interval at "since" and keeps it current', () => {
    expect(timed('Kyrgyzstan has supplied electricity to Afghanistan since 2022.')).toEqual([
      'KGZ supplies AFG 2022/.. current',
    ]);
  });

  it('opens the interval at a verb that starts a lasting fact', () => {
    expect(timed('Pakistan joined the CASA-1000 project in 2016.')).toEqual([
      'PAK participates_in casa-1000 2016/.. current',
    ]);
  });

  it('reads "now", "currently" and "still" as current', () => {
    expect(timed('Russia now recognizes the Taliban government.')).toEqual(['RUS recognizes taliban - current']);
    expect(timed('Kazakhstan currently supplies flour to Afghanistan.')).toEqual(['KAZ supplies AFG - current']);
    expect(timed('Iran still hosts the Taliban envoy.')).toEqual(['IRN hosts taliban - current']);
  });

  it('keeps a present-perfect verb with a past year current', () => {
    expect(timed('Uzbekistan has opposed the Taliban in 2023 and earlier.')).toEqual([
      'UZB opposes taliban 2023 current',
    ]);
  });
});

describe('relation time: whose time and tense', () => {
  it("takes the tense of the clause's copula for an infinitive", () => {
    expect(timed('In the 1990s Riyadh was one of few capitals to recognize the Taliban government.')).toEqual([
      'SAU recognizes taliban 199X past',
    ]);
  });

  it('opens the interval at "since the 1980s"', () => {
    expect(timed('Iran has hosted the Taliban envoy since the 1980s.')).toEqual(['IRN hosts taliban 198X/.. current']);
  });

  it('does not date a relation by a time of a coordinated verb', () => {
    expect(
      timed('Germany closed its consulate on 2 March 2022 and does not recognize the Taliban government.'),
    ).toEqual(['DEU recognizes taliban negated - current']);
  });

  it('takes a sentence-opening time of its own clause across a subordinate clause, not into an "and" clause', () => {
    expect(timed('In the 1990s, when the Taliban held Kabul, Iran opposed the Taliban.')).toEqual([
      'IRN opposes taliban 199X past',
    ]);
    expect(timed('In 2019, talks stalled, and Uzbekistan supplies electricity to Afghanistan.')).toEqual([
      'UZB supplies AFG - current',
    ]);
  });

  it('gives a border no time but a bound', () => {
    expect(
      timed('The Tajik-Afghan border clashes of May 2023 worried Dushanbe.')
        .filter((line) => line.includes('borders'))
        .every((line) => line.includes(' - current')),
    ).toBe(true);
    expect(timed('Uzbekistan borders Afghanistan in 2024.')).toEqual(['UZB borders AFG - current']);
  });

  it('reads "stopped short of" as a present denial, not an end', () => {
    expect(timed('Berlin has stopped short of recognising the Taliban government.')).toEqual([
      'DEU recognizes taliban negated - current',
    ]);
  });

  it('does not read the passive "be used to" as a past habit', () => {
    expect(
      timed('Kazakhstan wants its grain to be used to supply Afghanistan.').every((line) => line.endsWith('current')),
    ).toBe(true);
  });
});

describe('relation time: negative cases', () => {
  it('leaves an undated fact without a cue at null and current', () => {
    expect(timed('Uzbekistan supplies electricity to Afghanistan.')).toEqual(['UZB supplies AFG - current']);
    expect(timed('Pakistan recognized the Taliban.')).toEqual(['PAK recognizes taliban - current']);
  });

  it('does not date a fact by a time in another clause', () => {
    expect(timed('Talks stalled in 2019; Uzbekistan supplies electricity to Afghanistan.')).toEqual([
      'UZB supplies AFG - current',
    ]);
  });

  it("does not take a target year as the fact's time", () => {
    expect(timed('Kazakhstan will supply wheat to Afghanistan by 2030.')).toEqual(['KAZ supplies AFG - current']);
  });

  it('keeps a past verb current when its time is not before the document date', () => {
    expect(timed('Iran supplied fuel to Afghanistan in 2024.', '2024-05-01')).toEqual([
      'IRN supplies AFG 2024 current',
    ]);
    expect(timed('Iran supplied fuel to Afghanistan in 2022.', '2024-05-01')).toEqual(['IRN supplies AFG 2022 past']);
  });

  it('keeps a fact "until today" current', () => {
    expect(timed('Iran has hosted the Taliban envoy until today.')).toEqual(['IRN hosts taliban - current']);
  });

  it('keeps a past and a current claim apart', () => {
    const lines = extract([
      'Saudi Arabia recognized the Taliban in the 1990s.',
      'Saudi Arabia recognizes the Taliban.',
    ]).relations.map((r) => `${r.valid ?? '-'} ${r.current}`);
    expect(lines).toEqual(['199X false', '- true']);
  });
});

describe('event time', () => {
  it('gives a dated past event its date and keeps it current', () => {
    const [event] = extract(['Uzbekistan hosted a Taliban delegation in March 2022.']).events;
    expect(event).toMatchObject({ valid: '2022-03', current: true });
  });

  it('keeps an event told in the pluperfect current', () => {
    const [event] = extract([
      'Officials from Turkmenistan had visited Kabul in May 2022 before the talks collapsed.',
    ]).events;
    expect(event).toMatchObject({ valid: '2022-05', current: true });
  });

  it('does not read "be used to attack" as a past habit', () => {
    const events = extract(['Russia warned that Afghan soil must not be used to stage attacks on Tajikistan.']).events;
    expect(events.every((event) => event.current !== false)).toBe(true);
  });

  it('marks a past habit as no longer current', () => {
    const [event] = extract(['Tajikistan used to hold joint exercises with Russia near the Afghan border.']).events;
    expect(event).toMatchObject({ type: 'exercise', valid: null, current: false });
  });
});

describe('eventsAfterDeath', () => {
  const event = (date: string | null, actors: string[], valid?: string | null): Event => ({
    type: 'attack',
    date,
    actors,
    place: null,
    evidence: { start: 0, end: 1 },
    ...(valid === undefined ? {} : { valid }),
  });
  const people = {
    gazetteer: [
      { id: 'mullah-example', type: 'person' as const, died: '2020-01-03' },
      { id: 'living-envoy', type: 'person' as const },
      { id: 'taliban', type: 'organization' as const, died: '2001' },
    ],
  };

  it("flags an event dated wholly after a party's death", () => {
    const found = eventsAfterDeath({ events: [event('2022-06', ['AFG', 'mullah-example'])] }, people);
    expect(found).toEqual([
      { index: 0, event: expect.objectContaining({ date: '2022-06' }), person: 'mullah-example', died: '2020-01-03' },
    ]);
  });

  it('reads the valid interval before the date', () => {
    expect(eventsAfterDeath({ events: [event(null, ['mullah-example'], '2021/..')] }, people)).toHaveLength(1);
  });

  it('does not flag the death year itself, undated events, the living or non-people', () => {
    const events = [
      event('2020', ['mullah-example']),
      event('2019-12', ['mullah-example']),
      event(null, ['mullah-example']),
      event('2023', ['living-envoy']),
      event('2023', ['taliban']),
    ];
    expect(eventsAfterDeath({ events }, people)).toEqual([]);
  });
});
