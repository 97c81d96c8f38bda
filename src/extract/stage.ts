// What an extraction stage is, and how a list of stages is checked and run. A stage declares the
// named artifacts it reads (`requires`) and those it adds (`provides`); `run` gets exactly what it
// requires and answers exactly what it provides. A list of stages is valid when every `requires` is
// an input of the run or provided by an earlier stage, and no artifact is provided twice
// (`checkStages`, run on the extraction pipeline when pipeline.ts loads). `runStages` runs a valid
// list in order, optionally timing each stage (ms, performance.now). The artifacts of the
// extraction pipeline are named in `Artifacts`; a list may add others (a test's toy stage does).
import type {
  Entity,
  Event,
  Extraction,
  Mention,
  Posture,
  ProfileDocument,
  Quantity,
  ReferenceData,
  Relation,
  SourceSubject,
  Theme,
} from '../model/index.js';
import type { Analysis } from './analysis.js';
import type { DraftMention } from './stages/draft-mention.js';
import type { SentenceContext } from './stages/sentence-context.js';
import type { DraftTime } from './stages/times.js';

/** Everything the extraction stages read and write, by name. */
export interface Artifacts {
  /** Inputs of a run. */
  document: ProfileDocument;
  reference: ReferenceData;
  /** Tokens, sentence token ranges and the gazetteer index (analysis.ts). */
  analysis: Analysis;
  gazetteerMentions: DraftMention[];
  detectedNames: DraftMention[];
  /** Gazetteer and detected mentions merged, with short forms linked: the named mentions, in text order. */
  drafts: DraftMention[];
  times: DraftTime[];
  quantities: Quantity[];
  contexts: SentenceContext[];
  /** The contract mentions of the named drafts (same order), and their entities. */
  namedMentions: Mention[];
  entities: Entity[];
  /** Descriptions and pronouns that refer back to a named entity ("the pipeline", "he"), in text order. */
  coreferences: Mention[];
  events: Event[];
  relations: Relation[];
  interestThemes: Theme[][];
  sentenceThemes: Theme[][];
  posture: Posture | null;
  subjects: SourceSubject[] | undefined;
  extraction: Extraction;
}

export type ArtifactName = keyof Artifacts;

/** The inputs a run of the extraction pipeline starts from. */
export const pipelineInputs: readonly ArtifactName[] = ['document', 'reference'];

/** A stage reading the artifacts `In` and adding the artifacts `Out`. */
export interface Stage<In extends object, Out extends object> {
  readonly name: string;
  readonly requires: readonly (keyof In & string)[];
  readonly provides: readonly (keyof Out & string)[];
  run(input: In): Out;
}

/** A stage of the extraction pipeline: reads the artifacts named R, adds those named P. */
export type ExtractionStage<R extends ArtifactName, P extends ArtifactName> = Stage<
  Pick<Artifacts, R>,
  Pick<Artifacts, P>
>;

/** Any stage, as a list holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list holds stages of every input and output type
export type AnyStage = Stage<any, any>;

/** Per-stage wall time of one run, in milliseconds, in run order. */
export interface StageTiming {
  stage: string;
  ms: number;
}

/** Throws when a stage requires an artifact neither an input nor provided before it, or two provide one. */
export function checkStages(stages: readonly AnyStage[], inputs: readonly string[]): void {
  const available = new Map<string, string>(inputs.map((name) => [name, 'the input']));
  const names = new Set<string>();
  for (const stage of stages) {
    if (names.has(stage.name)) throw new Error(`extraction pipeline: two stages are named "${stage.name}"`);
    names.add(stage.name);
    for (const needed of stage.requires)
      if (!available.has(needed))
        throw new Error(
          `extraction pipeline: stage "${stage.name}" requires "${needed}", which no earlier stage provides`,
        );
    for (const made of stage.provides) {
      const by = available.get(made);
      if (by) throw new Error(`extraction pipeline: stage "${stage.name}" provides "${made}", already from ${by}`);
      available.set(made, `stage "${stage.name}"`);
    }
  }
}

/**
 * Runs `stages` (checked with `checkStages`) over `inputs`: each gets the artifacts it requires and adds what it
 * provides. Answers every artifact, and the per-stage timings when `profile` is set.
 */
export function runStages(
  stages: readonly AnyStage[],
  inputs: Record<string, unknown>,
  options: { profile?: boolean } = {},
): { artifacts: Record<string, unknown>; timings?: StageTiming[] } {
  const artifacts: Record<string, unknown> = { ...inputs };
  const timings: StageTiming[] = [];
  for (const stage of stages) {
    const input: Record<string, unknown> = {};
    for (const name of stage.requires) input[name] = artifacts[name];
    const started = options.profile ? performance.now() : 0;
    const output = stage.run(input) as Record<string, unknown>;
    if (options.profile) timings.push({ stage: stage.name, ms: performance.now() - started });
    for (const name of stage.provides) {
      if (!(name in output)) throw new Error(`extraction pipeline: stage "${stage.name}" did not provide "${name}"`);
      artifacts[name] = output[name];
    }
  }
  return options.profile ? { artifacts, timings } : { artifacts };
}

/** Timings as a table for a terminal: one line per stage (ms, one decimal), then the total. */
export function formatStageTimings(timings: readonly StageTiming[]): string {
  const width = Math.max(5, ...timings.map((timing) => timing.stage.length));
  const line = (label: string, ms: number): string => `  ${label.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms\n`;
  const total = timings.reduce((sum, timing) => sum + timing.ms, 0);
  const rows = timings.map((timing) => line(timing.stage, timing.ms)).join('');
  return `extraction stages:\n${rows}${line('total', total)}`;
}
