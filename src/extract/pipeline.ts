// The extraction pipeline, declared: the list of stages in run order, checked when this module
// loads (every stage's `requires` is an input or provided by an earlier stage; see stage.ts), and
// `runPipeline`, which runs it over a document and the reference data and answers the Extraction,
// with per-stage timings when asked (`dossier extract --profile`).
import type { Extraction, ProfileDocument, ReferenceData } from '../model/index.js';
import { analysisStage } from './analysis.js';
import { checkStages, pipelineInputs, runStages, type AnyStage, type StageTiming } from './stage.js';
import { assemblyStage } from './stages/assemble.js';
import { coreferenceStage } from './stages/coreference.js';
import { eventsStage } from './stages/events.js';
import { gazetteerStage } from './stages/gazetteer-matcher.js';
import { mentionLinkingStage, namedMentionsStage } from './stages/mention-linker.js';
import { nameDetectorStage } from './stages/name-detector.js';
import { postureStage } from './stages/posture.js';
import { quantitiesStage } from './stages/quantities.js';
import { relationsStage } from './stages/relations.js';
import { sentenceContextStage } from './stages/sentence-context.js';
import { sourceSubjectsStage } from './stages/source-subjects.js';
import { themesStage } from './stages/themes.js';
import { timesStage } from './stages/times.js';

/** The stages of extraction, in run order (the limits are checked in analysis and mention-linking, before the rest). */
export const extractionStages: readonly AnyStage[] = [
  analysisStage,
  gazetteerStage,
  nameDetectorStage,
  mentionLinkingStage,
  timesStage,
  quantitiesStage,
  sentenceContextStage,
  namedMentionsStage,
  coreferenceStage,
  eventsStage,
  relationsStage,
  themesStage,
  postureStage,
  sourceSubjectsStage,
  assemblyStage,
];

checkStages(extractionStages, pipelineInputs);

export interface PipelineRun {
  extraction: Extraction;
  /** Per-stage wall time (ms), when run with `profile`. */
  timings?: StageTiming[];
}

/** Runs the extraction pipeline over a document with the reference data. */
export function runPipeline(
  document: ProfileDocument,
  reference: ReferenceData,
  options: { profile?: boolean } = {},
): PipelineRun {
  const { artifacts, timings } = runStages(extractionStages, { document, reference }, options);
  const extraction = artifacts['extraction'] as Extraction;
  return timings ? { extraction, timings } : { extraction };
}
