// When each relation claim holds, stored with it (migration 29): its days and tense (model/claim-time.ts, from its
// `valid`, `current` and its document's date), indexed after its words and polarity in relations_by_claim. The
// checks of one profile seek, for each of its claims, the opposite claims whose times overlap it, instead of reading
// every opposite claim with its document and sentence and deciding the overlap in code ("Pakistan recognizes the
// Taliban" in the 1990s against 5,700 current denials at 100k documents, none of which overlaps). Kept in step at
// save (computed columns, item-kinds.ts) and on a reviewer's edit or added fact (Editorial.refreshBounds); an entity
// merge renames a claim's parties, not its time.
import { claimTime, storedClaimTime, type ClaimTense } from '../model/index.js';
import type { PreparedDocument } from './rows.js';

/** The date a document's claims are placed by: its publication date, else its "as of" date. */
export const claimDateOf = (document: { published?: string | null; as_of?: string | null }): string | null =>
  document.published ?? document.as_of ?? null;

/** The stored time of a relation (valid, current) of a document dated `date`. */
export const claimBoundsOf = (
  relation: { valid?: string | null; current?: boolean | null },
  date: string | null,
): { earliest: string | null; latest: string | null; tense: ClaimTense | null } =>
  storedClaimTime(claimTime(relation, date));

/** The stored time of a relation of a document being saved. */
export const relationTimeOf = (
  relation: { valid?: string | null; current?: boolean | null },
  prepared: PreparedDocument,
): ReturnType<typeof claimBoundsOf> =>
  claimBoundsOf(
    relation,
    claimDateOf({ published: prepared.document.metadata.published, as_of: prepared.document.metadata.asOf }),
  );

/** The SQL of migration 29 (filled by each backend's step from claimBoundsOf). */
export const claimBoundsSql = (d: { text: string; int: string; byteOrder: string }): string =>
  `ALTER TABLE relations ADD COLUMN earliest ${d.text};
ALTER TABLE relations ADD COLUMN latest ${d.text};
ALTER TABLE relations ADD COLUMN tense ${d.int};
DROP INDEX IF EXISTS relations_by_claim;
CREATE INDEX relations_by_claim ON relations (subject, predicate, object, negated, tense, latest${d.byteOrder},
  earliest${d.byteOrder});
`;
