// The item kinds of a document, each declared once in a file of this folder (declaration.ts says
// what a declaration holds), listed here in extraction order: the order of the extraction's fields,
// in which the store writes and reads them. A new kind is one declaration and its line at the end of
// `itemKinds`; the exports' order of records and the review queue's order of fact kinds follow from
// this list (released orders kept, see below).
import type { ItemKindDeclaration } from './declaration.js';
import { eventKind } from './events.js';
import { interestKind } from './interests.js';
import { mentionKind } from './mentions.js';
import { postureKind } from './posture.js';
import { quantityKind } from './quantities.js';
import { relationKind } from './relations.js';
import { sectionKind } from './sections.js';
import { sentenceKind } from './sentences.js';
import { subjectKind } from './subjects.js';
import { timeKind } from './times.js';

export * from './declaration.js';
export { sectionKind } from './sections.js';
export { InterestPayloadSchema, interestKind } from './interests.js';
export { sentenceKind } from './sentences.js';
export { MentionPayloadSchema, mentionKind } from './mentions.js';
export { TimePayloadSchema, timeKind } from './times.js';
export { QuantityPayloadSchema, quantityKind } from './quantities.js';
export { EventPayloadSchema, eventKind } from './events.js';
export { RelationPayloadSchema, relationKind } from './relations.js';
export { PosturePayloadSchema, postureKind } from './posture.js';
export { subjectKind } from './subjects.js';

/** The item kinds, in extraction order (a new kind appends its declaration here). */
export const itemKinds = [
  sectionKind,
  interestKind,
  sentenceKind,
  mentionKind,
  timeKind,
  quantityKind,
  eventKind,
  relationKind,
  postureKind,
  subjectKind,
] as const;

export type ItemKindOf = (typeof itemKinds)[number];
/** The declared kinds whose items are reviewed. */
export type ReviewedItemKindOf = Extract<ItemKindOf, { review: { kind: string } }>;

/**
 * Moves the kinds of `types` to the start (`first`) or the end of `kinds`, the others in list order: the released
 * orders of the exports (a source's subjects lead its records) and of the review queue (interests last).
 */
export function releasedOrder<K extends Pick<ItemKindDeclaration, 'type'>>(
  kinds: readonly K[],
  types: readonly string[],
  where: 'first' | 'last',
): K[] {
  const moved = kinds.filter((kind) => types.includes(kind.type));
  const rest = kinds.filter((kind) => !types.includes(kind.type));
  return where === 'first' ? [...moved, ...rest] : [...rest, ...moved];
}

/** The kinds in the order of the exports' records and tables. */
export const recordOrder = <K extends Pick<ItemKindDeclaration, 'type'>>(kinds: readonly K[]): K[] =>
  releasedOrder(kinds, ['subject'], 'first');

/** The reviewed kinds in the order of the fact kinds (the review queue's). */
export const factOrder = <K extends Pick<ItemKindDeclaration, 'type' | 'review'>>(kinds: readonly K[]): K[] =>
  releasedOrder(
    kinds.filter((kind) => kind.review !== null),
    ['interest'],
    'last',
  );
