import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const mentionsOf = (sentence: string, actor = 'Uzbekistan', country = 'UZB') =>
  extractProfile(buildProfileDocument({ actor, country, profile: [sentence] }), reference).mentions.filter(
    (m) => m.start > actor.length,
  );

describe('gazetteer matcher', () => {
  it('matches country names, demonyms and their plurals as country mentions', () => {
    const mentions = mentionsOf(
      'Tajiks and Uzbeks live in northern Afghanistan, and the Tajik government watches closely.',
    );
    expect(mentions.map((m) => [m.text, m.type, m.entity])).toEqual([
      ['Tajiks', 'country', 'TJK'],
      ['Uzbeks', 'country', 'UZB'],
      ['Afghanistan', 'country', 'AFG'],
      ['Tajik', 'country', 'TJK'],
    ]);
  });

  it('strips a possessive and keeps capitals as places of their country', () => {
    const [dushanbe] = mentionsOf("Dushanbe's position hardened in 2022.");
    expect(dushanbe).toMatchObject({ text: 'Dushanbe', type: 'place', entity: 'dushanbe', country: 'TJK' });
  });

  it('prefers the longest name, and matches hyphen, en-dash and space variants', () => {
    const mentions = mentionsOf(
      'The Turkmenistan–Afghanistan–Pakistan–India pipeline and CASA 1000 both cross the Amu Darya.',
    );
    expect(mentions.map((m) => [m.text, m.entity])).toEqual([
      ['Turkmenistan–Afghanistan–Pakistan–India pipeline', 'tapi'],
      ['CASA 1000', 'casa-1000'],
      ['Amu Darya', 'amu-darya'],
    ]);
  });

  it('leaves a lowercase division noun outside a place name and keeps a capitalised one', () => {
    const provinces = buildReference([
      ...commonEntries,
      { id: 'sughd', type: 'place', name: 'Sughd Region', aliases: ['Sughd'], country: 'TJK', kind: 'province' },
    ]);
    const mentionsIn = (sentence: string) =>
      extractProfile(
        buildProfileDocument({ actor: 'Tajikistan', country: 'TJK', profile: [sentence] }),
        provinces,
      ).mentions.filter((m) => m.entity === 'sughd');
    expect(mentionsIn('Trade through the Sughd region grew.').map((m) => m.text)).toEqual(['Sughd']);
    expect(mentionsIn('Trade through the Sughd Region grew.').map((m) => m.text)).toEqual(['Sughd Region']);
  });

  it('matches short all-caps aliases only as written', () => {
    expect(mentionsOf('The IMU regrouped in the north.').map((m) => m.entity)).toEqual(['imu']);
    expect(mentionsOf('Traders imu the border daily.')).toEqual([]);
  });

  it('keeps a Taliban mention inside Taliban-led and joins a project kind noun', () => {
    const mentions = mentionsOf('Ashgabat wants the TAPI pipeline built despite the Taliban-led government.');
    expect(mentions.map((m) => m.text)).toEqual(['Ashgabat', 'TAPI pipeline', 'Taliban']);
  });

  it('reads regions as places without a country', () => {
    expect(mentionsOf('Stability in Central Asia matters.')[0]).toMatchObject({
      type: 'place',
      entity: 'central-asia',
      country: null,
    });
  });

  it('reads places chained by dashes before a kind noun as one project, the longest name winning', () => {
    const mentions = mentionsOf(
      'Freight moves on the Baku–Tbilisi–Kars railway and the Termez–Kabul road, not by the Tashkent-based firm.',
    );
    expect(mentions.map((m) => [m.text, m.type, m.country])).toEqual([
      ['Baku–Tbilisi–Kars railway', 'project', null],
      ['Termez–Kabul road', 'project', null],
      ['Tashkent', 'place', 'UZB'],
    ]);
  });

  it('matches "US" and "UK" only as written, never the pronoun', () => {
    const mentions = mentionsOf('The US and the UK told us to wait.');
    expect(mentions.map((m) => [m.text, m.entity])).toEqual([
      ['US', 'USA'],
      ['UK', 'GBR'],
    ]);
  });
});
