// Stage: mention linking. Merges gazetteer and detected mentions (the longest name wins and
// mentions never nest), links each to one canonical entity, links a surname or short form written
// after a person's full name ("Rahmon" after "Emomali Rahmon") to that person, and lists every
// linked entity once with its aliases and attributes (a person's role).
import type { Entity, Mention } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import type { KnownEntity } from '../gazetteer-index.js';
import { extractLimits, refuseSentenceOverLimit } from '../extract-limits.js';
import type { ExtractionStage } from '../stage.js';
import { TokenKind, type Token } from '../tokenizer.js';
import { byStart, type DraftMention } from './draft-mention.js';

/** Keeps the longest of overlapping mentions (ties: the earlier, then gazetteer over detected). */
export function mergeMentions(
  gazetteerMentions: readonly DraftMention[],
  detected: readonly DraftMention[],
): DraftMention[] {
  const all = [...detected, ...gazetteerMentions].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: DraftMention[] = [];
  // Mentions cover whole tokens, so overlap is a shared token: linear in the tokens covered.
  const taken: boolean[] = [];
  for (const mention of all) {
    let free = true;
    for (let k = mention.firstToken; k <= mention.lastToken && free; k++) if (taken[k]) free = false;
    if (!free) continue;
    kept.push(mention);
    for (let k = mention.firstToken; k <= mention.lastToken; k++) taken[k] = true;
  }
  return kept.sort(byStart);
}

/** Surnames (and other single name words) of the people already named link back to them. */
export function linkShortForms(analysis: Analysis, mentions: readonly DraftMention[]): DraftMention[] {
  const { tokens } = analysis;
  const people = new Map<string, { entity: KnownEntity; after: number; country: string | null } | null>();
  for (const mention of mentions) {
    if (mention.type !== 'person' || mention.lastToken === mention.firstToken) continue;
    for (const k of [mention.lastToken, mention.firstToken]) {
      const token = tokens[k] as Token;
      const existing = people.get(token.norm);
      if (existing === undefined)
        people.set(token.norm, { entity: mention.entity, after: mention.end, country: mention.country });
      else if (existing && existing.entity.id !== mention.entity.id) people.set(token.norm, null); // ambiguous
    }
  }
  if (people.size === 0) return [...mentions];
  const covered = new Set<number>();
  for (const mention of mentions) for (let k = mention.firstToken; k <= mention.lastToken; k++) covered.add(k);
  const added: DraftMention[] = [];
  for (const range of analysis.sentences) {
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (covered.has(k) || token.kind !== TokenKind.Word || !token.capitalised) continue;
      const person = people.get(token.norm);
      if (!person || token.start < person.after || analysis.lowercaseWords.has(token.norm)) continue;
      const next = tokens[k + 1];
      // part of another name
      if (next && next.kind === TokenKind.Word && next.capitalised && !covered.has(k + 1)) continue;
      added.push({
        start: token.start,
        end: token.end,
        firstToken: k,
        lastToken: k,
        type: 'person',
        entity: person.entity,
        country: person.country,
        source: 'surname',
      });
    }
  }
  return [...mentions, ...added].sort(byStart);
}

/** The contract's mentions and entities from the linked draft mentions. */
export function toMentionsAndEntities(
  analysis: Analysis,
  drafts: readonly DraftMention[],
): { mentions: Mention[]; entities: Entity[] } {
  const mentions: Mention[] = [];
  const entities = new Map<string, Entity>();
  const surfaces = new Map<string, Set<string>>();
  for (const draft of drafts) {
    const text = analysis.text.slice(draft.start, draft.end);
    const entity = draft.entity;
    const country = draft.type === 'country' ? entity.id : (draft.country ?? entity.country);
    mentions.push({ start: draft.start, end: draft.end, text, type: draft.type, entity: entity.id, country });
    let record = entities.get(entity.id);
    if (!record) {
      record = {
        id: entity.id,
        type: entity.type,
        name: entity.name,
        country: entity.type === 'country' ? entity.id : (entity.country ?? country),
        wikidata: entity.wikidata,
        aliases: [...entity.aliases],
      };
      const role = draft.role ?? entity.role;
      if (role) record.attributes = { role };
      entities.set(entity.id, record);
      surfaces.set(entity.id, new Set());
    } else if (draft.role && !record.attributes?.role) {
      record.attributes = { ...record.attributes, role: draft.role };
    }
    if (text !== entity.name) surfaces.get(entity.id)?.add(text);
  }
  for (const [id, forms] of surfaces) {
    const record = entities.get(id);
    if (!record) continue;
    const aliases = new Set(record.aliases ?? []);
    for (const form of forms) aliases.add(form);
    record.aliases = [...aliases];
  }
  return { mentions, entities: [...entities.values()] };
}

/** Refuses a sentence holding more mentions than the limit (mentions and sentences are in text order). */
function checkMentionsPerSentence(analysis: Analysis, mentions: readonly DraftMention[]): void {
  let m = 0;
  for (const range of analysis.sentences) {
    while (m < mentions.length && (mentions[m] as DraftMention).start < range.sentence.start) m++;
    let count = 0;
    for (let i = m; i < mentions.length && (mentions[i] as DraftMention).start < range.sentence.end; i++) count++;
    if (count > extractLimits.mentionsPerSentence.max)
      refuseSentenceOverLimit(extractLimits.mentionsPerSentence, analysis.document, range.sentence.start, count);
  }
}

/** The linking stage: gazetteer and detected mentions merged and linked; a sentence over the mention limit refused. */
export const mentionLinkingStage: ExtractionStage<'analysis' | 'gazetteerMentions' | 'detectedNames', 'drafts'> = {
  name: 'mention-linking',
  requires: ['analysis', 'gazetteerMentions', 'detectedNames'],
  provides: ['drafts'],
  run: ({ analysis, gazetteerMentions, detectedNames }) => {
    const drafts = linkShortForms(analysis, mergeMentions(gazetteerMentions, detectedNames));
    checkMentionsPerSentence(analysis, drafts);
    return { drafts };
  },
};

/** The contract's mentions and entities of the named drafts. */
export const namedMentionsStage: ExtractionStage<'analysis' | 'drafts', 'namedMentions' | 'entities'> = {
  name: 'named-mentions',
  requires: ['analysis', 'drafts'],
  provides: ['namedMentions', 'entities'],
  run: ({ analysis, drafts }) => {
    const { mentions, entities } = toMentionsAndEntities(analysis, drafts);
    return { namedMentions: mentions, entities };
  },
};
