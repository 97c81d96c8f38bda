// EDTF (Extended Date/Time Format, ISO 8601-2 level 0/1 subset) values used for times:
// `2021`, `2021-10`, `2021-10-15`, `199X`, `20XX`, intervals `2021-08-15/..`, `../2021-08-15`.
import { z } from 'zod';

const datePart = String.raw`(?:\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?|\d{3}X|\d{2}XX)`;
const edtfPattern = new RegExp(String.raw`^(?:${datePart}|(?:${datePart}|\.\.)/(?:${datePart}|\.\.))$`);

export const isEdtf = (value: string): boolean => edtfPattern.test(value) && value !== '../..';

export const EdtfSchema = z
  .string()
  .refine(isEdtf, { message: 'expected an EDTF date such as 2021, 2021-10, 2021-10-15, 199X or 2021-08-15/..' });
export type Edtf = z.infer<typeof EdtfSchema>;

/** The earliest and latest ISO day an EDTF value covers, for sorting and filtering. */
export function edtfBounds(value: string): { earliest: string | null; latest: string | null } {
  if (value.includes('/')) {
    const [from = '..', to = '..'] = value.split('/');
    return {
      earliest: from === '..' ? null : edtfBounds(from).earliest,
      latest: to === '..' ? null : edtfBounds(to).latest,
    };
  }
  if (/^\d{3}X$/.test(value)) return { earliest: `${value.slice(0, 3)}0-01-01`, latest: `${value.slice(0, 3)}9-12-31` };
  if (/^\d{2}XX$/.test(value))
    return { earliest: `${value.slice(0, 2)}00-01-01`, latest: `${value.slice(0, 2)}99-12-31` };
  const [y, m, d] = value.split('-');
  if (!y) return { earliest: null, latest: null };
  if (d && m) return { earliest: value, latest: value };
  if (m) {
    const month = Number(m);
    if (month > 12) return { earliest: `${y}-01-01`, latest: `${y}-12-31` }; // seasons 21–24
    const last = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
    return { earliest: `${y}-${m}-01`, latest: `${y}-${m}-${String(last).padStart(2, '0')}` };
  }
  return { earliest: `${y}-01-01`, latest: `${y}-12-31` };
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const seasonNames: Record<string, string> = { '21': 'spring', '22': 'summer', '23': 'autumn', '24': 'winter' };

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/**
 * An EDTF value as a reader says it: "15 August 2021", "October 2021", "the 1990s", "after 15 August 2021",
 * "1996–2001".
 */
export function describeEdtf(value: string): string {
  if (value.includes('/')) {
    const [from = '..', to = '..'] = value.split('/');
    if (to === '..') return `after ${describeEdtf(from)}`;
    if (from === '..') return `before ${describeEdtf(to)}`;
    return `${describeEdtf(from)}–${describeEdtf(to)}`;
  }
  if (/^\d{3}X$/.test(value)) return `the ${value.slice(0, 3)}0s`;
  if (/^\d{2}XX$/.test(value)) return `the ${ordinal(Number(value.slice(0, 2)) + 1)} century`;
  const [year, month, day] = value.split('-');
  if (month && seasonNames[month]) return `${seasonNames[month]} ${year}`;
  if (day && month) return `${Number(day)} ${monthNames[Number(month) - 1]} ${year}`;
  if (month) return `${monthNames[Number(month) - 1]} ${year}`;
  return year ?? value;
}
