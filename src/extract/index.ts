// The extraction layer's entry points: the declared pipeline (pipeline.ts) over the ingested
// document and the reference data — gazetteer mentions, unknown names, linking, times, quantities,
// sentence contexts, coreference, events, relations, themes, posture and a source's subjects —
// composed into the §3 contract object (extraction.md).
import type { Extraction, ProfileDocument, ReferenceData } from '../model/index.js';
import { runPipeline } from './pipeline.js';

export { extractLimits, type ExtractLimit } from './extract-limits.js';
export { eventsAfterDeath, type EventAfterDeath } from './stages/fact-time.js';
export { loadReferenceData, defaultDataDir, buildCountryRecords } from './reference/reference-data-loader.js';
export { runPipeline, extractionStages, type PipelineRun } from './pipeline.js';
export { formatStageTimings, type StageTiming } from './stage.js';

export function extractProfile(document: ProfileDocument, reference: ReferenceData): Extraction {
  return runPipeline(document, reference).extraction;
}
