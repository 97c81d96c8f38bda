// Per-sentence view shared by the event and relation stages: the sentence's mentions (minus those
// inside a reference-event time such as "the Taliban takeover"), its times, and who its subject is —
// the actor when the sentence opens with "It"/"Its"/"The government", a capital read as its
// country ("Astana sent…"), a demonym read as its country ("Kazakh officials…").
import type { Analysis, SentenceRange } from '../analysis.js';
import { adverbialOpeners } from '../lexicons.js';
import { TokenKind, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import type { DraftTime } from './times.js';

export interface SentenceContext {
  range: SentenceRange;
  mentions: DraftMention[];
  times: DraftTime[];
  /** Entity id of the acting subject, or null. */
  subject: string | null;
  /** The mention read as the subject (null when a pronoun stands for the actor). */
  subjectMention: DraftMention | null;
}

const actorPronouns = new Set(['it', 'its']);
const actorNouns = new Set(['government', 'country', 'authorities', 'state', 'leadership']);

/** A capital written as a possessor ("Astana's policy") acts for its state. */
export function isActingCapital(analysis: { tokens: readonly Token[] }, mention: DraftMention): boolean {
  return mention.type === 'place' && mention.entity.capitalOf !== undefined && analysis.tokens[mention.lastToken + 1]?.norm === "'" && analysis.tokens[mention.lastToken + 2]?.norm === 's';
}

/** The acting entity a mention stands for: a capital acts for its country. */
export function actingEntity(mention: DraftMention): string {
  if (mention.type === 'place' && mention.entity.capitalOf) return mention.entity.capitalOf;
  if (mention.type === 'country') return mention.entity.id;
  return mention.entity.id;
}

export function buildSentenceContexts(analysis: Analysis, mentions: readonly DraftMention[], times: readonly DraftTime[]): SentenceContext[] {
  const contexts: SentenceContext[] = [];
  let m = 0;
  let t = 0;
  for (const range of analysis.sentences) {
    const { start, end } = range.sentence;
    while (m < mentions.length && (mentions[m] as DraftMention).start < start) m++;
    while (t < times.length && (times[t] as DraftTime).start < start) t++;
    const sentenceTimes: DraftTime[] = [];
    for (let i = t; i < times.length && (times[i] as DraftTime).start < end; i++) sentenceTimes.push(times[i] as DraftTime);
    const sentenceMentions: DraftMention[] = [];
    for (let i = m; i < mentions.length && (mentions[i] as DraftMention).start < end; i++) {
      const mention = mentions[i] as DraftMention;
      if (sentenceTimes.some((time) => mention.start >= time.start && mention.end <= time.end)) continue;
      sentenceMentions.push(mention);
    }
    const { subject, subjectMention } = findSubject(analysis, range, sentenceMentions);
    contexts.push({ range, mentions: sentenceMentions, times: sentenceTimes, subject, subjectMention });
  }
  return contexts;
}

function findSubject(analysis: Analysis, range: SentenceRange, mentions: readonly DraftMention[]): { subject: string | null; subjectMention: DraftMention | null } {
  const { tokens } = analysis;
  let first = range.first;
  while (first < range.end && (tokens[first] as Token).kind === TokenKind.Punct) first++;
  const opener = tokens[first];
  if (!opener) return { subject: null, subjectMention: null };
  if (actorPronouns.has(opener.norm) && analysis.actorCountry) return { subject: analysis.actorCountry, subjectMention: null };
  if (opener.norm === 'the' && actorNouns.has(tokens[first + 1]?.norm ?? '') && analysis.actorCountry) return { subject: analysis.actorCountry, subjectMention: null };
  // A leading adverbial phrase ("Unlike Tajikistan, …", "Following the takeover, …") is not the subject.
  let from = (tokens[first] as Token).start;
  if (adverbialOpeners.has(opener.norm)) {
    for (let k = first; k < range.end && k < first + 25; k++) {
      if ((tokens[k] as Token).raw === ',') {
        from = (tokens[k] as Token).end;
        break;
      }
    }
  }
  // The subject opens the clause: it starts within its first three words ("Kazakh government officials …").
  let words = 0;
  let limit = range.sentence.end;
  for (let k = first; k < range.end; k++) {
    const token = tokens[k] as Token;
    if (token.start < from || token.kind === TokenKind.Punct) continue;
    if (++words > 3) {
      limit = token.start;
      break;
    }
  }
  for (const mention of mentions) {
    if (mention.start < from) continue;
    if (mention.start >= limit) break;
    if (mention.type === 'project' || mention.type === 'document') continue;
    if (mention.type === 'place' && !mention.entity.capitalOf) continue;
    return { subject: actingEntity(mention), subjectMention: mention };
  }
  return { subject: null, subjectMention: null };
}

const negators = new Set(['not', 'never', 'no', 'neither', 'nor', 'refuse', 'refuses', 'refused', 'refusing', 'declined', 'declines']);

/** Whether a trigger at token k is negated: "do not share", "never recognized", "refuses to recognize", "has yet to", "don't". */
export function isNegated(analysis: Analysis, range: SentenceRange, k: number): boolean {
  const { tokens } = analysis;
  for (let j = k - 1; j >= range.first && j >= k - 5; j--) {
    const token = tokens[j] as Token;
    if (token.raw === ',' || token.raw === ';') break;
    if (token.norm === 'yet' && tokens[j + 1]?.norm === 'to') return true;
    if (token.norm === 't' && tokens[j - 1]?.norm === "'") return true;
    if (!negators.has(token.norm)) continue;
    if (token.norm === 'not' && (tokens[j - 1]?.norm === 'if' || tokens[j + 1]?.norm === 'only')) continue;
    return true;
  }
  return false;
}
