// One negation lexicon for every stage: the posture and relation stages read the same words
// (negationAt in sentence-context.ts over lexicons.negationWords), so a denied recognition is a
// wary posture and a negated relation alike, whichever negation word says it.
import { describe, expect, it } from 'vitest';
import { extractProfile } from './index.js';
import { conditionalCues, hypotheticalCues, hypotheticalModals, negationWords } from './lexicons.js';
import { buildProfileDocument } from './test-support/profile-document-builder.js';
import { buildReference, commonEntries } from './test-support/reference-builder.js';

const reference = buildReference(commonEntries);
const read = (sentence: string) => {
  const extraction = extractProfile(
    buildProfileDocument({ actor: 'Tajikistan', country: 'TJK', profile: [sentence] }),
    reference,
  );
  const recognition = extraction.relations.find((relation) => relation.predicate === 'recognizes');
  return { posture: extraction.posture?.label, negated: recognition?.negated };
};

describe('the negation lexicon', () => {
  it.each([
    ['Tajikistan does not recognize the Taliban.', 'not'],
    ['Tajikistan has never recognized the Taliban.', 'never'],
    ['Tajikistan refused to recognize the Taliban.', 'refused'],
    ['Tajikistan refuses to recognize the Taliban.', 'refuses'],
    ['Tajikistan declined to recognize the Taliban.', 'declined'],
    ['Tajikistan withholds recognition of the Taliban.', 'withholds'],
    ['Tajikistan has yet to recognize the Taliban.', null],
    ["Tajikistan doesn't recognize the Taliban.", null],
  ])('"%s" is a wary posture and a negated relation', (sentence, word) => {
    if (word) expect(negationWords.has(word)).toBe(true);
    expect(read(sentence)).toEqual({ posture: 'wary', negated: true });
  });

  it('leaves an affirmed recognition affirmed', () => {
    expect(read('Tajikistan recognized the Taliban.')).toEqual({ posture: 'engaged', negated: false });
  });

  it('keeps the hedges lowercase and the modals among the hypothetical cues', () => {
    for (const words of [negationWords, hypotheticalCues, hypotheticalModals, conditionalCues])
      for (const word of words) expect(word).toBe(word.toLowerCase());
    for (const modal of hypotheticalModals) expect(hypotheticalCues.has(modal)).toBe(true);
  });
});
