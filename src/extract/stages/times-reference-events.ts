// Reference events: events the collection dates by name ("the fall of Kabul" → 2021-08-15, "the
// Doha Agreement" → 2020-02-29). Besides the word phrases, the 2001 attacks on the United States are
// read from "9/11" (alone, "the 9/11 attacks", "post-9/11") and from "September 11" / "11 September"
// only when "attack(s)" follows ("the September 11 attacks") or "after"/"since"/"before" comes before
// a yearless "September 11" ("long before September 11"): "talks on September 11" is an ordinary
// date (times-day-dates.ts). An explicit "September 11, 2001" is a plain date already.
import { monthNumbers } from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';

interface ReferenceEvent {
  phrase: string[];
  date: string;
}

/**
 * Phrases are normalised tokens, hyphens dropped. Only events whose date is certain and whose name is unambiguous here.
 */
const referenceEvents: ReferenceEvent[] = [
  { phrase: ['taliban', 'takeover'], date: '2021-08-15' },
  { phrase: ['taliban', "'", 's', 'takeover'], date: '2021-08-15' },
  { phrase: ['taliban', 'takeover', 'of', 'afghanistan'], date: '2021-08-15' },
  { phrase: ['taliban', 'takeover', 'of', 'kabul'], date: '2021-08-15' },
  { phrase: ['takeover', 'of', 'kabul'], date: '2021-08-15' },
  { phrase: ['fall', 'of', 'kabul'], date: '2021-08-15' },
  { phrase: ['taliban', "'", 's', 'return', 'to', 'power'], date: '2021-08-15' },
  { phrase: ['taliban', 'return', 'to', 'power'], date: '2021-08-15' },
  { phrase: ['return', 'of', 'the', 'taliban'], date: '2021-08-15' },
  { phrase: ['taliban', "'", 's', 'seizure', 'of', 'power'], date: '2021-08-15' },
  { phrase: ['doha', 'agreement'], date: '2020-02-29' },
  // The last Soviet troops left Afghanistan on 15 February 1989; the intervention began in December 1979.
  { phrase: ['soviet', 'withdrawal'], date: '1989-02-15' },
  { phrase: ['soviet', 'withdrawal', 'from', 'afghanistan'], date: '1989-02-15' },
  { phrase: ['soviet', 'invasion', 'of', 'afghanistan'], date: '1979-12' },
  { phrase: ['soviet', 'intervention', 'in', 'afghanistan'], date: '1979-12' },
  // Signed in Bonn on 5 December 2001.
  { phrase: ['bonn', 'agreement'], date: '2001-12-05' },
];

export const nineElevenDate = '2001-09-11';

export interface ReferenceEventMatch {
  date: string;
  /** Last token of the event's phrase. */
  last: number;
}

/** The longest reference-event phrase starting at token k (joiners between words are skipped). */
export function matchReferenceEvent(tokens: readonly Token[], k: number, end: number): ReferenceEventMatch | null {
  const first = tokens[k];
  if (!first) return null;
  if (first.kind !== TokenKind.Word) return first.kind === TokenKind.Number ? matchNineEleven(tokens, k, end) : null;
  let best: ReferenceEventMatch | null = first.capitalised ? matchNineEleven(tokens, k, end) : null;
  for (const event of referenceEvents) {
    if (event.phrase[0] !== first.norm) continue;
    let j = k;
    let ok = true;
    for (let p = 1; p < event.phrase.length; p++) {
      j++;
      while (j < end && isJoiner(tokens[j] as Token)) j++;
      if (j >= end || (tokens[j] as Token).norm !== event.phrase[p]) {
        ok = false;
        break;
      }
    }
    if (ok && (!best || j > best.last)) best = { date: event.date, last: j };
  }
  return best;
}

const glued = (token: Token | undefined): boolean => token !== undefined && !token.spaceBefore;
const attackWords = new Set(['attack', 'attacks']);
const attackModifiers = new Set(['terrorist', 'terror']);

/**
 * "9/11" (not a full numeric date "9/11/2021", nor part of "19/11"), or "September 11 attacks" / "11 September
 * attacks".
 */
function matchNineEleven(tokens: readonly Token[], k: number, end: number): ReferenceEventMatch | null {
  const token = tokens[k] as Token;
  if (token.kind === TokenKind.Number) {
    if (
      token.raw === '9' &&
      tokens[k + 1]?.raw === '/' &&
      glued(tokens[k + 1]) &&
      tokens[k + 2]?.raw === '11' &&
      glued(tokens[k + 2]) &&
      k + 2 < end
    ) {
      const before = tokens[k - 1];
      if (before && glued(token) && (before.raw === '/' || before.kind === TokenKind.Number)) return null;
      const after = tokens[k + 3];
      if (after && glued(after) && (after.raw === '/' || after.kind === TokenKind.Number)) return null;
      return { date: nineElevenDate, last: withAttacks(tokens, k + 2, end) };
    }
    // "11 September attacks".
    if (token.raw === '11' && monthNumbers.get(tokens[k + 1]?.norm ?? '') === 9 && tokens[k + 1]?.capitalised) {
      const last = withAttacks(tokens, k + 1, end);
      return last > k + 1 ? { date: nineElevenDate, last } : null;
    }
    return null;
  }
  // "September 11 attacks", "Sept. 11 attacks", "September 11th terrorist attacks".
  if (monthNumbers.get(token.norm) !== 9) return null;
  let j = k + 1;
  if (tokens[j]?.raw === '.' && glued(tokens[j])) j++;
  const day = tokens[j];
  if (!day || (day.norm !== '11' && day.norm !== '11th') || j >= end) return null;
  const last = withAttacks(tokens, j, end);
  return last > j ? { date: nineElevenDate, last } : null;
}

const anchorWords = new Set(['after', 'following', 'since', 'before', 'until', 'till', 'post', 'pre']);

/**
 * Whether a yearless "September 11" (month first, the event's name) at token `first` names the
 * attacks: right after "after", "since", "before", "until" ("long before September 11"). "On 11
 * September", "talks on September 11" are ordinary dates.
 */
export function namesNineEleven(
  tokens: readonly Token[],
  first: number,
  floor: number,
  month: number,
  day: number,
): boolean {
  if (month !== 9 || day !== 11 || monthNumbers.get(tokens[first]?.norm ?? '') !== 9 || first - 1 < floor) return false;
  let anchor = tokens[first - 1] as Token;
  if (isJoiner(anchor) && !(tokens[first] as Token).spaceBefore && first - 2 >= floor)
    anchor = tokens[first - 2] as Token;
  return anchorWords.has(anchor.norm);
}

/** Extends an event's last token over "attacks" / "terrorist attacks" right after it. */
function withAttacks(tokens: readonly Token[], last: number, end: number): number {
  let j = last + 1;
  if (attackModifiers.has(tokens[j]?.norm ?? '')) j++;
  return j < end && attackWords.has(tokens[j]?.norm ?? '') ? j : last;
}
