// Coreference (issue 11, item 4): definite descriptions and he/she that refer back to a project,
// organisation or person named earlier in the same paragraph become mentions of it with
// `via: 'coreference'`; no antecedent, another paragraph or a wrong type give none. Common nouns
// ("delegation", "team", "government") are never entities of their own (the bundled examples:
// src/core/coreference-examples.test.ts).
import { describe, expect, it } from 'vitest';
import { defaultDataDir, extractProfile, loadReferenceData } from './index.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';

const reference = loadReferenceData(defaultDataDir());
const extractParagraphs = (paragraphs: string[][], actor = 'Mongolia', country = 'MNG') =>
  extractProfile(
    buildProfileDocument({
      actor,
      country,
      profile: paragraphs[0] ?? [],
      interests: paragraphs.slice(1).map((sentences, index) => ({ title: `Interest ${index + 1}`, sentences })),
    }),
    reference,
  );
/** The coreference mentions as "text → entity". */
const corefs = (paragraphs: string[][]) =>
  extractParagraphs(paragraphs)
    .mentions.filter((mention) => mention.via === 'coreference')
    .map((mention) => `${mention.text} → ${mention.entity}`);

describe('coreference: descriptions and pronouns refer back in the paragraph', () => {
  it('links a project description to the project named before it', () => {
    expect(
      corefs([['Mongolia has backed the Rogun Dam since 2019.', 'The dam would double Tajik power exports.']]),
    ).toEqual(['The dam → rogun-dam']);
    expect(
      corefs([
        ['Ulaanbaatar studied the Khaf–Herat railway, and officials said the railway could carry Mongolian coal.'],
      ]),
    ).toEqual(['the railway → khaf-herat-railway']);
    expect(corefs([['Mongolia joined CASA-1000 in 2020.', 'This project remains unfunded.']])).toEqual([
      'This project → casa-1000',
    ]);
  });

  it('links nothing when two entities fit: "the pipeline" after two pipelines, "he" after two people', () => {
    expect(
      corefs([['Mongolia compared the TAPI pipeline with the Altai Gas Pipeline, and the pipeline was cheaper.']]),
    ).toEqual([]);
    expect(
      corefs([
        [
          'Amir Khan Muttaqi came to Tehran in January 2022.',
          'He was received by Foreign Minister Hossein Amir-Abdollahian.',
          'Whether he came away satisfied is debated.',
        ],
      ]),
    ).toEqual(['He → amir-khan-muttaqi']);
  });

  it('links "the ministry", "the group" and "the minister" by the entity kind or role', () => {
    expect(
      corefs([
        ['The Pakistan Ministry of Foreign Affairs summoned the envoy.', 'The ministry said talks would resume.'],
      ]),
    ).toEqual(['The ministry → pakistan-ministry-of-foreign-affairs']);
    expect(
      corefs([
        ['Tehrik-i-Taliban Pakistan attacked a border post in Bajaur.', 'Later the group claimed two more raids.'],
      ]),
    ).toEqual(['the group → tehrik-i-taliban-pakistan']);
    expect(
      corefs([['Foreign Minister Batmunkh Dorj met Taliban officials in Kabul.', 'The minister promised wheat.']]),
    ).toEqual(['The minister → batmunkh-dorj']);
  });

  it('links he and she to the person named as a subject', () => {
    expect(corefs([['Envoy Oyuun Bat visited Herat in May, and she met the provincial governor.']])).toEqual([
      'she → oyuun-bat',
    ]);
    // The subject, not the nearest person named as an object.
    expect(
      corefs([['Deputy Minister Ganbold Tsend met Amir Khan Muttaqi in Doha.', 'He then flew to Kabul.']]),
    ).toEqual(['He → ganbold-tsend']);
  });

  it('keeps the antecedent type and country on the mention, and never overlaps named mentions', () => {
    const extraction = extractParagraphs([
      ['Mongolia has backed the Rogun Dam since 2019.', 'The dam would double Tajik power exports.'],
    ]);
    const coref = extraction.mentions.find((mention) => mention.via === 'coreference');
    const named = extraction.mentions.find((mention) => mention.entity === 'rogun-dam' && !mention.via);
    expect(coref).toMatchObject({ type: 'project', entity: 'rogun-dam', country: named?.country ?? null });
    expect(extraction.text.slice(coref?.start, coref?.end)).toBe('The dam');
    const starts = extraction.mentions.map((mention) => mention.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (let i = 1; i < extraction.mentions.length; i++)
      expect(extraction.mentions[i]!.start).toBeGreaterThanOrEqual(extraction.mentions[i - 1]!.end);
  });
});

describe('coreference: negatives', () => {
  it('makes no mention without an antecedent', () => {
    expect(corefs([['The pipeline was delayed again.', 'He said the ministry would decide.']])).toEqual([]);
  });

  it('never reaches across paragraphs', () => {
    expect(
      corefs([['Mongolia has backed the Rogun Dam since 2019.'], ['The dam would double Tajik power exports.']]),
    ).toEqual([]);
    expect(
      corefs([['Foreign Minister Batmunkh Dorj met Taliban officials in Kabul.'], ['He promised wheat.']]),
    ).toEqual([]);
  });

  it('needs a compatible type and kind', () => {
    // A place, a country or a body is no "he"; a dam is no pipeline; a ministry is no group.
    expect(corefs([['Kabul hosted the talks, and he spoke first.']])).toEqual([]);
    expect(corefs([['Mongolia has backed the Rogun Dam since 2019.', 'The pipeline is another matter.']])).toEqual([]);
    expect(corefs([['The Pakistan Ministry of Foreign Affairs summoned the envoy.', 'The group left.']])).toEqual([]);
    // A role that only mentions a president is no president.
    expect(
      corefs([["Ganbold Tsend, the president's special envoy, visited Kabul.", 'The president was not there.']]),
    ).toEqual([]);
  });

  it('reads only a description that ends its noun phrase', () => {
    expect(corefs([['Tehrik-i-Taliban Pakistan attacked a post.', 'The group of experts disagreed.']])).toEqual([]);
    expect(corefs([['Mongolia studied the TAPI pipeline.', 'The pipeline route crosses Herat.']])).toEqual([]);
  });
});

describe('common nouns are never entities', () => {
  it('drops collective nouns, capitalised or not, and the relations to them', () => {
    const extraction = extractParagraphs([
      [
        'The Mongolian Delegation arrived in Kabul in March.',
        'A Technical Team led by Deputy Minister Ganbold Tsend inspected the Salang Tunnel.',
        'The Government of Kyrgyzstan and the Afghan Side signed a memorandum.',
        'The Joint Working Group met in Mazar-i-Sharif, and the talks were headed by Amir Khan Muttaqi.',
      ],
    ]);
    const names = extraction.entities.map((entity) => entity.name.toLowerCase());
    for (const noun of ['delegation', 'team', 'government', 'side', 'working group', 'talks'])
      expect(names.some((name) => name.includes(noun))).toBe(false);
    expect(extraction.entities.map((entity) => entity.id)).toContain('KGZ');
    const ids = new Set(extraction.entities.map((entity) => entity.id));
    for (const relation of extraction.relations)
      expect(ids.has(relation.object) || /^[A-Z]{3}$/.test(relation.object)).toBe(true);
  });
});
