// The compact layout reads back as the layout written, key for key and in key order; a layout of another shape is
// stored as it is.
import { describe, expect, it } from 'vitest';
import { layoutFromStored, storedLayout } from './compact-layout.js';
import type { DocumentLayout } from './rows.js';

const text = 'Title\n\nProfile\nOne. Two.\nKey Interests\n1. Water: more.';
const layout = (): DocumentLayout => ({
  titleSpan: { start: 0, end: 5 },
  sections: [
    { heading: 'Profile', start: 7, end: 25, headingStart: 7, headingEnd: 14, kind: 'profile' },
    { heading: 'Key Interests (edited)', start: 25, end: 54, headingStart: 25, headingEnd: 38, kind: 'interests' },
  ],
  interests: [{ rank: 1, title: 'Water', start: 39, end: 54, titleStart: 42, titleEnd: 47 }],
  sentences: [
    { start: 15, end: 19, section: 0, interest: null },
    { start: 20, end: 24, section: 0, interest: null },
    { start: 49, end: 54, section: 1, interest: 1 },
  ],
  metadataSpans: { author: { start: 0, end: 5 } },
});

const roundTrip = (value: DocumentLayout): DocumentLayout =>
  layoutFromStored(JSON.parse(JSON.stringify(storedLayout(value, text))), text);

describe('compact layout', () => {
  it('reads back the layout written, with the same JSON', () => {
    const stored = storedLayout(layout(), text) as { v: number; h: unknown[][] };
    expect(stored.v).toBe(2);
    // The heading that is the text's slice is left out; the one that is not is kept.
    expect(stored.h.map((row) => row.length)).toEqual([5, 6]);
    expect(JSON.stringify(roundTrip(layout()))).toBe(JSON.stringify(layout()));
    const { metadataSpans, ...rest } = layout();
    const paged = { ...rest, pages: [{ number: 1, start: 0, end: 54 }], metadataSpans };
    expect(JSON.stringify(roundTrip(paged))).toBe(JSON.stringify(paged));
    expect(JSON.stringify(JSON.parse(JSON.stringify(storedLayout(paged, text))))).not.toContain('"sentences"');
  });

  it('stores a layout of another shape as it is, and reads a plain layout as it is', () => {
    const extra = layout();
    (extra.sentences[1] as Record<string, unknown>).weight = 2;
    expect(storedLayout(extra, text)).toBe(extra);
    const { titleSpan, ...others } = layout();
    const reordered = { ...others, titleSpan };
    expect(storedLayout(reordered, text)).toBe(reordered);
    expect(JSON.stringify(roundTrip(reordered))).toBe(JSON.stringify(reordered));
    expect(layoutFromStored(layout(), text)).toEqual(layout());
  });
});
