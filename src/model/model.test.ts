// Tests of the model's own logic: EDTF values and bounds, slugs, the error type.
import { describe, expect, it } from 'vitest';
import { describeEdtf, DossierError, edtfBounds, isEdtf, lineColumnAt, slugify } from './index.js';

describe('EDTF', () => {
  it('accepts the values Dossier emits and rejects others', () => {
    for (const value of [
      '2021',
      '2021-10',
      '2021-10-15',
      '199X',
      '20XX',
      '2021-08-15/..',
      '../2021-08-15',
      '2020/2021',
    ])
      expect(isEdtf(value), value).toBe(true);
    for (const value of ['21', '2021-13', '2021-10-32', 'mid-October 2021', '../..', '', '2021-1'])
      expect(isEdtf(value), value).toBe(false);
  });

  it('gives the days a value covers', () => {
    expect(edtfBounds('2021-10')).toEqual({ earliest: '2021-10-01', latest: '2021-10-31' });
    expect(edtfBounds('2024-02')).toEqual({ earliest: '2024-02-01', latest: '2024-02-29' });
    expect(edtfBounds('199X')).toEqual({ earliest: '1990-01-01', latest: '1999-12-31' });
    expect(edtfBounds('2021-08-15/..')).toEqual({ earliest: '2021-08-15', latest: null });
  });
});

describe('ids', () => {
  it('slugifies names to stable ascii ids', () => {
    expect(slugify('Mazar-i-Sharif')).toBe('mazar-i-sharif');
    expect(slugify('Türkiye')).toBe('turkiye');
    expect(slugify("Cote d'Ivoire")).toBe('cote-divoire');
    expect(slugify('  Kazakhstan  ')).toBe('kazakhstan');
  });

  it('makes ids for names in any script by transliteration', () => {
    expect(slugify('Казахстан')).toBe('kazakhstan');
    expect(slugify('Ўзбекистон Республикаси')).toBe('uzbekiston-respublikasi');
    expect(slugify('أفغانستان')).toMatch(/^[a-z0-9]+$/);
    expect(slugify('ישראל')).toMatch(/^[a-z0-9]+$/);
    expect(slugify('Ελλάδα')).toBe('ellada');
    expect(slugify('中华人民共和国')).toBe('zhong-hua-ren-min-gong-he-guo');
    expect(slugify('대한민국')).toBe('dae-han-min-gug');
    expect(slugify('ประเทศไทย')).toMatch(/^[a-z]+$/);
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Łódź')).toBe('lodz');
    expect(slugify('Tashkent 中亚')).toBe('tashkent-zhong-ya');
  });

  it('gives every name with a letter or digit a non-empty, stable id, and only symbol-only names none', () => {
    const names = ['Казахстан', 'أفغانستان', 'ישראל', 'ᏣᎳᎩ', 'ꦗꦮ', '𓀀𓀁', 'ⴰⵎⴰⵣⵉⵖ', 'ߒߞߏ', '🇰🇿'];
    for (const name of names) {
      expect(slugify(name), name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slugify(name)).toBe(slugify(name));
    }
    expect(slugify('---')).toBe('');
    expect(slugify('…')).toBe('');
    expect(slugify('x'.repeat(200)).length).toBeLessThanOrEqual(80);
  });
});

describe('DossierError', () => {
  it('carries code, status and location and renders them', () => {
    const error = new DossierError('INVALID_DOCUMENT', 'no section heading', {
      file: 'a.txt',
      line: 3,
      column: 1,
      expected: 'a heading such as "Profile"',
    });
    expect(error.status).toBe(422);
    expect(error.describe()).toBe('a.txt:3:1: no section heading (expected a heading such as "Profile")');
    expect(error.toEnvelope()).toMatchObject({
      error: { code: 'INVALID_DOCUMENT', message: 'no section heading', line: 3 },
    });
  });

  it('finds line and column of an offset', () => {
    expect(lineColumnAt('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('describeEdtf', () => {
  it('says an EDTF value as a reader would', () => {
    expect(describeEdtf('2021-08-15')).toBe('15 August 2021');
    expect(describeEdtf('2021-10')).toBe('October 2021');
    expect(describeEdtf('2021')).toBe('2021');
    expect(describeEdtf('199X')).toBe('the 1990s');
    expect(describeEdtf('20XX')).toBe('the 21st century');
    expect(describeEdtf('19XX')).toBe('the 20th century');
    expect(describeEdtf('2021-08-15/..')).toBe('after 15 August 2021');
    expect(describeEdtf('../2001-12-05')).toBe('before 5 December 2001');
    expect(describeEdtf('1996/2001')).toBe('1996–2001');
    expect(describeEdtf('2022-22')).toBe('summer 2022');
  });
});
