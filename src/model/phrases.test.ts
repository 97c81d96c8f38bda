// The phrase table: every relation predicate × negated × tense as exact English, the time a
// relation holds, event headlines for every type with 0–3 parties and with or without a place, and
// the served table's shape.
import { describe, expect, it } from 'vitest';
import { describeEdtf } from './edtf.js';
import { eventTypes, relationPredicates, type Event, type Relation } from './extraction.js';
import {
  describeTime,
  eventHeadline,
  listNames,
  PhraseTableSchema,
  phraseTable,
  relationLabel,
  relationSentence,
  relationTense,
  relationTime,
  relationVerb,
} from './phrases.js';

type RelationPredicate = Relation['predicate'];
type EventType = Event['type'];

// predicate → [present, present negated, past, past negated, perfect, perfect negated]
const expectedVerbs: Record<RelationPredicate, [string, string, string, string, string, string]> = {
  borders: ['borders', 'does not border', 'bordered', 'did not border', 'has bordered', 'has not bordered'],
  supplies: ['supplies', 'does not supply', 'supplied', 'did not supply', 'has supplied', 'has not supplied'],
  interested_in: [
    'is interested in',
    'is not interested in',
    'was interested in',
    'was not interested in',
    'has been interested in',
    'has not been interested in',
  ],
  participates_in: [
    'participates in',
    'does not participate in',
    'participated in',
    'did not participate in',
    'has participated in',
    'has not participated in',
  ],
  leads: ['leads', 'does not lead', 'led', 'did not lead', 'has led', 'has not led'],
  member_of: [
    'is a member of',
    'is not a member of',
    'was a member of',
    'was not a member of',
    'has been a member of',
    'has not been a member of',
  ],
  provides_aid_to: [
    'provides aid to',
    'does not provide aid to',
    'provided aid to',
    'did not provide aid to',
    'has provided aid to',
    'has not provided aid to',
  ],
  hosts: ['hosts', 'does not host', 'hosted', 'did not host', 'has hosted', 'has not hosted'],
  recognizes: [
    'recognises',
    'does not recognise',
    'recognised',
    'did not recognise',
    'has recognised',
    'has not recognised',
  ],
  opposes: ['opposes', 'does not oppose', 'opposed', 'did not oppose', 'has opposed', 'has not opposed'],
};

describe('relation verbs', () => {
  it('covers every predicate of the extraction contract', () => {
    expect(Object.keys(phraseTable.relations).sort()).toEqual([...relationPredicates].sort());
    expect(Object.keys(expectedVerbs).sort()).toEqual([...relationPredicates].sort());
  });

  for (const predicate of relationPredicates) {
    const [present, presentNegated, past, pastNegated, perfect, perfectNegated] = expectedVerbs[predicate]!;
    it(`${predicate}: current and past, affirmed and negated`, () => {
      expect(relationVerb({ predicate, negated: false })).toBe(present);
      expect(relationVerb({ predicate, negated: true })).toBe(presentNegated);
      expect(relationVerb({ predicate, negated: false, current: true, valid: null })).toBe(present);
      expect(relationVerb({ predicate, negated: true, current: true, valid: null })).toBe(presentNegated);
      expect(relationVerb({ predicate, negated: false, current: false })).toBe(past);
      expect(relationVerb({ predicate, negated: true, current: false })).toBe(pastNegated);
      expect(relationVerb({ predicate, negated: false, current: true, valid: '2019/..' })).toBe(perfect);
      expect(relationVerb({ predicate, negated: true, current: true, valid: '2019/..' })).toBe(perfectNegated);
    });
  }

  it('never writes the hand-made "does not <third person>" forms', () => {
    for (const predicate of relationPredicates)
      for (const negated of [false, true])
        for (const current of [true, false]) {
          const verb = relationVerb({ predicate, negated, current });
          expect(verb).not.toMatch(/\b(?:does|did) not \w+s\b/);
          expect(verb).not.toContain('_');
          expect(verb).not.toMatch(/recogniz/);
        }
  });
});

describe('the time a relation holds', () => {
  it('chooses the tense from current and valid', () => {
    expect(relationTense({ current: false, valid: '2003/2009' })).toBe('past');
    expect(relationTense({ current: true, valid: '2014-03/..' })).toBe('perfect');
    expect(relationTense({ current: true, valid: '2024-05' })).toBe('present');
    expect(relationTense({})).toBe('present');
  });

  it('says a past time as a period, a day, an interval or an open end', () => {
    expect(relationTime({ current: false, valid: '198X' })).toBe('in the 1980s');
    expect(relationTime({ current: false, valid: '2007' })).toBe('in 2007');
    expect(relationTime({ current: false, valid: '2011-02' })).toBe('in February 2011');
    expect(relationTime({ current: false, valid: '2011-23' })).toBe('in autumn 2011');
    expect(relationTime({ current: false, valid: '2011-02-09' })).toBe('on 9 February 2011');
    expect(relationTime({ current: false, valid: '19XX' })).toBe('in the 20th century');
    expect(relationTime({ current: false, valid: '1994/2003' })).toBe('(1994–2003)');
    expect(relationTime({ current: false, valid: '1994-06/..' })).toBe('from June 1994');
    expect(relationTime({ current: false, valid: '../2003' })).toBe('until 2003');
    expect(relationTime({ current: false, valid: null })).toBeNull();
  });

  it('gives a current fact its start or interval, not the date it is stated', () => {
    expect(relationTime({ current: true, valid: '2016/..' })).toBe('since 2016');
    expect(relationTime({ current: true, valid: '2016/2030' })).toBe('(2016–2030)');
    expect(relationTime({ current: true, valid: '2025-01' })).toBeNull();
    expect(relationTime({ valid: null })).toBeNull();
  });

  it('labels and sentences', () => {
    expect(relationLabel({ predicate: 'recognizes', negated: false, current: false, valid: '1997/2002' })).toBe(
      'recognised (1997–2002)',
    );
    expect(relationLabel({ predicate: 'recognizes', negated: false, current: false, valid: '199X' })).toBe(
      'recognised in the 1990s',
    );
    expect(relationLabel({ predicate: 'borders', negated: true })).toBe('does not border');
    expect(relationLabel({ predicate: 'member_of', negated: false, current: true, valid: '2012/..' })).toBe(
      'has been a member of since 2012',
    );
    expect(
      relationSentence('Qatar', { predicate: 'hosts', negated: false, current: false, valid: '2020-09' }, 'the talks'),
    ).toBe('Qatar hosted the talks in September 2020');
    expect(
      relationSentence('Mongolia', { predicate: 'borders', negated: true, current: true, valid: null }, 'Kazakhstan'),
    ).toBe('Mongolia does not border Kazakhstan');
    expect(
      relationSentence(
        'Turkey',
        { predicate: 'opposes', negated: true, current: true, valid: '2018/..' },
        'the embargo',
      ),
    ).toBe('Turkey has not opposed the embargo since 2018');
  });

  it('describes single times as describeEdtf does', () => {
    for (const value of ['2021', '2021-10', '2021-10-05', '2021-22', '199X', '20XX', '18XX', '21XX'])
      expect(describeTime(value)).toBe(describeEdtf(value));
  });
});

// [type, number of parties, with a place, headline]
const expectedHeadlines: Array<[EventType, number, boolean, string]> = [
  ['visit', 0, false, 'A visit'],
  ['visit', 0, true, 'A visit to Ulaanbaatar'],
  ['visit', 1, false, 'Mongolia made a visit'],
  ['visit', 1, true, 'Mongolia visited Ulaanbaatar'],
  ['visit', 2, false, 'A visit involving Mongolia and the SCO'],
  ['visit', 2, true, 'A visit to Ulaanbaatar involving Mongolia and the SCO'],
  ['visit', 3, false, 'A visit involving Mongolia, Qatar and the SCO'],
  ['visit', 3, true, 'A visit to Ulaanbaatar involving Mongolia, Qatar and the SCO'],
  ['delegation', 0, false, 'A delegation'],
  ['delegation', 0, true, 'A delegation to Ulaanbaatar'],
  ['delegation', 1, false, 'Mongolia sent a delegation'],
  ['delegation', 1, true, 'Mongolia sent a delegation to Ulaanbaatar'],
  ['delegation', 2, false, 'A delegation involving Mongolia and the SCO'],
  ['delegation', 2, true, 'A delegation to Ulaanbaatar involving Mongolia and the SCO'],
  ['delegation', 3, false, 'A delegation involving Mongolia, Qatar and the SCO'],
  ['delegation', 3, true, 'A delegation to Ulaanbaatar involving Mongolia, Qatar and the SCO'],
  ['meeting', 0, false, 'A meeting'],
  ['meeting', 0, true, 'A meeting in Ulaanbaatar'],
  ['meeting', 1, false, 'Mongolia held a meeting'],
  ['meeting', 1, true, 'Mongolia held a meeting in Ulaanbaatar'],
  ['meeting', 2, false, 'Mongolia and the SCO met'],
  ['meeting', 2, true, 'Mongolia and the SCO met in Ulaanbaatar'],
  ['meeting', 3, false, 'Mongolia, Qatar and the SCO met'],
  ['meeting', 3, true, 'Mongolia, Qatar and the SCO met in Ulaanbaatar'],
  ['aid', 0, false, 'Aid'],
  ['aid', 0, true, 'Aid to Ulaanbaatar'],
  ['aid', 1, false, 'Aid involving Mongolia'],
  ['aid', 1, true, 'Aid to Ulaanbaatar involving Mongolia'],
  ['aid', 2, false, 'Aid involving Mongolia and the SCO'],
  ['aid', 2, true, 'Aid to Ulaanbaatar involving Mongolia and the SCO'],
  ['aid', 3, false, 'Aid involving Mongolia, Qatar and the SCO'],
  ['aid', 3, true, 'Aid to Ulaanbaatar involving Mongolia, Qatar and the SCO'],
  ['statement', 0, false, 'A statement'],
  ['statement', 0, true, 'A statement in Ulaanbaatar'],
  ['statement', 1, false, 'Mongolia made a statement'],
  ['statement', 1, true, 'Mongolia made a statement in Ulaanbaatar'],
  ['statement', 2, false, 'A statement involving Mongolia and the SCO'],
  ['statement', 2, true, 'A statement in Ulaanbaatar involving Mongolia and the SCO'],
  ['statement', 3, false, 'A statement involving Mongolia, Qatar and the SCO'],
  ['statement', 3, true, 'A statement in Ulaanbaatar involving Mongolia, Qatar and the SCO'],
  ['agreement', 0, false, 'An agreement'],
  ['agreement', 0, true, 'An agreement signed in Ulaanbaatar'],
  ['agreement', 1, false, 'Mongolia signed an agreement'],
  ['agreement', 1, true, 'Mongolia signed an agreement in Ulaanbaatar'],
  ['agreement', 2, false, 'Mongolia and the SCO signed an agreement'],
  ['agreement', 2, true, 'Mongolia and the SCO signed an agreement in Ulaanbaatar'],
  ['agreement', 3, false, 'Mongolia, Qatar and the SCO signed an agreement'],
  ['agreement', 3, true, 'Mongolia, Qatar and the SCO signed an agreement in Ulaanbaatar'],
  ['exercise', 0, false, 'Exercises'],
  ['exercise', 0, true, 'Exercises in Ulaanbaatar'],
  ['exercise', 1, false, 'Mongolia held exercises'],
  ['exercise', 1, true, 'Mongolia held exercises in Ulaanbaatar'],
  ['exercise', 2, false, 'Mongolia and the SCO held exercises'],
  ['exercise', 2, true, 'Mongolia and the SCO held exercises in Ulaanbaatar'],
  ['exercise', 3, false, 'Mongolia, Qatar and the SCO held exercises'],
  ['exercise', 3, true, 'Mongolia, Qatar and the SCO held exercises in Ulaanbaatar'],
  ['attack', 0, false, 'An attack'],
  ['attack', 0, true, 'An attack in Ulaanbaatar'],
  ['attack', 1, false, 'An attack involving Mongolia'],
  ['attack', 1, true, 'An attack in Ulaanbaatar involving Mongolia'],
  ['attack', 2, false, 'An attack involving Mongolia and the SCO'],
  ['attack', 2, true, 'An attack in Ulaanbaatar involving Mongolia and the SCO'],
  ['attack', 3, false, 'An attack involving Mongolia, Qatar and the SCO'],
  ['attack', 3, true, 'An attack in Ulaanbaatar involving Mongolia, Qatar and the SCO'],
];

describe('event headlines', () => {
  const parties = ['Mongolia', 'Qatar', 'the SCO'];
  const sets: Record<number, string[]> = { 0: [], 1: ['Mongolia'], 2: ['Mongolia', 'the SCO'], 3: parties };

  it('covers every event type with 0, 1, 2 and 3 parties, with and without a place', () => {
    expect(Object.keys(phraseTable.events).sort()).toEqual([...eventTypes].sort());
    expect(new Set(expectedHeadlines.map(([type]) => type))).toEqual(new Set(eventTypes));
    expect(expectedHeadlines).toHaveLength(eventTypes.length * 8);
  });

  for (const [type, count, placed, headline] of expectedHeadlines)
    it(`${type}, ${count} part${count === 1 ? 'y' : 'ies'}${placed ? ', with a place' : ''}`, () => {
      expect(eventHeadline({ type, parties: sets[count]!, place: placed ? 'Ulaanbaatar' : null })).toBe(headline);
    });

  it('names a party that is also the place once, and a repeated party once', () => {
    expect(eventHeadline({ type: 'visit', parties: ['Oman', 'Muscat'], place: 'Muscat' })).toBe('Oman visited Muscat');
    expect(eventHeadline({ type: 'meeting', parties: ['Iran', 'Iraq', 'Iran'], place: null })).toBe(
      'Iran and Iraq met',
    );
  });

  it('fills names literally (braces in a name are not templates)', () => {
    expect(eventHeadline({ type: 'exercise', parties: ['{place}'], place: 'Herat' })).toBe(
      '{place} held exercises in Herat',
    );
  });

  it('lists names the British way, without a serial comma', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['Chad'])).toBe('Chad');
    expect(listNames(['Chad', 'Niger', 'Mali', 'Sudan'])).toBe('Chad, Niger, Mali and Sudan');
  });
});

describe('the served table', () => {
  it('is valid JSON of its schema and survives a round trip', () => {
    const served = JSON.parse(JSON.stringify(phraseTable)) as unknown;
    const table = PhraseTableSchema.parse(served);
    expect(relationLabel({ predicate: 'supplies', negated: true, current: false, valid: '2001/2004' }, table)).toBe(
      'did not supply (2001–2004)',
    );
    expect(eventHeadline({ type: 'delegation', parties: ['Ghana'], place: 'Accra' }, table)).toBe(
      'Ghana sent a delegation to Accra',
    );
  });
});
