// Property tests: random mutations of the seed either ingest or are refused with a DossierError,
// every emitted span is in range and slices to what it claims, and parsing time grows linearly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DossierError, type ProfileDocument } from '../model/index.js';
import { ingestProfile } from './index.js';

const seedText = readFileSync(join(import.meta.dirname, '..', '..', 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
const seedLines = seedText.split('\n');

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const insertion = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom(
    '"',
    '“',
    '”',
    "'",
    '."',
    '"K',
    '. ',
    '...',
    '?!',
    'U.S.',
    'No. ',
    '\0',
    '\r',
    '\r\n',
    '\n',
    '\n\n',
    '\t',
    '\u0001',
    '\u001b',
    '\ufeff',
    '\u2028',
    '\ud800',
  ),
  fc.stringMatching(/^[0-9.,() -]{1,6}$/),
  fc.constantFrom(
    'Profile',
    'Key Interests & Priorities',
    '1. ',
    '2) ',
    '(3) ',
    '# ',
    '## ',
    '### 4. ',
    '<p>',
    '</main>',
    '---\n',
    '1. Title\n',
  ),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertion }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(mutations: Mutation[]): string {
  let lines = [...seedLines];
  for (const step of mutations) {
    if (step.kind === 'insert' || step.kind === 'truncate') {
      const text = lines.join('\n');
      const at = step.at % (text.length + 1);
      const next = step.kind === 'insert' ? text.slice(0, at) + step.text + text.slice(at) : text.slice(0, at);
      lines = next.split('\n');
      continue;
    }
    if (lines.length === 0) continue;
    const at = step.at % lines.length;
    if (step.kind === 'delete') lines.splice(at, 1);
    else if (step.kind === 'duplicate') lines.splice(at, 0, lines[at] ?? '');
    else {
      const other = step.with % lines.length;
      [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
    }
  }
  return lines.join('\n');
}

function checkSpans(document: ProfileDocument): void {
  const { text } = document;
  const inRange = (start: number, end: number): void => {
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThanOrEqual(end);
    expect(end).toBeLessThanOrEqual(text.length);
  };
  inRange(document.titleSpan.start, document.titleSpan.end);
  expect(document.titleSpan.end).toBeGreaterThan(document.titleSpan.start);
  // A profile has sections; a source may be a title alone.
  if (document.kind === 'profile') expect(document.sections.length).toBeGreaterThan(0);
  else expect(document.interests).toEqual([]);
  for (const span of Object.values(document.metadata.spans)) if (span) inRange(span.start, span.end);
  for (const section of document.sections) {
    inRange(section.start, section.end);
    inRange(section.headingStart, section.headingEnd);
    expect(section.start).toBeLessThanOrEqual(section.headingStart);
    expect(section.headingEnd).toBeLessThanOrEqual(section.end);
    expect(text.slice(section.headingStart, section.headingEnd)).toBe(section.heading);
  }
  for (const interest of document.interests) {
    inRange(interest.start, interest.end);
    inRange(interest.titleStart, interest.titleEnd);
    expect(interest.start).toBeLessThanOrEqual(interest.titleStart);
    expect(interest.titleEnd).toBeLessThanOrEqual(interest.end);
    expect(text.slice(interest.titleStart, interest.titleEnd)).toBe(interest.title);
  }
  let previousEnd = 0;
  for (const sentence of document.sentences) {
    inRange(sentence.start, sentence.end);
    expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = sentence.end;
    const slice = text.slice(sentence.start, sentence.end);
    expect(slice.length).toBeGreaterThan(0);
    expect(slice.trim()).toBe(slice);
    const section = document.sections[sentence.section];
    expect(section).toBeDefined();
    expect(sentence.start).toBeGreaterThanOrEqual(section?.start ?? 0);
    expect(sentence.end).toBeLessThanOrEqual(section?.end ?? 0);
    if (sentence.interest !== null)
      expect(document.interests.some((interest) => interest.rank === sentence.interest)).toBe(true);
  }
}

/** Ingests and checks: a document with valid spans, or a DossierError with a location. */
function ingestOrRefuse(bytes: Uint8Array, name: string): void {
  let document: ProfileDocument;
  try {
    document = ingestProfile({ bytes, name });
  } catch (error) {
    expect(error).toBeInstanceOf(DossierError);
    const refusal = error as DossierError;
    expect(['EMPTY_DOCUMENT', 'BINARY_DOCUMENT', 'UNDECODABLE_DOCUMENT', 'INVALID_DOCUMENT']).toContain(refusal.code);
    expect(refusal.file).toBe(name);
    expect(refusal.line).toBeGreaterThanOrEqual(1);
    expect(refusal.column).toBeGreaterThanOrEqual(1);
    return;
  }
  checkSpans(document);
}

describe('ingestProfile under random mutation of the seed', () => {
  it('returns a consistent document or refuses with a DossierError (text, Markdown, HTML)', () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('seed.txt', 'seed.md', 'seed.html', 'seed'),
        (mutations, name) => {
          ingestOrRefuse(new TextEncoder().encode(mutate(mutations)), name);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives random bytes spliced into the seed', () => {
    const seedBytes = new TextEncoder().encode(seedText);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 24 }),
        fc.nat(),
        fc.constantFrom('seed.txt', 'seed.md', 'seed.html'),
        (at, noise, cut, name) => {
          const position = at % (seedBytes.length + 1);
          const spliced = new Uint8Array([
            ...seedBytes.subarray(0, position),
            ...noise,
            ...seedBytes.subarray(position),
          ]);
          ingestOrRefuse(spliced.subarray(0, spliced.length - (cut % 64)), name);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('survives arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('random.txt', 'random.md', 'random.html', 'random'),
        (bytes, name) => {
          ingestOrRefuse(bytes, name);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ingestProfile runs in linear time', () => {
  const interestBlock = seedLines.slice(5).join('\n');
  const header = seedLines.slice(0, 5).join('\n');
  const documentWith = (copies: number): Uint8Array =>
    new TextEncoder().encode([header, ...Array.from({ length: copies }, () => interestBlock)].join('\n'));

  /** CPU milliseconds per ingest: the minimum over five runs of `repeat` ingests (robust on a loaded machine). */
  function cpuMilliseconds(bytes: Uint8Array, name: string, repeat: number): number {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = process.cpuUsage();
      for (let i = 0; i < repeat; i++) ingestProfile({ bytes, name });
      const used = process.cpuUsage(started);
      best = Math.min(best, (used.user + used.system) / 1000 / repeat);
    }
    return best;
  }

  // Linear is 64× (less, with fixed per-document costs); quadratic would be thousands of times.
  it.each(['profile.txt', 'profile.md'])(
    '64 copies of the interests take less than 200 times the CPU of one copy (%s)',
    (name) => {
      const one = documentWith(1);
      const many = documentWith(64);
      expect(ingestProfile({ bytes: many, name }).interests).toHaveLength(192);
      cpuMilliseconds(one, name, 20);
      cpuMilliseconds(many, name, 1);
      const single = cpuMilliseconds(one, name, 50);
      const multiple = cpuMilliseconds(many, name, 2);
      expect(multiple / single).toBeLessThan(200);
    },
  );
});
