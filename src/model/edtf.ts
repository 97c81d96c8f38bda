// EDTF (Extended Date/Time Format, ISO 8601-2 level 0/1 subset) values used for times:
// `2021`, `2021-10`, `2021-10-15`, `199X`, `20XX`, intervals `2021-08-15/..`, `../2021-08-15`.
import { z } from 'zod';

const datePart = String.raw`(?:\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-(?:0[1-9]|[12]\d|3[01]))?)?|\d{3}X|\d{2}XX)`;
const edtfPattern = new RegExp(String.raw`^(?:${datePart}|(?:${datePart}|\.\.)/(?:${datePart}|\.\.))$`);

export const isEdtf = (value: string): boolean => edtfPattern.test(value) && value !== '../..';

export const EdtfSchema = z.string().refine(isEdtf, { message: 'expected an EDTF date such as 2021, 2021-10, 2021-10-15, 199X or 2021-08-15/..' });
export type Edtf = z.infer<typeof EdtfSchema>;

/** The earliest and latest ISO day an EDTF value covers, for sorting and filtering. */
export function edtfBounds(value: string): { earliest: string | null; latest: string | null } {
  if (value.includes('/')) {
    const [from = '..', to = '..'] = value.split('/');
    return { earliest: from === '..' ? null : edtfBounds(from).earliest, latest: to === '..' ? null : edtfBounds(to).latest };
  }
  if (/^\d{3}X$/.test(value)) return { earliest: `${value.slice(0, 3)}0-01-01`, latest: `${value.slice(0, 3)}9-12-31` };
  if (/^\d{2}XX$/.test(value)) return { earliest: `${value.slice(0, 2)}00-01-01`, latest: `${value.slice(0, 2)}99-12-31` };
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
