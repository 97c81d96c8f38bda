import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestProfile } from '../ingest/index.js';
import { extractProfile, loadReferenceData, defaultDataDir } from '../extract/index.js';
import { ExtractionSchema, type Extraction } from '../model/index.js';
import { evaluateExtraction, formatEvaluationReport } from './extraction-evaluation.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../test-fixtures/${name}`, import.meta.url));
const seedPath = fixture('seed-kazakhstan.txt');
const gold = JSON.parse(readFileSync(fixture('seed-kazakhstan.gold.json'), 'utf8')) as unknown;
const seed = extractProfile(
  ingestProfile({ bytes: readFileSync(seedPath), name: seedPath }),
  loadReferenceData(defaultDataDir()),
);

describe('extraction of the seed profile', () => {
  it('satisfies the contract, with every span equal to its text', () => {
    expect(() => ExtractionSchema.parse(seed)).not.toThrow();
    for (const item of [...seed.mentions, ...seed.times, ...seed.quantities])
      expect(seed.text.slice(item.start, item.end)).toBe(item.text);
    const ids = seed.entities.map((entity) => entity.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const mention of seed.mentions) expect(ids).toContain(mention.entity);
  });

  it('meets the mention, linking, time, quantity and theme targets against the gold', () => {
    const evaluation = evaluateExtraction(seed, gold);
    expect(evaluation.mentionsOverlap.f1).toBeGreaterThanOrEqual(0.95);
    expect(evaluation.countryLinking.value).toBeGreaterThanOrEqual(0.97);
    expect(evaluation.timeValues.value).toBe(1);
    expect(evaluation.forbiddenTimes).toEqual([]);
    expect(evaluation.quantities.value).toBe(1);
    expect(evaluation.primaryThemes.value).toBe(1);
  });

  it('reads mid-October 2021, half, and no time in Strategy 2050', () => {
    expect(seed.times.find((time) => time.text === 'mid-October 2021')?.value).toBe('2021-10');
    expect(seed.times.some((time) => time.text.includes('2050'))).toBe(false);
    expect(seed.quantities.find((quantity) => quantity.text === 'half')).toMatchObject({ value: 0.5, unit: 'share' });
    expect(seed.interests.map((interest) => interest.themes[0])).toEqual(['security', 'governance', 'trade']);
    expect(seed.posture?.label).toBe('arms-length');
  });

  it('finds the three events', () => {
    const kabulVisit = seed.events.find((event) => event.date === '2021-10');
    expect(kabulVisit).toMatchObject({ actors: ['KAZ'], place: 'kabul' });
    expect(['visit', 'delegation']).toContain(kabulVisit?.type);
    const delegation = seed.events.find(
      (event) => event.type === 'delegation' && event.actors.includes('bakhyt-sultanov'),
    );
    expect(delegation).toMatchObject({ place: 'kabul' });
    expect(delegation?.actors.slice(0, 2)).toEqual(['KAZ', 'bakhyt-sultanov']);
    expect(seed.events.find((event) => event.type === 'meeting')).toMatchObject({ place: 'tashkent' });
  });

  it('finds the relations', () => {
    const has = (subject: string, predicate: string, object: string, negated = false): boolean =>
      seed.relations.some(
        (r) => r.subject === subject && r.predicate === predicate && r.object === object && r.negated === negated,
      );
    expect(has('KAZ', 'borders', 'AFG', true)).toBe(true);
    expect(has('KAZ', 'supplies', 'AFG')).toBe(true);
    expect(has('KAZ', 'interested_in', 'tapi')).toBe(true);
    expect(has('KAZ', 'participates_in', 'trans-afghan-railway')).toBe(true);
    // "the delegation led by … Bakhyt Sultanov": a delegation is no entity (issue 11), so no relation leads to one.
    expect(
      seed.relations.some((r) => !seed.entities.some((e) => e.id === r.object) && !/^[A-Z]{3}$/.test(r.object)),
    ).toBe(false);
    expect(has('KAZ', 'borders', 'AFG', false)).toBe(false);
  });

  it('gives the person entity a role and a country', () => {
    expect(seed.entities.find((entity) => entity.id === 'bakhyt-sultanov')).toMatchObject({
      type: 'person',
      country: 'KAZ',
      attributes: { role: 'Trade and Integration Minister' },
    });
    expect(seed.entities.find((entity) => entity.id === 'KAZ')).toMatchObject({ wikidata: 'Q232', country: 'KAZ' });
  });
});

describe('evaluateExtraction', () => {
  const text = 'Kazakhstan met Uzbekistan in Tashkent. Kazakhstan again.';
  const base: Extraction = {
    kind: 'profile',
    text,
    actor: { name: 'Kazakhstan', country: 'KAZ' },
    sections: [],
    interests: [{ rank: 1, title: 'Trade', themes: ['trade'], start: 0, end: 1 }],
    sentences: [],
    mentions: [
      { start: 0, end: 10, text: 'Kazakhstan', type: 'country', entity: 'KAZ', country: 'KAZ' },
      { start: 15, end: 25, text: 'Uzbekistan', type: 'country', entity: 'UZB', country: 'KAZ' },
      { start: 29, end: 37, text: 'Tashkent', type: 'organization', entity: 'tashkent', country: 'UZB' },
      { start: 4, end: 7, text: 'ret', type: 'person', entity: 'x', country: null },
    ],
    entities: [],
    times: [{ start: 29, end: 37, text: 'Tashkent', value: '2050' }],
    quantities: [{ start: 0, end: 4, text: 'Kaza', value: 0.5, unit: 'share' }],
    events: [],
    relations: [],
    posture: null,
  };

  it('scores mentions given by offsets or by text and occurrence', () => {
    const evaluation = evaluateExtraction(base, {
      interests: [{ rank: 1, title: 'Trade', theme: 'security' }],
      mentions: [
        { text: 'Kazakhstan', occurrence: 1, type: 'country', entity: 'KAZ', country: 'KAZ' },
        { start: 15, end: 25, text: 'Uzbekistan', type: 'country', entity: 'UZB', country: 'UZB' },
        { text: 'Tashkent', type: 'place', entity: 'tashkent', country: 'UZB' },
        { text: 'Kazakhstan', occurrence: 2, type: 'country', entity: 'KAZ', country: 'KAZ' },
        { text: 'Astana', occurrence: 1, type: 'place', entity: 'astana', country: 'KAZ' },
      ],
      times: [{ text: 'Tashkent', occurrence: 1, value: '2051' }],
      not_times: ['Tash'],
      quantities: [['Kaza', 0.5]],
    });
    expect(evaluation.mentionsExact).toMatchObject({ truePositives: 2, predicted: 4, gold: 4 });
    expect(evaluation.mentionsOverlap.precision).toBeCloseTo(0.5);
    expect(evaluation.mentionsOverlap.recall).toBeCloseTo(0.5);
    expect(evaluation.countryLinking).toMatchObject({ correct: 1, total: 2 });
    expect(evaluation.entityLinking).toMatchObject({ correct: 2, total: 2 });
    expect(evaluation.timeValues).toMatchObject({ correct: 0, total: 1 });
    expect(evaluation.forbiddenTimes).toEqual(['Tashkent']);
    expect(evaluation.quantities).toMatchObject({ correct: 1, total: 1 });
    expect(evaluation.primaryThemes).toMatchObject({ correct: 0, total: 1 });
    expect(evaluation.unlocated).toEqual(['mention "Astana"#1']);
    const report = formatEvaluationReport(
      [
        { name: 'a', evaluation },
        { name: 'b', evaluation },
      ],
      { details: true },
    );
    expect(report).toContain('== total (2 documents');
    expect(report).toContain('missed   place "Tashkent"');
  });

  it('refuses malformed gold', () => {
    expect(() => evaluateExtraction(base, { mentions: [{ text: 1 }] })).toThrow(/gold annotations/);
  });
});
