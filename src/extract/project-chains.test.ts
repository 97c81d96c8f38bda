import { describe, it, expect } from 'vitest';
import { extractProfile } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference([
  ...commonEntries,
  { id: 'tap-500', type: 'project', name: 'TAP-500', aliases: ['TAP 500'], kind: 'power-line' },
  {
    id: 'ktap-line',
    type: 'project',
    name: 'KTAP line',
    aliases: [
      'Kyrgyzstan–Tajikistan–Afghanistan–Pakistan power line',
      'Kyrgyzstan-Tajikistan-Afghanistan-Pakistan power line',
    ],
    kind: 'power-line',
  },
  {
    id: 'tap-railway',
    type: 'project',
    name: 'Tajikistan–Afghanistan–Pakistan railway',
    aliases: ['Tajikistan-Afghanistan-Pakistan railway'],
    kind: 'railway',
  },
  { id: 'termez', type: 'place', name: 'Termez', country: 'UZB', kind: 'city' },
]);
const mentionsOf = (sentences: string[], actor = 'Turkmenistan', country = 'TKM') =>
  extractProfile(buildProfileDocument({ actor, country, profile: sentences }), reference).mentions.filter(
    (m) => m.start > actor.length,
  );
const linked = (sentence: string) => mentionsOf([sentence]).map((m) => [m.text, m.type, m.entity]);

describe('dash-joined country chains that name a project', () => {
  it('reads three or more countries before a project noun as one project, with no country mention inside', () => {
    expect(linked('Ashgabat backs the Iran–Turkmenistan–Kazakhstan–Russia highway.').slice(1)).toEqual([
      ['Iran–Turkmenistan–Kazakhstan–Russia highway', 'project', 'iran-turkmenistan-kazakhstan-russia-highway'],
    ]);
    expect(linked('Officials discussed the Oman-Iran-Turkmenistan-Uzbekistan corridor.')).toEqual([
      ['Oman-Iran-Turkmenistan-Uzbekistan corridor', 'project', 'oman-iran-turkmenistan-uzbekistan-corridor'],
    ]);
  });

  it('joins a kind modifier and head to the chain ("power line", "gas pipeline")', () => {
    expect(linked('The Russia-Kazakhstan-Uzbekistan gas pipeline was expanded.')).toEqual([
      ['Russia-Kazakhstan-Uzbekistan gas pipeline', 'project', 'russia-kazakhstan-uzbekistan-gas-pipeline'],
    ]);
  });

  it('reads the acronym in parentheses after a chain as a mention of the same, known project', () => {
    expect(linked('The Turkmenistan–Afghanistan–Pakistan (TAP-500) power line is late.')).toEqual([
      ['Turkmenistan–Afghanistan–Pakistan', 'project', 'tap-500'],
      ['TAP-500', 'project', 'tap-500'],
    ]);
  });

  it(
    'names a new project after the chain and its kind noun when the ' +
      'acronym is unknown, and links the acronym to it',
    () => {
      const mentions = mentionsOf([
        'The Tajikistan-Afghanistan-Iran (TAI) railway was surveyed.',
        'Work on TAI may start in 2027.',
      ]);
      expect(mentions.map((m) => [m.text, m.type, m.entity])).toEqual([
        ['Tajikistan-Afghanistan-Iran', 'project', 'tajikistan-afghanistan-iran-railway'],
        ['TAI', 'project', 'tajikistan-afghanistan-iran-railway'],
        ['TAI', 'project', 'tajikistan-afghanistan-iran-railway'],
      ]);
    },
  );

  it(
    'finds the project the gazetteer names with the same countries, for a bare "project" or through a ' +
      'parenthesised acronym',
    () => {
      expect(linked('The Kyrgyzstan-Tajikistan-Afghanistan-Pakistan project stalled.')).toEqual([
        ['Kyrgyzstan-Tajikistan-Afghanistan-Pakistan project', 'project', 'ktap-line'],
      ]);
      expect(linked('The Kyrgyzstan–Tajikistan–Afghanistan–Pakistan (KTAP) power line stalled.').slice(0, 1)).toEqual([
        ['Kyrgyzstan–Tajikistan–Afghanistan–Pakistan', 'project', 'ktap-line'],
      ]);
      // Another kind of project over the same countries is another project.
      expect(linked('The Kyrgyzstan-Tajikistan-Afghanistan-Pakistan railway stalled.')).toEqual([
        [
          'Kyrgyzstan-Tajikistan-Afghanistan-Pakistan railway',
          'project',
          'kyrgyzstan-tajikistan-afghanistan-pakistan-railway',
        ],
      ]);
    },
  );

  it('reads a known chain project after more dash-joined names as the tail of one longer project', () => {
    expect(linked('The Kazakhstan–Tajikistan–Afghanistan–Pakistan railway would extend it.')).toEqual([
      [
        'Kazakhstan–Tajikistan–Afghanistan–Pakistan railway',
        'project',
        'kazakhstan-tajikistan-afghanistan-pakistan-railway',
      ],
    ]);
    expect(linked('The Tajikistan–Afghanistan–Pakistan railway comes first.')).toEqual([
      ['Tajikistan–Afghanistan–Pakistan railway', 'project', 'tap-railway'],
    ]);
  });

  it('never reads a shorter chain as a longer project that begins with it', () => {
    expect(linked('The Tajikistan-Afghanistan railway is a first step.')).toEqual([
      ['Tajikistan-Afghanistan railway', 'project', 'tajikistan-afghanistan-railway'],
    ]);
  });

  it('reads two countries before a route noun as a project, before any other noun as two countries', () => {
    expect(linked('The Turkmenistan-Afghanistan pipeline and the Iran-Afghanistan power line were discussed.')).toEqual(
      [
        ['Turkmenistan-Afghanistan pipeline', 'project', 'turkmenistan-afghanistan-pipeline'],
        ['Iran-Afghanistan power line', 'project', 'iran-afghanistan-power-line'],
      ],
    );
    const twoCountries = [
      'The Turkmen-Afghan border was quiet.',
      'Iran-Pakistan trade grew.',
      'China-Afghanistan ties warmed.',
      'The Iran-Afghanistan project stalled.',
      'The Tajik-Afghan line held.',
    ];
    for (const sentence of twoCountries) {
      const mentions = mentionsOf([sentence]);
      expect(
        mentions.map((m) => m.type),
        sentence,
      ).toEqual(['country', 'country']);
    }
  });

  it('keeps countries when a chain with an unknown acronym has no project noun', () => {
    expect(
      mentionsOf(['The Tajikistan-Afghanistan-Iran (TAI) talks ended.'])
        .filter((m) => m.type === 'country')
        .map((m) => m.entity),
    ).toEqual(['TJK', 'AFG', 'IRN']);
  });

  it('reads a chain of a known place and a new name before a route noun as one project', () => {
    expect(linked('Goods cross on the Termez–Ayvaj road.')).toEqual([
      ['Termez–Ayvaj road', 'project', 'termez-ayvaj-road'],
    ]);
  });
});
