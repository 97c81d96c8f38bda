// Quantities in prose (extraction.md §2): percentages and fractions as shares of one, money in
// ISO 4217 codes (symbols, codes, words, qualifiers, the document's country, multipliers),
// adjectival units, and the numbers that are no quantities.
import { describe, expect, it } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
type Row = [text: string, value: number, unit: string];
const quantitiesIn = (actor: string, country: string | null, sentence: string): Row[] =>
  extractProfile(buildProfileDocument({ actor, country, profile: [sentence] }), reference).quantities.map((q) => [
    q.text,
    q.value,
    q.unit,
  ]);
const quantities = (sentence: string): Row[] => quantitiesIn('Mongolia', 'MNG', sentence);

describe('percentages are shares of one', () => {
  it('reads the sign, the word, "per cent" and "pc" after digits and number words', () => {
    expect(
      quantities(
        'Remittances make up 23% of output, up from 9 percent, while 31 per cent of herders and 6.5 pc of miners ' +
          'are idle.',
      ),
    ).toEqual([
      ['23%', 0.23, 'share'],
      ['9 percent', 0.09, 'share'],
      ['31 per cent', 0.31, 'share'],
      ['6.5 pc', 0.065, 'share'],
    ]);
    expect(
      quantities(
        'Wool prices fell 4.2pc after a 15-per-cent levy and a 60-percent cut; forty percent of yurts lack power.',
      ),
    ).toEqual([
      ['4.2pc', 0.042, 'share'],
      ['15-per-cent', 0.15, 'share'],
      ['60-percent', 0.6, 'share'],
      ['forty percent', 0.4, 'share'],
    ]);
  });

  it('gives values without float noise for every decimal percentage', () => {
    const written: string[] = [];
    for (let tenths = 1; tenths <= 999; tenths += 7) written.push(`${tenths / 10}%`);
    const found = quantities(`Shares of ${written.join(', ')} were logged.`);
    expect(found.map(([text]) => text)).toEqual(written);
    for (const [text, value] of found) {
      // The decimal point moved two places left, as a reader would write it.
      const [whole = '', fraction = ''] = text.slice(0, -1).split('.');
      const expected = Number(`0.${whole.padStart(2, '0')}${fraction}`);
      expect(value, text).toBe(expected);
      expect(String(value).length, text).toBeLessThanOrEqual(7);
    }
  });

  it('does not read percentage points as a share', () => {
    expect(quantities('Turnout rose by 3 percentage points.')).toEqual([]);
  });
});

describe('fractions and ratios are shares', () => {
  it('reads "one in four", "three out of five", "1 in every 6" and fraction words', () => {
    expect(
      quantities('One in four nomads and three out of five camel breeders moved; 1 in every 6 wells failed.'),
    ).toEqual([
      ['One in four', 0.25, 'share'],
      ['three out of five', 0.6, 'share'],
      ['1 in every 6', 1 / 6, 'share'],
    ]);
    expect(
      quantities('Three-quarters of the coal and a fifth of the copper go south, and an eighth of it by rail.'),
    ).toEqual([
      ['Three-quarters', 0.75, 'share'],
      ['a fifth', 0.2, 'share'],
      ['an eighth', 0.125, 'share'],
    ]);
  });

  it('keeps durations, amounts and places out of the fractions', () => {
    expect(
      quantities(
        'Talks lasted half an hour, then a decade and a half passed and two in ten days failed; one in Erdenet stayed.',
      ),
    ).toEqual([]);
    expect(quantities('Half a million migrants and a third of them left.')).toEqual([
      ['Half a million migrants', 5e5, 'people'],
      ['a third', 1 / 3, 'share'],
    ]);
  });
});

describe('money in ISO 4217 codes', () => {
  it('reads symbols, glued prefixes and codes before the amount', () => {
    expect(
      quantities('Bids came at US$45 million, A$12 million, HK$3bn, €750m, £4.5 million and ₽90 billion.'),
    ).toEqual([
      ['US$45 million', 45e6, 'USD'],
      ['A$12 million', 12e6, 'AUD'],
      ['HK$3bn', 3e9, 'HKD'],
      ['€750m', 750e6, 'EUR'],
      ['£4.5 million', 4.5e6, 'GBP'],
      ['₽90 billion', 90e9, 'RUB'],
    ]);
    expect(
      quantities('The fund holds EUR 60 million, RMB 8 billion and $250k; a ₸1.5 trillion budget passed.'),
    ).toEqual([
      ['EUR 60 million', 60e6, 'EUR'],
      ['RMB 8 billion', 8e9, 'CNY'],
      ['$250k', 250e3, 'USD'],
      ['₸1.5 trillion', 1.5e12, 'KZT'],
    ]);
  });

  it('reads currency words after the amount, with multipliers, as units of the currency', () => {
    expect(
      quantities(
        'Herders earned 1.75 billion dollars, 80 million euros, 6 bn yuan, 12 thousand renminbi and 900 million ' +
          'roubles.',
      ),
    ).toEqual([
      ['1.75 billion dollars', 1.75e9, 'USD'],
      ['80 million euros', 80e6, 'EUR'],
      ['6 bn yuan', 6e9, 'CNY'],
      ['12 thousand renminbi', 12e3, 'CNY'],
      ['900 million roubles', 900e6, 'RUB'],
    ]);
    expect(
      quantities(
        'Traders moved 40 billion tenge, 700 million afghanis, 2 trillion soums, 55 million somoni and 300 ' +
          'million AED.',
      ),
    ).toEqual([
      ['40 billion tenge', 40e9, 'KZT'],
      ['700 million afghanis', 700e6, 'AFN'],
      ['2 trillion soums', 2e12, 'UZS'],
      ['55 million somoni', 55e6, 'TJS'],
      ['300 million AED', 300e6, 'AED'],
    ]);
  });

  it('lets a qualifier decide the currency of a shared word', () => {
    expect(
      quantities(
        'Donors gave 15 million Canadian dollars, 8 billion Pakistani rupees, 2 billion Qatari riyals and 900 ' +
          'million Turkmen manat.',
      ),
    ).toEqual([
      ['15 million Canadian dollars', 15e6, 'CAD'],
      ['8 billion Pakistani rupees', 8e9, 'PKR'],
      ['2 billion Qatari riyals', 2e9, 'QAR'],
      ['900 million Turkmen manat', 900e6, 'TMT'],
    ]);
    expect(
      quantities('Bonds of 3 billion Egyptian pounds, 50 million Omani rials and 4 million U.S. dollars sold.'),
    ).toEqual([
      ['3 billion Egyptian pounds', 3e9, 'EGP'],
      ['50 million Omani rials', 50e6, 'OMR'],
      ['4 million U.S. dollars', 4e6, 'USD'],
    ]);
  });

  it("takes a bare shared word's currency from the document's country, else the common reading", () => {
    const sentence = 'The ministry spent 600 million rupees, 90 million riyals and 70 million manat.';
    expect(quantitiesIn('Pakistan', 'PAK', sentence).map(([, , unit]) => unit)).toEqual(['PKR', 'SAR', 'AZN']);
    expect(quantitiesIn('Qatar', 'QAT', sentence).map(([, , unit]) => unit)).toEqual(['INR', 'QAR', 'AZN']);
    expect(quantitiesIn('Turkmenistan', 'TKM', sentence).map(([, , unit]) => unit)).toEqual(['INR', 'SAR', 'TMT']);
    expect(quantitiesIn('Nepal', 'NPL', 'Rs 35 crore and Rs. 4 lakh were paid.')).toEqual([
      ['Rs 35 crore', 35e7, 'NPR'],
      ['Rs. 4 lakh', 4e5, 'NPR'],
    ]);
    // "$" is USD everywhere; "¥" is yuan only in a Chinese document.
    expect(quantitiesIn('Canada', 'CAN', 'Ottawa pledged $80 million.')).toEqual([['$80 million', 80e6, 'USD']]);
    expect(quantitiesIn('China', 'CHN', 'Beijing lent ¥4 billion.')).toEqual([['¥4 billion', 4e9, 'CNY']]);
    expect(quantitiesIn('Japan', 'JPN', 'Tokyo lent ¥4 billion.')).toEqual([['¥4 billion', 4e9, 'JPY']]);
  });

  it('without an actor country, reads a bare shared word by the country the document names most', () => {
    const about = (sentences: string[]): string[] =>
      extractProfile(
        buildProfileDocument({ actor: 'Notes from the road', country: null, profile: sentences }),
        reference,
      ).quantities.map((q) => q.unit);
    expect(about(['In Samarkand and Tashkent, Uzbek traders quoted 90,000 som a sack.'])).toEqual(['UZS']);
    expect(about(['Bishkek wholesalers and Kyrgyz drivers paid 4,500 som a night.'])).toEqual(['KGS']);
    expect(
      about(['Karachi dealers priced it at 800 rupees; Pakistan taxes it.', 'A Delhi firm paid 700 rupees.']),
    ).toEqual(['PKR', 'PKR']);
    expect(about(['Muscat and Oman port fees were 30 rials.'])).toEqual(['OMR']);
    expect(about(['Beijing lent ¥9 billion to the Chinese builders.'])).toEqual(['CNY']);
    // Nothing named, or a tie: the common reading.
    expect(about(['Fees were 30 rials and 200 som.'])).toEqual(['IRR', 'KGS']);
    expect(about(['Tashkent and Bishkek charged 200 som.'])).toEqual(['KGS']);
  });

  it('does not read people, verbs or nouns that look like currencies', () => {
    // Capitalised, "Afghanis" are people (a demonym), never the currency.
    expect(quantities('About 300 Afghanis live in Darkhan.').filter(([, , unit]) => unit === 'AFN')).toEqual([]);
    expect(quantities('The party 12 won was small, and the 5 sum was paid.')).toEqual([]);
    expect(quantities('Seoul sent 40 billion won.')).toEqual([['40 billion won', 40e9, 'KRW']]);
    expect(quantities('Payments of 1,200 Afghan dollars are a myth.')).toEqual([]);
  });
});

describe('adjectival units read as the plain ones', () => {
  it('reads hyphenated amounts before a noun', () => {
    expect(
      quantities('A 2,300-km highway, a 95-mi spur, an 850-kilometre line and a 240-megawatt dam are planned.'),
    ).toEqual([
      ['2,300-km', 2300, 'km'],
      ['95-mi', 95, 'mi'],
      ['850-kilometre', 850, 'km'],
      ['240-megawatt', 240, 'MW'],
    ]);
    expect(quantities('A $3.4-billion smelter and a 7-million-euro school follow a 12-km-long tunnel.')).toEqual([
      ['$3.4-billion', 3.4e9, 'USD'],
      ['7-million-euro', 7e6, 'EUR'],
      ['12-km', 12, 'km'],
    ]);
    expect(quantities('A 250-pound bomb hit a 20-year-old depot.')).toEqual([['250-pound', 250, 'lb']]);
  });

  it('reads units glued to digits', () => {
    expect(quantities('The 410km railway feeds a 60MW plant.')).toEqual([
      ['410km', 410, 'km'],
      ['60MW', 60, 'MW'],
    ]);
  });
});

describe('counts of people and durations', () => {
  it('counts a plural demonym after adjectives', () => {
    expect(quantities('Some 2,400 stranded Kazakhs and 650 newly arrived Pakistanis waited.')).toEqual([
      ['2,400 stranded Kazakhs', 2400, 'people'],
      ['650 newly arrived Pakistanis', 650, 'people'],
    ]);
    // A bare number word before an adjective and a demonym counts nobody ("one day ...").
    expect(quantities('One day Pakistanis may return.')).toEqual([]);
  });

  it('reads durations as no quantities, but counts other things', () => {
    expect(quantities('Checks took 12 days, then 3 weeks, over 40 years; 18 lorries crossed.')).toEqual([
      ['18 lorries', 18, 'lorries'],
    ]);
  });
});

describe('numbers that are no quantities', () => {
  it('skips names, codes, years, ordinals, decades and phone numbers', () => {
    expect(
      quantities('Route 9 and the G7 met over COVID-19, Su-25 jets and the 3rd convoy of the 1980s in 2019.'),
    ).toEqual([]);
    expect(quantities('Call +976 11 312 456 or 1-800-555-0199 for Unit 731.')).toEqual([]);
  });

  it('skips vague multiples', () => {
    expect(quantities('Several hundred herders and a few dozen miners left.')).toEqual([]);
  });
});
