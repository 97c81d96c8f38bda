// The home map's names never overlap: the first of two crowded names wins, distant names all stay.
import { describe, expect, it } from 'vitest';
import { labelBox, placeLabels } from './map-labels.js';

const overlap = (a: ReturnType<typeof labelBox>, b: ReturnType<typeof labelBox>) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('placeLabels', () => {
  it('keeps every name that has room, in the order given', () => {
    const far = [
      { x: 100, y: 100, name: 'Kazakhstan' },
      { x: 400, y: 100, name: 'Uzbekistan' },
      { x: 100, y: 300, name: 'Iran' },
    ];
    expect([...placeLabels(far)]).toEqual(far);
  });

  it('drops a name that would overlap one placed before it, whatever the later ones', () => {
    const focus = { x: 300, y: 200, name: 'Afghanistan' };
    const crowding = { x: 310, y: 205, name: 'Tajikistan' };
    const beside = { x: 300, y: 230, name: 'Pakistan' };
    const shown = placeLabels([focus, crowding, beside]);
    expect(shown.has(focus)).toBe(true);
    expect(shown.has(crowding)).toBe(false);
    expect(shown.has(beside)).toBe(true);
  });

  it('leaves no two drawn names overlapping in a crowded region', () => {
    const crowd = Array.from({ length: 200 }, (_, i) => ({
      x: 200 + ((i * 37) % 300),
      y: 150 + ((i * 53) % 200),
      name: `Actor ${i} of the collection`.slice(0, 8 + (i % 12)),
    }));
    const shown = [...placeLabels(crowd)];
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(crowd.length);
    const boxes = shown.map((c) => labelBox(c.x, c.y, c.name));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
  });
});
