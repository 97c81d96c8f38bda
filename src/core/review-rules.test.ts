// The review rules decided in core: exact unambiguous gazetteer names and dates written in full
// are confirmed, and their look-alikes are not (a shared alias, a short alias, a qualified or
// resolved date, a month taken for a name, a coreference, a detected name).
import { describe, expect, it } from 'vitest';
import type { CountryRecord, Extraction, GazetteerEntry, Mention, ReferenceData, Time } from '../model/index.js';
import { bundledReferenceData } from './profile-pipeline.js';
import {
  decideReviewRules,
  isExactGazetteerMention,
  isExplicitDate,
  plainCalendarValue,
  reviewRules,
} from './review-rules.js';

const entry = (
  id: string,
  name: string,
  aliases: string[] = [],
  type: GazetteerEntry['type'] = 'organization',
): GazetteerEntry => ({
  id,
  type,
  name,
  aliases,
  country: null,
  wikidata: null,
});

const country = (id: string, name: string, extra: Partial<CountryRecord> = {}): CountryRecord => ({
  id,
  iso2: id.slice(0, 2),
  name,
  officialName: name,
  aliases: [],
  demonyms: [],
  capital: null,
  borders: [],
  latlng: null,
  region: '',
  subregion: '',
  wikidata: null,
  ...extra,
});

const reference: ReferenceData = {
  countries: [country('GEO', 'Georgia', { demonyms: ['Georgian'] }), country('JOR', 'Jordan')],
  gazetteer: [
    entry('taliban', 'Taliban', ['Islamic Emirate of Afghanistan']),
    entry('tapi', 'TAPI', ['TAPI pipeline', 'TAPI Gas Pipeline'], 'project'),
    entry('un', 'United Nations', ['UN', 'U.N.']),
    // Two entries share the alias "ECO".
    entry('economic-cooperation-organization', 'Economic Cooperation Organization', ['ECO']),
    entry('eco-party', 'Ecological Party', ['ECO']),
    // A gazetteer name a country also claims (case and punctuation aside).
    entry('georgia-state', 'Georgia', [], 'place'),
    entry('theresa-may', 'Theresa May', ['May'], 'person'),
    entry('jordan-river', 'Jordan River', ['Jordan'], 'place'),
  ],
};

/** An extraction of `text` with the given mentions and times (everything else empty). */
function extractionOf(text: string, items: { mentions?: Mention[]; times?: Time[] }): Extraction {
  const mentions = items.mentions ?? [];
  return {
    kind: 'profile',
    text,
    actor: { name: 'Testland', country: null },
    sections: [],
    interests: [],
    sentences: [{ start: 0, end: text.length }],
    mentions,
    entities: [...new Set(mentions.map((m) => m.entity))].map((id) => {
      const known = reference.gazetteer.find((e) => e.id === id);
      return { id, type: known?.type ?? 'organization', name: known?.name ?? id, country: null, wikidata: null };
    }),
    times: items.times ?? [],
    quantities: [],
    events: [],
    relations: [],
    posture: null,
  };
}

/** A mention of the first occurrence of `words` in `text`. */
function mentionIn(
  text: string,
  words: string,
  entity: string,
  type: Mention['type'] = 'organization',
  extra: Partial<Mention> = {},
): Mention {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in the text`);
  return { start, end: start + words.length, text: words, type, entity, country: null, ...extra };
}

function timeIn(text: string, words: string, value: string, extra: Partial<Time> = {}): Time {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in the text`);
  return { start, end: start + words.length, text: words, value, ...extra };
}

const mentionConfirmed = (text: string, mention: Mention): boolean =>
  isExactGazetteerMention(mention, extractionOf(text, { mentions: [mention] }), reference);
const timeConfirmed = (text: string, time: Time): boolean => isExplicitDate(time, text);

describe('rule:exact-gazetteer', () => {
  it('confirms a gazetteer name or alias written exactly, that nothing else claims', () => {
    const text = 'The Taliban met the United Nations about the TAPI pipeline.';
    expect(mentionConfirmed(text, mentionIn(text, 'Taliban', 'taliban'))).toBe(true);
    expect(mentionConfirmed(text, mentionIn(text, 'United Nations', 'un'))).toBe(true);
    expect(mentionConfirmed(text, mentionIn(text, 'TAPI pipeline', 'tapi', 'project'))).toBe(true);
  });

  it('leaves an alias two entries share, and a name a country also claims', () => {
    const text = 'ECO members met in Georgia.';
    expect(mentionConfirmed(text, mentionIn(text, 'ECO', 'economic-cooperation-organization'))).toBe(false);
    expect(mentionConfirmed(text, mentionIn(text, 'Georgia', 'georgia-state', 'place'))).toBe(false);
    const river = 'Water from the Jordan.';
    expect(mentionConfirmed(river, mentionIn(river, 'Jordan', 'jordan-river', 'place'))).toBe(false);
  });

  it('leaves a 2-letter alias, other words than the name (case, a variant), and a month taken for a name', () => {
    const text = 'The UN and the taliban and the Talibans. In May talks resumed.';
    expect(mentionConfirmed(text, mentionIn(text, 'UN', 'un'))).toBe(false);
    expect(mentionConfirmed(text, mentionIn(text, 'taliban', 'taliban'))).toBe(false);
    expect(mentionConfirmed(text, mentionIn(text, 'Talibans', 'taliban'))).toBe(false);
    expect(mentionConfirmed(text, mentionIn(text, 'May', 'theresa-may', 'person'))).toBe(false);
  });

  it(
    'leaves a coreference, a detected name, a mention of another ' + 'type, words that are not the text, and a country',
    () => {
      const text = 'The Taliban said the movement would talk; Taliban Khan spoke.';
      expect(
        mentionConfirmed(text, mentionIn(text, 'the movement', 'taliban', 'organization', { via: 'coreference' })),
      ).toBe(false);
      expect(mentionConfirmed(text, { ...mentionIn(text, 'Taliban', 'taliban'), via: 'coreference' })).toBe(false);
      expect(mentionConfirmed(text, mentionIn(text, 'Taliban', 'taliban', 'person'))).toBe(false);
      expect(mentionConfirmed(text, mentionIn(text, 'Taliban Khan', 'taliban-khan', 'person'))).toBe(false);
      // A detected name that was given the id of a gazetteer entry is not that entry.
      const detected = extractionOf(text, { mentions: [mentionIn(text, 'Taliban', 'taliban')] });
      detected.entities = [
        { id: 'taliban', type: 'organization', name: 'Taliban Khan', country: null, wikidata: null },
      ];
      expect(isExactGazetteerMention(detected.mentions[0]!, detected, reference)).toBe(false);
      expect(mentionConfirmed(text, { ...mentionIn(text, 'The Taliban', 'taliban'), text: 'Taliban' })).toBe(false);
      expect(mentionConfirmed('Georgia said', mentionIn('Georgia said', 'Georgia', 'GEO', 'country'))).toBe(false);
    },
  );

  it(
    'uses the bundled gazetteer: the city named "Herat" is ' + 'confirmed, the province the words do not name is not',
    () => {
      const bundled = bundledReferenceData();
      const text = 'Herat was calm.';
      const linkedTo = (id: string): boolean => {
        const found = bundled.gazetteer.find((e) => e.id === id)!;
        const x = extractionOf(text, { mentions: [mentionIn(text, 'Herat', id, found.type)] });
        x.entities = [{ id, type: found.type, name: found.name, country: found.country, wikidata: found.wikidata }];
        return isExactGazetteerMention(x.mentions[0]!, x, bundled);
      };
      expect(linkedTo('herat')).toBe(true);
      expect(linkedTo('herat-province')).toBe(false);
    },
  );
});

describe('rule:explicit-date', () => {
  it('reads plain calendar expressions with a four-digit year on its own', () => {
    expect(plainCalendarValue('2021')).toBe('2021');
    expect(plainCalendarValue('December 2022')).toBe('2022-12');
    expect(plainCalendarValue('15 August 2021')).toBe('2021-08-15');
    expect(plainCalendarValue('August 15, 2021')).toBe('2021-08-15');
    expect(plainCalendarValue('August 15 2021')).toBe('2021-08-15');
    expect(plainCalendarValue('1990s')).toBe('199X');
    for (const words of [
      'late 2023',
      'mid-2021',
      'early September 2021',
      'May',
      '30 January',
      'Aug 2021',
      '15th August 2021',
      '31 February 2021',
      '2021–2023',
      'spring 2022',
      '21',
      '9999',
      '1500s',
      'december 2022',
    ]) {
      expect(plainCalendarValue(words), words).toBeNull();
    }
  });

  it('confirms a date written in full whose value is what the words say', () => {
    const text =
      'In December 2022 and on 15 August 2021, since the 1990s, the 2008 bombing, the attacks of 11 September 2001.';
    expect(timeConfirmed(text, timeIn(text, 'December 2022', '2022-12'))).toBe(true);
    expect(timeConfirmed(text, timeIn(text, '15 August 2021', '2021-08-15'))).toBe(true);
    expect(timeConfirmed(text, timeIn(text, '2008', '2008'))).toBe(true);
    expect(timeConfirmed(text, timeIn(text, '11 September 2001', '2001-09-11'))).toBe(true);
    const decade = 'Trade grew in the 1990s.';
    expect(timeConfirmed(decade, timeIn(decade, '1990s', '199X'))).toBe(true);
  });

  it(
    'leaves "late 2023", a qualified or continued date, a resolved date, a yearless "May", and a value the words ' +
      'do not give',
    () => {
      const text =
        'In late 2023 talks, mid-2021, before 2021, since August 2021, the end of 2021, 2019–2021, 2021 onwards, ' +
        '2022 or so.';
      expect(timeConfirmed(text, timeIn(text, 'late 2023', '2023'))).toBe(false);
      expect(timeConfirmed(text, timeIn(text, '2021', '2021'))).toBe(false); // "mid-2021"
      expect(
        timeConfirmed(text, {
          ...timeIn(text, 'before 2021', '2021'),
          start: text.indexOf('before 2021') + 7,
          text: '2021',
        }),
      ).toBe(false);
      expect(timeConfirmed(text, timeIn(text, 'August 2021', '2021-08'))).toBe(false); // after "since"
      expect(
        timeConfirmed(text, { ...timeIn(text, 'of 2021', '2021'), start: text.indexOf('of 2021') + 3, text: '2021' }),
      ).toBe(false);
      expect(timeConfirmed(text, timeIn(text, '2019', '2019'))).toBe(false);
      const onwards = text.indexOf('2021 onwards');
      expect(timeConfirmed(text, { start: onwards, end: onwards + 4, text: '2021', value: '2021' })).toBe(false);
      const orSo = text.indexOf('2022 or so');
      expect(timeConfirmed(text, { start: orSo, end: orSo + 4, text: '2022', value: '2022' })).toBe(false);

      const resolved = 'Talks were held on 30 January 2024 and in May.';
      expect(timeConfirmed(resolved, timeIn(resolved, '30 January 2024', '2024-01-30', { resolved: 'context' }))).toBe(
        false,
      );
      expect(timeConfirmed(resolved, timeIn(resolved, 'May', '2024-05', { resolved: 'document-date' }))).toBe(false);
      expect(timeConfirmed(resolved, timeIn(resolved, 'May', '2024-05'))).toBe(false);
      expect(timeConfirmed(resolved, timeIn(resolved, '30 January 2024', '2024-01'))).toBe(false);
      expect(
        timeConfirmed(resolved, { ...timeIn(resolved, '30 January 2024', '2024-01-30'), text: '30 January' }),
      ).toBe(false);
    },
  );
});

describe('decideReviewRules', () => {
  it('names mentions and times by their index in the extraction, and nothing of another kind', () => {
    const text = 'The Taliban met the UN in December 2022; ECO spoke in late 2023.';
    const x = extractionOf(text, {
      mentions: [
        mentionIn(text, 'UN', 'un'),
        mentionIn(text, 'Taliban', 'taliban'),
        mentionIn(text, 'ECO', 'eco-party'),
      ],
      times: [timeIn(text, 'late 2023', '2023'), timeIn(text, 'December 2022', '2022-12')],
    });
    x.relations = [
      { subject: 'taliban', predicate: 'opposes', object: 'un', negated: false, evidence: { start: 0, end: 10 } },
    ];
    x.quantities = [{ start: 0, end: 4, text: 'The ', value: 1, unit: 'x' }];
    expect(decideReviewRules(x, reference)).toEqual([
      { kind: 'mention', index: 1, rule: reviewRules.exactGazetteer },
      { kind: 'time', index: 1, rule: reviewRules.explicitDate },
    ]);
  });
});
