import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], actor = 'Uzbekistan', country = 'UZB') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference);

describe('unknown-name detector and linker', () => {
  it('reads people after role titles, keeps the role out of the span and gives the served state', () => {
    const result = extract(['Uzbek President Shavkat Mirziyoyev met Taliban Foreign Minister Amir Khan Muttaqi in Tashkent in March 2023.']);
    const people = result.mentions.filter((m) => m.type === 'person');
    expect(people.map((m) => [m.text, m.entity, m.country])).toEqual([
      ['Shavkat Mirziyoyev', 'shavkat-mirziyoyev', 'UZB'],
      ['Amir Khan Muttaqi', 'amir-khan-muttaqi', null],
    ]);
    const muttaqi = result.entities.find((e) => e.id === 'amir-khan-muttaqi');
    expect(muttaqi?.attributes?.role).toBe('Foreign Minister');
    expect(result.entities.find((e) => e.id === 'shavkat-mirziyoyev')?.attributes?.role).toBe('President');
  });

  it('links a surname written after the full name to the same person', () => {
    const result = extract(['Tajik President Emomali Rahmon has criticised the Taliban.', 'Since then Rahmon has hosted opposition figures.'], 'Tajikistan', 'TJK');
    const rahmon = result.mentions.filter((m) => m.entity === 'emomali-rahmon');
    expect(rahmon.map((m) => m.text)).toEqual(['Emomali Rahmon', 'Rahmon']);
    expect(result.entities.filter((e) => e.id === 'emomali-rahmon')).toHaveLength(1);
  });

  it('classifies organisations, projects and documents by their head noun', () => {
    const result = extract([
      'Officials of the Kazakh Foreign Ministry met members of the National Resistance Front.',
      'The Lapis Lazuli Corridor and the Turkistan Islamic Party were on the agenda.',
      'According to Vision 2030, trade must grow.',
    ]);
    const byText = Object.fromEntries(result.mentions.map((m) => [m.text, [m.type, m.country]]));
    expect(byText['Kazakh Foreign Ministry']).toEqual(['organization', 'KAZ']);
    expect(byText['National Resistance Front']).toEqual(['organization', null]);
    expect(byText['Lapis Lazuli Corridor']).toEqual(['project', null]);
    expect(byText['Turkistan Islamic Party']).toEqual(['organization', null]);
    expect(byText['Vision 2030']).toEqual(['document', null]);
    expect(result.times.map((t) => t.text)).toEqual([]);
  });

  it('does not read common sentence openers or headings as names', () => {
    const result = extract(['Following talks, Proof of Registration cards were extended.', 'Both sides agreed.']);
    expect(result.mentions.filter((m) => m.type === 'person')).toEqual([]);
  });

  it('reads abbreviated military titles', () => {
    const result = extract(['Army chief Gen. Asim Munir visited Kabul.'], 'Pakistan', 'PAK');
    expect(result.mentions.find((m) => m.type === 'person')).toMatchObject({ text: 'Asim Munir', entity: 'asim-munir' });
  });
});
