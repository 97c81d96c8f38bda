// Scores an extraction against hand-made gold annotations (the seed's gold and
// examples/gold/*.gold.json): mention precision/recall/F1 by exact span and by overlap (type must
// match), country-linking and entity-link accuracy, time value accuracy and forbidden times,
// quantities and interests' primary themes. Gold mentions may be given by offsets or by
// `text` + 1-based `occurrence`, mapped onto the extraction's text by the same substring.
import { z } from 'zod';
import { DossierError, type Extraction, type Mention } from '../model/index.js';

const GoldMentionSchema = z.object({
  start: z.number().int().optional(),
  end: z.number().int().optional(),
  text: z.string(),
  occurrence: z.number().int().positive().optional(),
  type: z.string(),
  entity: z.string(),
  country: z.string().nullable(),
});
const GoldTimeSchema = z.object({
  start: z.number().int().optional(),
  end: z.number().int().optional(),
  text: z.string(),
  occurrence: z.number().int().positive().optional(),
  value: z.string(),
});
const GoldQuantitySchema = z.union([
  z.tuple([z.string(), z.number()]),
  z.object({
    text: z.string(),
    occurrence: z.number().int().positive().optional(),
    value: z.number(),
    unit: z.string().optional(),
  }),
]);
export const GoldAnnotationsSchema = z.object({
  document: z.string().optional(),
  actor: z.object({ name: z.string(), country: z.string().nullable() }).optional(),
  interests: z.array(z.object({ rank: z.number().int(), title: z.string(), theme: z.string() })).default([]),
  mentions: z.array(GoldMentionSchema).default([]),
  times: z.array(GoldTimeSchema).default([]),
  not_times: z.array(z.string()).default([]),
  quantities: z.array(GoldQuantitySchema).default([]),
});
export type GoldAnnotations = z.input<typeof GoldAnnotationsSchema>;

export interface Ratio {
  correct: number;
  total: number;
  /** correct / total, or 1 when there is nothing to score. */
  value: number;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predicted: number;
  gold: number;
}

export interface ExtractionEvaluation {
  document: string | null;
  mentionsExact: PrecisionRecall;
  mentionsOverlap: PrecisionRecall;
  countryLinking: Ratio;
  entityLinking: Ratio;
  timeValues: Ratio;
  /** Predicted times whose text holds a string the gold says is not a time. */
  forbiddenTimes: string[];
  quantities: Ratio;
  primaryThemes: Ratio;
  /** Gold items whose text + occurrence could not be found in the extraction's text. */
  unlocated: string[];
  missedMentions: Array<{ text: string; start: number; type: string }>;
  spuriousMentions: Array<{ text: string; start: number; type: string }>;
}

const ratio = (correct: number, total: number): Ratio => ({ correct, total, value: total === 0 ? 1 : correct / total });

function precisionRecall(
  truePositives: number,
  predicted: number,
  gold: number,
  goldHits = truePositives,
): PrecisionRecall {
  const precision = predicted === 0 ? (gold === 0 ? 1 : 0) : truePositives / predicted;
  const recall = gold === 0 ? 1 : goldHits / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives, predicted, gold };
}

/** Start of the n-th (1-based) occurrence of `needle` in `text`, counting overlaps; -1 if absent. */
function locate(text: string, needle: string, occurrence: number): number {
  let index = -1;
  for (let n = 0; n < occurrence; n++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) return -1;
  }
  return index;
}

function spanOf(
  text: string,
  item: { start?: number; end?: number; text: string; occurrence?: number },
): { start: number; end: number } | null {
  if (item.start !== undefined && item.end !== undefined) return { start: item.start, end: item.end };
  const start = locate(text, item.text, item.occurrence ?? 1);
  return start < 0 ? null : { start, end: start + item.text.length };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

type ParsedGold = z.output<typeof GoldAnnotationsSchema>;

/** The gold annotations, checked against their schema. */
function parseGold(goldInput: unknown): ParsedGold {
  const parsed = GoldAnnotationsSchema.safeParse(goldInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DossierError(
      'INVALID_DOCUMENT',
      `gold annotations: ${issue?.message ?? 'invalid'} at ${(issue?.path ?? []).join('.')}`,
      {
        expected: 'gold annotations {mentions, times, not_times, quantities, interests}',
      },
    );
  }
  return parsed.data;
}

/**
 * Whether a gold quantity was extracted: same text (at the same place when an occurrence is given), same value, same
 * unit when given.
 */
function quantityFound(extraction: Extraction, quantity: ParsedGold['quantities'][number]): boolean {
  const item = Array.isArray(quantity)
    ? { text: quantity[0], value: quantity[1], unit: undefined, occurrence: undefined }
    : quantity;
  const span = item.occurrence !== undefined ? spanOf(extraction.text, item) : null;
  return extraction.quantities.some(
    (p) =>
      p.text === item.text &&
      (span === null || p.start === span.start) &&
      Math.abs(p.value - item.value) <= Math.max(1e-3, Math.abs(item.value) * 1e-3) &&
      (item.unit === undefined || p.unit === item.unit),
  );
}

export function evaluateExtraction(whole: Extraction, goldInput: unknown): ExtractionEvaluation {
  // extraction.md says coreference mentions ("the pipeline" after "the TAPI pipeline") are mentions,
  // but the gold files predate them and annotate none: they are left out of the scores here rather
  // than counted as spurious.
  const extraction: Extraction = {
    ...whole,
    mentions: whole.mentions.filter((mention) => mention.via !== 'coreference'),
  };
  const gold = parseGold(goldInput);
  const { text } = extraction;
  const unlocated: string[] = [];

  const goldMentions = gold.mentions.flatMap((mention) => {
    const span = spanOf(text, mention);
    if (!span) {
      unlocated.push(`mention "${mention.text}"#${mention.occurrence ?? 1}`);
      return [];
    }
    return [{ ...mention, ...span }];
  });

  // Exact spans.
  const exactKey = (m: { start: number; end: number; type: string }): string => `${m.start}:${m.end}:${m.type}`;
  const predictedKeys = new Set(extraction.mentions.map(exactKey));
  const exactHits = goldMentions.filter((mention) => predictedKeys.has(exactKey(mention))).length;

  // Overlap, one-to-one, type must match.
  const used = new Set<Mention>();
  const pairs: Array<{ gold: (typeof goldMentions)[number]; predicted: Mention }> = [];
  const missedMentions: ExtractionEvaluation['missedMentions'] = [];
  for (const mention of goldMentions) {
    const match =
      extraction.mentions.find(
        (p) => !used.has(p) && p.type === mention.type && p.start === mention.start && p.end === mention.end,
      ) ?? extraction.mentions.find((p) => !used.has(p) && p.type === mention.type && overlaps(p, mention));
    if (match) {
      used.add(match);
      pairs.push({ gold: mention, predicted: match });
    } else missedMentions.push({ text: mention.text, start: mention.start, type: mention.type });
  }
  const spuriousMentions = extraction.mentions
    .filter((p) => !used.has(p))
    .map((p) => ({ text: p.text, start: p.start, type: p.type }));

  const withCountry = pairs.filter((pair) => pair.gold.country !== null);
  const countryLinking = ratio(
    withCountry.filter((pair) => pair.predicted.country === pair.gold.country).length,
    withCountry.length,
  );
  const entityLinking = ratio(pairs.filter((pair) => pair.predicted.entity === pair.gold.entity).length, pairs.length);

  // Times: each gold time needs an overlapping predicted time with the same value.
  let timeHits = 0;
  for (const time of gold.times) {
    const span = spanOf(text, time);
    if (!span) {
      unlocated.push(`time "${time.text}"`);
      continue;
    }
    if (extraction.times.some((p) => overlaps(p, span) && p.value === time.value)) timeHits++;
  }
  const forbiddenTimes = extraction.times
    .filter((p) => gold.not_times.some((forbidden) => p.text.includes(forbidden)))
    .map((p) => p.text);

  // Quantities: same text (at the same place when an occurrence is given), same value, same unit when given.
  const quantityHits = gold.quantities.filter((quantity) => quantityFound(extraction, quantity)).length;

  const primaryThemes = ratio(
    gold.interests.filter(
      (interest) => extraction.interests.find((p) => p.rank === interest.rank)?.themes[0] === interest.theme,
    ).length,
    gold.interests.length,
  );

  return {
    document: gold.document ?? null,
    mentionsExact: precisionRecall(exactHits, extraction.mentions.length, goldMentions.length),
    mentionsOverlap: precisionRecall(used.size, extraction.mentions.length, goldMentions.length),
    countryLinking,
    entityLinking,
    timeValues: ratio(timeHits, gold.times.length),
    forbiddenTimes,
    quantities: ratio(quantityHits, gold.quantities.length),
    primaryThemes,
    unlocated,
    missedMentions,
    spuriousMentions,
  };
}

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
const fmtRatio = (r: Ratio): string => `${pct(r.value)} (${r.correct}/${r.total})`;
const fmtPr = (p: PrecisionRecall): string =>
  `P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}  (${p.truePositives} hits, ${p.predicted} ` +
  `predicted, ${p.gold} gold)`;

/** A plain-text report of one or more evaluations, with a micro-averaged total when there are several. */
export function formatEvaluationReport(
  evaluations: ReadonlyArray<{ name: string; evaluation: ExtractionEvaluation }>,
  options: { details?: boolean } = {},
): string {
  const lines: string[] = [];
  for (const { name, evaluation: e } of evaluations) {
    lines.push(`== ${name}`);
    lines.push(`  mentions (exact)    ${fmtPr(e.mentionsExact)}`);
    lines.push(`  mentions (overlap)  ${fmtPr(e.mentionsOverlap)}`);
    lines.push(`  country linking     ${fmtRatio(e.countryLinking)}`);
    lines.push(`  entity linking      ${fmtRatio(e.entityLinking)}`);
    lines.push(
      `  time values         ${fmtRatio(e.timeValues)}` +
        (e.forbiddenTimes.length > 0 ? `  forbidden times: ${e.forbiddenTimes.join(', ')}` : ''),
    );
    lines.push(`  quantities          ${fmtRatio(e.quantities)}`);
    lines.push(`  primary themes      ${fmtRatio(e.primaryThemes)}`);
    if (e.unlocated.length > 0) lines.push(`  not found in text:  ${e.unlocated.join('; ')}`);
    if (options.details) {
      for (const m of e.missedMentions) lines.push(`  missed   ${m.type} "${m.text}" @${m.start}`);
      for (const m of e.spuriousMentions) lines.push(`  spurious ${m.type} "${m.text}" @${m.start}`);
    }
  }
  if (evaluations.length > 1) {
    const sum = (pick: (e: ExtractionEvaluation) => Ratio): Ratio =>
      ratio(
        evaluations.reduce((total, { evaluation }) => total + pick(evaluation).correct, 0),
        evaluations.reduce((total, { evaluation }) => total + pick(evaluation).total, 0),
      );
    const sumPr = (pick: (e: ExtractionEvaluation) => PrecisionRecall): PrecisionRecall => {
      const tp = evaluations.reduce((total, { evaluation }) => total + pick(evaluation).truePositives, 0);
      const predicted = evaluations.reduce((total, { evaluation }) => total + pick(evaluation).predicted, 0);
      const goldCount = evaluations.reduce((total, { evaluation }) => total + pick(evaluation).gold, 0);
      return precisionRecall(tp, predicted, goldCount);
    };
    lines.push(`== total (${evaluations.length} documents, micro-averaged)`);
    lines.push(`  mentions (exact)    ${fmtPr(sumPr((e) => e.mentionsExact))}`);
    lines.push(`  mentions (overlap)  ${fmtPr(sumPr((e) => e.mentionsOverlap))}`);
    lines.push(`  country linking     ${fmtRatio(sum((e) => e.countryLinking))}`);
    lines.push(`  entity linking      ${fmtRatio(sum((e) => e.entityLinking))}`);
    lines.push(`  time values         ${fmtRatio(sum((e) => e.timeValues))}`);
    lines.push(`  quantities          ${fmtRatio(sum((e) => e.quantities))}`);
    lines.push(`  primary themes      ${fmtRatio(sum((e) => e.primaryThemes))}`);
  }
  return lines.join('\n');
}
