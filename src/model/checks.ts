// The findings of the reference checks (GET /api/checks) as zod schemas: claims checked against the country data,
// contradictions within a profile, between profiles and with sources, changes between versions and confirmed facts
// whose sentence was edited away. Computed in src/core/reference-checks.ts; the web UI imports their types from here.
import { z } from 'zod';
import { EvidenceSentenceSchema } from './views.js';

export const checkKinds = [
  'contradicts-reference',
  'confirmed-by-reference',
  'contradicts-itself',
  'contradicts-profile',
  'contradicts-source',
  'conflicting-dates',
  'changed-between-versions',
  'evidence-removed',
  'event-after-death',
] as const;
export const CheckKindSchema = z.enum(checkKinds);
export type CheckKind = z.infer<typeof CheckKindSchema>;

/**
 * `error`: the text contradicts the reference data; `warning`: texts disagree or evidence is gone; `info`: confirmed,
 * or a change between versions.
 */
export const CheckSeveritySchema = z.enum(['error', 'warning', 'info']);
export type CheckSeverity = z.infer<typeof CheckSeveritySchema>;

/** The other piece of evidence of a finding: a sentence of another profile, a source, or another version. */
export const RelatedSentenceSchema = EvidenceSentenceSchema.extend({
  /** The profile's actor name, or the source's title. */
  actorName: z.string(),
  /** Whether the sentence is in a profile or a source. */
  documentKind: z.enum(['profile', 'source']),
}).meta({ id: 'RelatedSentence' });
export type RelatedSentence = z.infer<typeof RelatedSentenceSchema>;

export const CheckFindingSchema = z
  .object({
    /** Stable within one state of the knowledge base: kind, actor, evidence start and claim. */
    id: z.string(),
    /** The actor whose profile makes the checked claim. */
    actor: z.string(),
    actorName: z.string(),
    kind: CheckKindSchema,
    severity: CheckSeveritySchema,
    /** The claim as a reader would state it ("Kazakhstan does not border Afghanistan"). */
    claim: z.string(),
    message: z.string(),
    /**
     * The sentence of this actor's profile that makes the claim (for `evidence-removed`: in the version where it was
     * confirmed).
     */
    evidence: EvidenceSentenceSchema,
    /**
     * The other evidence: sentences the claim contradicts, the earlier version's sentence of a change, the latest
     * version's rewording of removed evidence.
     */
    related: z.array(RelatedSentenceSchema),
    /** What the reference data says, for reference checks; null otherwise. */
    reference: z.string().nullable(),
  })
  .meta({ id: 'CheckFinding' });
export type CheckFinding = z.infer<typeof CheckFindingSchema>;

const count = z.number().int().nonnegative();
export const CheckCountsSchema = z.object({
  contradictsReference: count,
  confirmedByReference: count,
  contradictsItself: count,
  contradictsProfile: count,
  contradictsSource: count,
  conflictingDates: count,
  changedBetweenVersions: count,
  evidenceRemoved: count,
  eventAfterDeath: count,
});
/** Findings by group: `contradictions` (possible errors), `confirmed`, `changes` between versions, `staleEvidence`. */
export const CheckSummarySchema = z.object({
  contradictions: count,
  confirmed: count,
  changes: count,
  staleEvidence: count,
});
/**
 * What the checks read: the whole collection; for one actor, its versions and the documents sharing a claim or an
 * event with it.
 */
export const CheckScopeSchema = z
  .object({
    profiles: count,
    /** Versions of profiles read (latest and earlier). */
    versions: count,
    sources: count,
    /** Relations compared (latest versions of profiles and sources). */
    relations: count,
    /** Border claims between two countries checked against the country data. */
    borderClaims: count,
    /** Dated events compared across profiles. */
    events: count,
    /** Facts confirmed or edited by a reviewer in earlier versions, looked for in the latest. */
    confirmedFacts: count,
  })
  .meta({ id: 'CheckScope' });
export type CheckScope = z.infer<typeof CheckScopeSchema>;

/** How far a whole-collection computation of the checks has come. */
export const CheckProgressSchema = z
  .object({
    /** Documents (latest versions, earlier versions of profiles, sources) read so far. */
    checked: count,
    /** Documents to read; 0 while they are being listed. */
    of: count,
  })
  .meta({ id: 'CheckProgress' });
export type CheckProgress = z.infer<typeof CheckProgressSchema>;

export const CheckReportSchema = z
  .object({
    findings: z.array(CheckFindingSchema),
    counts: CheckCountsSchema,
    summary: CheckSummarySchema,
    checked: CheckScopeSchema,
    /** The cursor of the next page of the whole collection's findings; null on the last page and for one actor. */
    next: z.string().nullable(),
    /**
     * True when the store changed since these findings were computed (the whole collection's findings at the current
     * revision are being computed in the background; `?fresh=true` waits for them).
     */
    stale: z.boolean().optional(),
    /**
     * Present while the whole collection's findings are computed in the background and none at the current revision
     * are known yet: `checked` documents read of the `of` to read (0 while they are being listed; equal once all are
     * read and their claims are compared). The findings, counts and summary are then those of an earlier revision
     * (with `stale`), or empty; `?fresh=true` waits for the computation instead.
     */
    computing: CheckProgressSchema.optional(),
  })
  .meta({ id: 'CheckReport' });
export type CheckReport = z.infer<typeof CheckReportSchema>;
