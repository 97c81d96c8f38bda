// The checks page's progress line while the collection's findings are first computed: documents read of those to
// read (with thousands separators), the comparison once all are read, and what the findings shown are meanwhile.
import { describe, expect, it } from 'vitest';
import { computingSentence } from './checks.js';

describe('computingSentence', () => {
  it('says how many documents have been read, and that the list comes once all are compared', () => {
    expect(computingSentence({ checked: 4210, of: 10000 }, false)).toBe(
      'Checking the collection: 4,210 of 10,000 documents read; the findings are listed once all are compared.',
    );
    expect(computingSentence({ checked: 10000, of: 10000 }, false)).toBe(
      'Checking the collection: all 10,000 documents read, comparing their claims; ' +
        'the findings are listed once all are compared.',
    );
    expect(computingSentence({ checked: 0, of: 0 }, false)).toMatch(/^Checking the collection: listing its documents;/);
  });

  it('says the findings shown are those before the latest changes when they are', () => {
    expect(computingSentence({ checked: 10, of: 20 }, true)).toBe(
      'Checking the collection: 10 of 20 documents read; ' +
        'until then the findings below are those before its latest changes.',
    );
  });
});
