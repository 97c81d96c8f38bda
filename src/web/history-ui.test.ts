// The audit log's field-by-field diff: only the fields a write changed, in order, with added and
// cleared fields told apart, unchanged ones counted, and plain values compared as one field.
import { describe, expect, it } from 'vitest';
import { fieldChanges, fieldValueText } from './history-ui.js';

describe('fieldChanges', () => {
  it('lists changed, added and cleared fields and counts the rest', () => {
    const before = { name: 'Ulaanbaatar', type: 'place', aliases: ['Urga'], wikidata: 'Q23430', country: 'MNG' };
    const after = {
      name: 'Ulaanbaatar',
      type: 'place',
      aliases: ['Urga', 'Ulan Bator'],
      country: 'MNG',
      attributes: { population: '1.6 million' },
    };
    expect(fieldChanges(before, after)).toEqual({
      changes: [
        { field: 'aliases', before: ['Urga'], after: ['Urga', 'Ulan Bator'], change: 'changed' },
        { field: 'wikidata', before: 'Q23430', after: undefined, change: 'removed' },
        { field: 'attributes', before: undefined, after: { population: '1.6 million' }, change: 'added' },
      ],
      unchanged: 3,
    });
  });

  it('treats a record created or deleted as every field added or removed', () => {
    expect(fieldChanges(null, { status: 'confirmed' }).changes).toEqual([
      { field: 'status', before: undefined, after: 'confirmed', change: 'added' },
    ]);
    expect(fieldChanges({ role: 'editor' }, null).changes).toEqual([
      { field: 'role', before: 'editor', after: undefined, change: 'removed' },
    ]);
  });

  it('compares plain values as one field', () => {
    expect(fieldChanges('pending', 'rejected').changes).toEqual([
      { field: 'value', before: 'pending', after: 'rejected', change: 'changed' },
    ]);
    expect(fieldChanges(['a'], ['a'])).toEqual({ changes: [], unchanged: 1 });
    expect(fieldChanges(null, null)).toEqual({ changes: [], unchanged: 1 });
  });
});

describe('fieldValueText', () => {
  it('writes values as text a reader knows', () => {
    expect(fieldValueText(['Astana', 'Nur-Sultan'])).toBe('Astana, Nur-Sultan');
    expect(fieldValueText(null)).toBe('none');
    expect(fieldValueText({ from: '1996', to: '2001' })).toBe('{"from":"1996","to":"2001"}');
  });
});
