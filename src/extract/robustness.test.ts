// Robustness: no regular expression of the pipeline, and not the pipeline as a whole, takes
// long on adversarial input (long runs of spaces, digits, capitals, hyphens, dots, quotes and
// repeated alias prefixes).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as chrono from 'chrono-node';
import { DossierError } from '../model/index.js';
import { extractProfile } from './index.js';
import { allPatterns } from './patterns.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const SIZE = 100_000;

const pieces = [' ', '  ', '1', '9', '0', ',', '.', '-', '–', "'", '’', '"', 'A', 'AB', 'Kazakh', 'Afghan', 'Turkmenistan–Afghanistan–', 'CASA-', 'Trade and Integration Minister ', 'Ministry of ', 'mid-', 'October ', '2021', '$', '%', 'half', ' the ', 'Taliban', '\n', 'é', 'İ'];

/** An adversarial text of about SIZE characters: a few pieces repeated in long runs. */
const adversarialText = fc
  .array(fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 4000 })), { minLength: 1, maxLength: 12 })
  .map((runs) => {
    let text = '';
    while (text.length < SIZE) for (const [piece, count] of runs) text += piece.repeat(count);
    return text.slice(0, SIZE);
  });

const fixedAdversaries = [' '.repeat(SIZE), '9'.repeat(SIZE), 'A'.repeat(SIZE), '-'.repeat(SIZE), '.'.repeat(SIZE), "'".repeat(SIZE), 'A '.repeat(SIZE / 2), 'Kazakh-'.repeat(SIZE / 7), '1,'.repeat(SIZE / 2), 'Afghan '.repeat(SIZE / 7)];

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('regular expressions on adversarial input', () => {
  for (const [name, pattern] of Object.entries(allPatterns)) {
    it(`${name} stays under 100 ms on 100 KB`, () => {
      for (const text of fixedAdversaries) expect(timed(() => text.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), ''))).toBeLessThan(100);
      fc.assert(
        fc.property(adversarialText, (text) => timed(() => text.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), '')) < 100),
        { numRuns: 15 },
      );
    });
  }

  it('chrono-node stays under 100 ms on the windows the pipeline gives it (a few tokens around a date)', () => {
    chrono.strict.parse('warm up on 1 January 2020');
    for (const text of ['1 January '.repeat(400), '15/08/'.repeat(600), 'August 15, '.repeat(360), '2021-08-'.repeat(450)]) {
      expect(timed(() => chrono.strict.parse(text.slice(0, 200)))).toBeLessThan(100);
    }
  });
});

describe('the whole pipeline on adversarial input', () => {
  it('extracts (or refuses over a limit) a 100 KB adversarial document in well under a second, as one sentence or many', () => {
    fc.assert(
      fc.property(adversarialText, fc.boolean(), (body, split) => {
        const sentences = split ? body.match(/[^\n]{1,2000}/g) ?? [body] : [body.replace(/\n/g, ' ')];
        const document = buildProfileDocument({ actor: 'Kazakhstan', country: 'KAZ', profile: sentences });
        let spansHold = true;
        const elapsed = timed(() => {
          try {
            const result = extractProfile(document, reference);
            spansHold = result.mentions.every((m) => result.text.slice(m.start, m.end) === m.text);
          } catch (error) {
            // A sentence beyond the extraction limits (extract-limits.ts) is refused, quickly too.
            spansHold = error instanceof DossierError && error.code === 'LIMIT_EXCEEDED';
          }
        });
        return spansHold && elapsed < 1000;
      }),
      { numRuns: 12 },
    );
  });
});
