import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const extract = (sentences: string[], actor = 'Uzbekistan', country = 'UZB') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference);

describe('unknown-name detector and linker', () => {
  it('reads people after role titles, keeps the role out of the span and gives the served state', () => {
    const result = extract([
      'Uzbek President Shavkat Mirziyoyev met Taliban Foreign Minister Amir Khan Muttaqi in Tashkent in March 2023.',
    ]);
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
    const result = extract(
      [
        'Tajik President Emomali Rahmon has criticised the Taliban.',
        'Since then Rahmon has hosted opposition figures.',
      ],
      'Tajikistan',
      'TJK',
    );
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
    expect(result.mentions.find((m) => m.type === 'person')).toMatchObject({
      text: 'Asim Munir',
      entity: 'asim-munir',
    });
  });
});

describe('unknown-name rules for partners’ bodies, funds and people', () => {
  const mentionsOf = (sentences: string[], actor = 'Germany', country = 'DEU') =>
    Object.fromEntries(extract(sentences, actor, country).mentions.map((m) => [m.text, [m.type, m.country, m.entity]]));

  it('never reads an all-caps acronym as a person, even after a role word', () => {
    const result = extract(['Sadako Ogata went on to head KOICA and later KOTRA.'], 'Japan', 'JPN');
    expect(result.mentions.filter((m) => m.type === 'person').map((m) => m.text)).not.toContain('KOICA');
    expect(result.mentions.filter((m) => m.type === 'person').map((m) => m.text)).not.toContain('KOTRA');
  });

  it(
    'keeps a long organisation name whole when a country sits ' +
      'inside it, and a country after "for" is not its owner',
    () => {
      const byText = mentionsOf([
        'The NGO Peace Nepal Medical Services and the Kuwait Fund for Arab Economic Development funded canals.',
      ]);
      expect(byText['Peace Nepal Medical Services']).toEqual(['organization', null, 'peace-nepal-medical-services']);
      expect(byText['Kuwait Fund for Arab Economic Development']?.[0]).toBe('organization');
    },
  );

  it(
    'reads trust funds and funds for the focus country as projects, ' +
      'and named programmes as projects of their state',
    () => {
      const byText = mentionsOf([
        'The Justice and Security Trust Fund for Afghanistan and the Afghanistan Resilience Fund paid salaries.',
        'The Federal Relocation Programme ended.',
      ]);
      expect(byText['Justice and Security Trust Fund for Afghanistan']).toEqual([
        'project',
        null,
        'justice-and-security-trust-fund-for-afghanistan',
      ]);
      expect(byText['Afghanistan Resilience Fund']?.slice(0, 2)).toEqual(['project', null]);
      expect(byText['Federal Relocation Programme']?.slice(0, 2)).toEqual(['project', 'DEU']);
    },
  );

  it('splits coordinated bodies and reads company and school heads as organisations', () => {
    const byText = mentionsOf([
      'Deals with Fly Dubai Company and Kam Air Group followed.',
      'Teachers founded the Istiqlal High School in Kabul.',
    ]);
    expect(byText['Fly Dubai Company']?.[0]).toBe('organization');
    expect(byText['Kam Air Group']?.[0]).toBe('organization');
    expect(byText['Istiqlal High School']?.[0]).toBe('organization');
  });

  it('keeps particles inside people’s names and reads occupational titles as roles', () => {
    const byText = mentionsOf([
      'Ambassador Hamad Mohammed Rashid Al Falasi met Minister Ursula von der Leyen.',
      'The physician Kenji Tanaka built clinics.',
    ]);
    expect(byText['Hamad Mohammed Rashid Al Falasi']?.[0]).toBe('person');
    expect(byText['Ursula von der Leyen']?.[0]).toBe('person');
    expect(byText['Kenji Tanaka']?.[0]).toBe('person');
  });

  it('links an acronym in parentheses, and its later bare uses, to the name before it', () => {
    const result = extract([
      'The Korea Trade-Investment Promotion Agency (KOTRA) opened an office.',
      'KOTRA later closed it.',
    ]);
    const kotra = result.mentions.filter((m) => m.text === 'KOTRA');
    expect(kotra).toHaveLength(2);
    expect(new Set(kotra.map((m) => m.entity))).toEqual(new Set(['korea-trade-investment-promotion-agency']));
  });

  it('reads hyphenated Korean given names as one person after a person noun in apposition', () => {
    const result = extract(
      ['Seoul sent medics to Bagram, and one of its soldiers, Yoon Jang-ho, was killed there.'],
      'South Korea',
      'KOR',
    );
    const people = result.mentions.filter((m) => m.type === 'person');
    expect(people.map((m) => [m.text, m.country])).toEqual([['Yoon Jang-ho', 'KOR']]);
    const ban = extract(['Secretary-General Ban Ki-moon visited Kabul.']).mentions.filter((m) => m.type === 'person');
    expect(ban.map((m) => m.text)).toEqual(['Ban Ki-moon']);
    // A hyphenated lowercase word after a name is no given name ("Taliban-led").
    expect(extract(['The Kabul Times-led campaign ended.']).mentions.filter((m) => m.type === 'person')).toEqual([]);
  });

  it('reads military units as organs of their state and logistics networks as routes', () => {
    const result = extract(
      [
        'Its team was protected by the Ashena Unit, and the Republic of Korea Air Force flew them out; the ' +
          'Northern Distribution Network carried supplies.',
      ],
      'South Korea',
      'KOR',
    );
    const named = result.mentions.filter((m) => m.type === 'organization' || m.type === 'project');
    expect(named.map((m) => [m.text, m.type, m.country])).toEqual([
      ['Ashena Unit', 'organization', 'KOR'],
      ['Republic of Korea Air Force', 'organization', 'KOR'],
      ['Northern Distribution Network', 'project', null],
    ]);
  });
});
