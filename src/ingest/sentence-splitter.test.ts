// Tests of the sentence splitter: abbreviations, initials, numbers, hyphenated names, glued quotes.
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentence-splitter.js';

const sentencesOf = (text: string): string[] =>
  splitSentences(text, 0, text.length).map((span) => text.slice(span.start, span.end));

describe('splitSentences', () => {
  it('splits plain sentences and excludes surrounding whitespace', () => {
    expect(sentencesOf('  One sentence here.  Another one!\nA third? ')).toEqual([
      'One sentence here.',
      'Another one!',
      'A third?',
    ]);
  });

  it('never splits after abbreviations and titles', () => {
    expect(
      sentencesOf('The U.S. Government and the U.N. Mission met Gen. Smith and Dr. Ali. Then Mr. Khan left.'),
    ).toEqual(['The U.S. Government and the U.N. Mission met Gen. Smith and Dr. Ali.', 'Then Mr. Khan left.']);
    expect(sentencesOf('Donors, e.g. Japan, i.e. one of them, sent aid. It arrived.')).toEqual([
      'Donors, e.g. Japan, i.e. one of them, sent aid.',
      'It arrived.',
    ]);
  });

  it('treats "etc." as final only when a new sentence follows', () => {
    expect(sentencesOf('Wheat, flour, etc. were shipped. Trade grew.')).toEqual([
      'Wheat, flour, etc. were shipped.',
      'Trade grew.',
    ]);
    expect(sentencesOf('They sent wheat, flour, etc. Trade grew.')).toEqual([
      'They sent wheat, flour, etc.',
      'Trade grew.',
    ]);
  });

  it('keeps "No. 5" and initials together', () => {
    expect(sentencesOf('Resolution No. 5 was adopted. The envoy A. Khan agreed.')).toEqual([
      'Resolution No. 5 was adopted.',
      'The envoy A. Khan agreed.',
    ]);
  });

  it('never splits inside numbers or hyphenated names', () => {
    expect(sentencesOf('The 1,814-kilometer border cost 3.5 billion dollars near Mazar-i-Sharif. Work began.')).toEqual(
      ['The 1,814-kilometer border cost 3.5 billion dollars near Mazar-i-Sharif.', 'Work began.'],
    );
  });

  it('splits after a closing quote glued to the next sentence', () => {
    expect(sentencesOf('It said, "seek a settlement in Afghanistan."Kazakhstan believes it.')).toEqual([
      'It said, "seek a settlement in Afghanistan."',
      'Kazakhstan believes it.',
    ]);
    expect(sentencesOf('He said “enough.” Then he left.')).toEqual(['He said “enough.”', 'Then he left.']);
  });

  it('keeps a final fragment without terminal punctuation', () => {
    expect(sentencesOf('First one. and a fragment')).toEqual(['First one. and a fragment']);
    expect(sentencesOf('First one. A fragment')).toEqual(['First one.', 'A fragment']);
  });

  it('respects the from/to window', () => {
    const text = 'Title\nOne. Two.\nTail.';
    const spans = splitSentences(text, 6, 15);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['One.', 'Two.']);
    expect(spans[0]).toEqual({ start: 6, end: 10 });
  });

  it('is linear: a long run of abbreviations and dots splits quickly', () => {
    const text = 'U.S. '.repeat(20_000) + '.'.repeat(20_000) + ' End.';
    const started = performance.now();
    splitSentences(text, 0, text.length);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
