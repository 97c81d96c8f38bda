// From bytes to what the store saves: ingest the document, run the extraction pipeline with the
// reference data (countries and the curated gazetteer), and decide the review rules on the
// extraction (where it is made: in an ingest worker or on this thread), for the store to apply.
import type { Extraction, ProfileDocument, ReferenceData, SourceFormat } from '../model/index.js';
import { ingestDocument, ingestProfile } from '../ingest/index.js';
import { runPipeline, type StageTiming } from '../extract/index.js';
import { defaultDataDir, loadReferenceData } from '../extract/reference/reference-data-loader.js';
import { decideReviewRules, type RuleDecision } from './review-rules.js';

export interface ProcessedProfile {
  document: ProfileDocument;
  extraction: Extraction;
  /** The items of the extraction the review rules confirm at save (see review-rules.ts). */
  ruleDecisions: RuleDecision[];
  /** The time of each extraction stage (ms), when asked for with `profile`. */
  timings?: StageTiming[];
}

export { formatStageTimings, type StageTiming } from '../extract/index.js';

function processed(
  document: ProfileDocument,
  reference: ReferenceData,
  { profile = false, reviewRules = true }: { profile?: boolean; reviewRules?: boolean } = {},
): ProcessedProfile {
  const { extraction, timings } = runPipeline(document, reference, { profile });
  // The rules index every gazetteer name on first use: left out where nothing is saved (`dossier extract`).
  const ruleDecisions = reviewRules ? decideReviewRules(extraction, reference) : [];
  return { document, extraction, ruleDecisions, ...(timings && { timings }) };
}

let cachedReference: ReferenceData | undefined;

/** The bundled reference data (loaded once per process). */
export function bundledReferenceData(): ReferenceData {
  cachedReference ??= loadReferenceData(defaultDataDir());
  return cachedReference;
}

/**
 * Ingest and extraction of a document in a text format (plain text, Markdown, HTML); binary formats need
 * `processDocument`.
 */
export function processProfile(
  bytes: Uint8Array,
  name: string,
  format?: SourceFormat,
  reference = bundledReferenceData(),
): ProcessedProfile {
  return processed(ingestProfile({ bytes, name, format }), reference);
}

/**
 * Ingest and extraction of a document in any format (DOCX and PDF are read asynchronously first); `profile` times
 * each extraction stage; `reviewRules: false` leaves the review rules undecided (no ruleDecisions), for callers that
 * save nothing.
 */
export async function processDocument(
  bytes: Uint8Array,
  name: string,
  format?: SourceFormat,
  reference = bundledReferenceData(),
  options: { profile?: boolean; reviewRules?: boolean } = {},
): Promise<ProcessedProfile> {
  return processed(await ingestDocument({ bytes, name, format }), reference, options);
}
