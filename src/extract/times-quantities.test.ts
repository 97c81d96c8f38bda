import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[]) =>
  extractProfile(buildProfileDocument({ actor: 'Tajikistan', country: 'TJK', profile: sentences }), reference);
const times = (sentence: string) => extract([sentence]).times.map((t) => [t.text, t.value]);
const quantities = (sentence: string) => extract([sentence]).quantities.map((q) => [q.text, q.value, q.unit]);

describe('times', () => {
  it('normalises explicit dates to EDTF', () => {
    expect(times('Talks resumed on 15 August 2022 and again on March 3, 2023.')).toEqual([
      ['15 August 2022', '2022-08-15'],
      ['March 3, 2023', '2023-03-03'],
    ]);
    expect(times('The border reopened in June 2022.')).toEqual([['June 2022', '2022-06']]);
  });

  it('keeps vague parts in the span and the named unit in the value', () => {
    expect(times('A convoy left in mid-March 2022, and another in early 2023.')).toEqual([
      ['mid-March 2022', '2022-03'],
      ['early 2023', '2023'],
    ]);
    expect(times('Fighting peaked in the spring of 2021.')).toEqual([['spring of 2021', '2021-21']]);
  });

  it('reads decades, year lists and intervals', () => {
    expect(times('Dushanbe backed the Northern Alliance in the 1990s.')).toEqual([['1990s', '199X']]);
    expect(times('Floods struck in 1999 and 2000.')).toEqual([
      ['1999', '1999'],
      ['2000', '2000'],
    ]);
    expect(times('Trade has fallen since August 2021.')).toEqual([['August 2021', '2021-08']]);
  });

  it('dates reference events and turns after/before into EDTF intervals', () => {
    expect(times('After the fall of Kabul, refugees arrived.')).toEqual([['After the fall of Kabul', '2021-08-15/..']]);
    expect(times('Before the Taliban takeover, trade was larger.')).toEqual([
      ['Before the Taliban takeover', '../2021-08-15'],
    ]);
    // The agreement's name is a document, never a time; as the anchor of "after" it dates an interval.
    expect(times('The Doha Agreement changed everything.')).toEqual([]);
    expect(times('After the Doha Agreement, talks began.')).toEqual([['After the Doha Agreement', '2020-02-29/..']]);
  });

  it('never reads a number inside a name as a time', () => {
    expect(times('Strategy 2050 and Resolution 2593 mention CASA-1000 and the 201st Military Base.')).toEqual([]);
    expect(times('may march')).toEqual([]);
  });
});

describe('quantities', () => {
  it('reads lengths with hyphenated units', () => {
    expect(quantities('Tajikistan shares a 1,357-kilometer border with Afghanistan.')).toEqual([
      ['1,357-kilometer', 1357, 'km'],
    ]);
  });

  it('reads power, gas, money and percentages', () => {
    expect(quantities('CASA-1000 will carry 1,300 megawatts.')).toEqual([['1,300 megawatts', 1300, 'MW']]);
    expect(quantities('It could ship 33 billion cubic meters a year.')).toEqual([
      ['33 billion cubic meters', 33, 'bcm'],
    ]);
    expect(quantities('The project costs $1.2 billion, 40 percent more.')).toEqual([
      ['$1.2 billion', 1.2e9, 'USD'],
      ['40 percent', 0.4, 'share'],
    ]);
    expect(quantities('About 2 million tons of wheat moved.')).toEqual([['2 million tons', 2e6, 't']]);
  });

  it('reads shares and counted people', () => {
    expect(quantities('Nearly a third of the electricity and half of the flour come from abroad.')).toEqual([
      ['a third', 1 / 3, 'share'],
      ['half', 0.5, 'share'],
    ]);
    expect(quantities('Two-thirds of traders and a quarter of them agreed.')).toEqual([
      ['Two-thirds', 2 / 3, 'share'],
      ['a quarter', 0.25, 'share'],
    ]);
    expect(quantities('More than 5,000 refugees and 300 people crossed; one million Afghans wait.')).toEqual([
      ['5,000 refugees', 5000, 'people'],
      ['300 people', 300, 'people'],
      ['one million Afghans', 1e6, 'people'],
    ]);
  });

  it('does not read ordinals or names as quantities', () => {
    expect(quantities('In the first half of 2022 a third country joined the 201st division.')).toEqual([]);
  });
});

describe('time ranges, qualified years and counts of persons', () => {
  it(
    'reads ranges as intervals, "mid-2023" as its year, keeps ' + 'the article outside, and no time inside a name',
    async () => {
      const { extractProfile } = await import('./index.js');
      const { buildProfileDocument } = await import('./test-support/profile-document-builder.js');
      const { buildReference, commonEntries } = await import('./test-support/reference-builder.js');
      const result = extractProfile(
        buildProfileDocument({
          actor: 'Japan',
          country: 'JPN',
          profile: [
            'Between 2002 and 2021 it gave aid, from 2010 to 2014 more and in 2016–2018 less.',
            'Arrests in mid-2023 and by the end of 2022 followed, in 2022 and 2023, under Vision 2030 and CASA-1000.',
            'Some 59 soldiers and five diplomats died, and 12 trucks crossed.',
          ],
        }),
        buildReference(commonEntries),
      );
      expect(result.times.map((t) => [t.text, t.value])).toEqual([
        ['Between 2002 and 2021', '2002/2021'],
        ['from 2010 to 2014', '2010/2014'],
        ['2016–2018', '2016/2018'],
        ['mid-2023', '2023'],
        ['end of 2022', '2022'],
        ['2022', '2022'],
        ['2023', '2023'],
      ]);
      expect(result.quantities.map((q) => [q.text, q.value, q.unit])).toEqual([
        ['59 soldiers', 59, 'people'],
        ['five diplomats', 5, 'people'],
        ['12 trucks', 12, 'trucks'],
      ]);
    },
  );
});

describe('earlier years, halves and counts of people with modifiers', () => {
  it('reads years before 1900 only with a date cue, and ranges back to the 19th century', () => {
    expect(times('Britain fought three wars between 1839 and 1919, and the line was drawn in 1893.')).toEqual([
      ['between 1839 and 1919', '1839/1919'],
      ['1893', '1893'],
    ]);
    expect(times('The treaty of March 1873 held.')).toEqual([['March 1873', '1873-03']]);
    // No cue: a number below 1900 is no year; a resolution number is a name.
    expect(times('The convoy carried 1893 sacks under Resolution 1988.')).toEqual([]);
  });

  it('keeps "from" inside a range, and a half of a month or year inside its span', () => {
    expect(times('Norway led the team from 2005 to 2012.')).toEqual([['from 2005 to 2012', '2005/2012']]);
    expect(times('Flights ran in the second half of August 2021 and the first half of 2022.')).toEqual([
      ['second half of August 2021', '2021-08'],
      ['first half of 2022', '2022'],
    ]);
    expect(times('The hostages were freed in late August 2007.')).toEqual([['late August 2007', '2007-08']]);
  });

  it('counts people over demonyms and modifiers, keeping the country mention a separate layer', () => {
    const result = extract([
      'The bombing killed 13 American troops and some 170 Afghans; 390 special contributors and two hostages ' +
        'came home.',
    ]);
    expect(result.quantities.map((q) => [q.text, q.value, q.unit])).toEqual([
      ['13 American troops', 13, 'people'],
      ['170 Afghans', 170, 'people'],
      ['390 special contributors', 390, 'people'],
      ['two hostages', 2, 'people'],
    ]);
    expect(result.mentions.filter((m) => m.type === 'country').map((m) => m.text)).toEqual(
      expect.arrayContaining(['American', 'Afghans']),
    );
    expect(quantities('Floods killed well over a thousand people.')).toEqual([['a thousand people', 1000, 'people']]);
    expect(quantities('A bomber killed two staff members.')).toEqual([['two staff members', 2, 'people']]);
    // Counts of things that are not people, and vague amounts, are not counted as people.
    expect(quantities('It fought three wars over two decades, and thousands of people fled.')).toEqual([]);
  });
});
