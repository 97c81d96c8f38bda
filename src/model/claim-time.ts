// When a relation claim holds, as far as its text says (the reference checks, product capability 3): the days of
// its own time (`valid`), else, for a current claim, the year of its document. Shared by the checks
// (src/core/reference-checks.ts), which compare claims with it, and the store, which keeps these bounds with each
// relation (migration 29) so that one profile's checks seek the opposite claims whose times overlap its own instead
// of reading every claim with the same words (thousands of "does not recognize the Taliban" in a large collection).
import { edtfBounds } from './edtf.js';

const beginningOfTime = '0000-01-01';
const endOfTime = '9999-12-31';

/** The days a claim holds, as far as its text says. */
export interface ClaimTime {
  from: string;
  to: string;
  /** A claim the text places in the past (`current: false`). */
  past: boolean;
  /** Whether the text gives the claim a time of its own (`valid`). */
  timed: boolean;
}

/** A document date as a year: a current claim holds in the year its document was written. */
function documentYear(date: string | null | undefined): { earliest: string; latest: string } | null {
  const year = date ? /^\d{4}/.exec(date)?.[0] : undefined;
  return year ? { earliest: `${year}-01-01`, latest: `${year}-12-31` } : null;
}

/**
 * When a relation holds, given the date of its document (publication date, else "as of"); null when it cannot be
 * placed (a past claim without a time).
 */
export function claimTime(
  relation: { valid?: string | null; current?: boolean | null },
  date: string | null | undefined,
): ClaimTime | null {
  const past = relation.current === false;
  const year = documentYear(date);
  if (!relation.valid) {
    if (past) return null;
    // A current claim without a time of its own holds when its document was written (undated: any time).
    return { from: year?.earliest ?? beginningOfTime, to: year?.latest ?? endOfTime, past, timed: false };
  }
  const bounds = edtfBounds(relation.valid);
  if (past)
    return {
      from: bounds.earliest ?? beginningOfTime,
      to: bounds.latest ?? year?.earliest ?? endOfTime,
      past,
      timed: true,
    };
  const latest = bounds.latest === null ? endOfTime : year && year.latest > bounds.latest ? year.latest : bounds.latest;
  return { from: bounds.earliest ?? beginningOfTime, to: latest, past, timed: true };
}

/**
 * Whether two claims can hold at the same time. A past claim and a current one without a time of
 * its own never do ("recognized … in the 1990s" and "does not recognize"); a past claim without a
 * time cannot be placed and contradicts nothing.
 */
export function claimTimesOverlap(a: ClaimTime | null, b: ClaimTime | null): boolean {
  if (!a || !b) return false;
  if (a.past !== b.past && !(a.past ? b : a).timed) return false;
  return a.from <= b.to && b.from <= a.to;
}

/**
 * The stored form of a claim's time (the relation's `earliest`, `latest` and `tense` columns): its days, and its
 * tense, 0 for a current claim without a time of its own, 1 for a current claim with one, 2 for a past claim (with
 * one); all null when it cannot be placed.
 */
export type ClaimTense = 0 | 1 | 2;
export function storedClaimTime(time: ClaimTime | null): {
  earliest: string | null;
  latest: string | null;
  tense: ClaimTense | null;
} {
  if (!time) return { earliest: null, latest: null, tense: null };
  return { earliest: time.from, latest: time.to, tense: time.past ? 2 : time.timed ? 1 : 0 };
}

/**
 * The tenses of the claims whose times can overlap a claim of tense `tense` (claimTimesOverlap): a past claim and a
 * current one without a time of its own never do.
 */
export const overlappingTenses = (tense: ClaimTense): ClaimTense[] =>
  tense === 0 ? [0, 1] : tense === 2 ? [1, 2] : [0, 1, 2];

/**
 * The opposite claims a contradiction lists at most (of profiles, and of sources): the first by actor id and place
 * in the document. One profile's checks read no more than this of each kind for each of its claims, however many
 * documents deny it.
 */
export const relatedClaimLimit = 20;
