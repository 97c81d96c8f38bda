// How a review rule's decision is stored (migration 18): the rule as a short code, and no time.
// What the review columns of a reviewed item mean:
// - review_status: machine (nobody decided, or a decision was undone), confirmed, edited or rejected;
// - reviewed_by: who decided last: a user's name, or a rule; a rule (`rule:<name>`) is stored as its code (`:c` for
//   rule:exact-country...; a user name cannot hold a colon, so a code is never a user's) or, for a rule without a
//   code, as its name;
// - reviewed_at: when a person decided; null for a rule's decision, whose time is the ingest time of the document
//   version it is on (a rule decides when a version is saved, or its decision is carried to the next version).
// About 92% of mentions are confirmed by a rule: 'rule:exact-gazetteer' and a 24-character timestamp on each were
// ~3 KB of every document.

/** The code of each known rule (never reuse a code: stored rows keep it). */
const ruleCodes: Readonly<Record<string, string>> = {
  'rule:exact-country': ':c',
  'rule:exact-gazetteer': ':g',
  'rule:explicit-date': ':d',
};
const ruleNames: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ruleCodes).map(([name, code]) => [code, name]),
);

/** Whether a reviewer (as named to callers) is a rule. */
export const isRuleReviewer = (by: string | null | undefined): boolean =>
  typeof by === 'string' && by.startsWith('rule:');

/** The reviewed_by value stored for a reviewer. */
export const storedReviewer = (by: string | null): string | null => (by === null ? null : (ruleCodes[by] ?? by));

/** The reviewer named by a stored reviewed_by value. */
export const reviewerOf = (stored: unknown): string | null =>
  typeof stored === 'string' ? (ruleNames[stored] ?? stored) : null;

/** The reviewed_at stored for a decision by `by` at `at` (a rule's decision keeps no time). */
export const storedReviewTime = (by: string | null, at: string | null): string | null =>
  isRuleReviewer(by) ? null : at;

/**
 * The time of a stored decision: its reviewed_at, or for a rule's decision the ingest time of its document
 * (`ingestedAt`); null when nobody decided.
 */
export const reviewTimeOf = (storedBy: unknown, storedAt: unknown, ingestedAt: unknown): unknown =>
  storedAt ?? (isRuleReviewer(reviewerOf(storedBy)) ? ingestedAt : null);
