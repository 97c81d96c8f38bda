// Stage: relations. Trigger words over each sentence, with the sentence's subject (the actor for
// "It"/"Its", a capital or demonym read as its state) and the mentions after the trigger as
// objects: borders, supplies, interested_in, participates_in, leads, member_of, provides_aid_to,
// hosts, recognizes, opposes. `negated` for "do not / does not / never / no longer / not / refuses to".
import type { MentionType, Relation } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import { actingEntity, isNegated, type SentenceContext } from './sentence-context.js';

type Predicate = Relation['predicate'];

const triggerWords: ReadonlyMap<string, Predicate> = new Map<string, Predicate>([
  ['border', 'borders'], ['borders', 'borders'], ['bordering', 'borders'], ['bordered', 'borders'],
  ['supply', 'supplies'], ['supplies', 'supplies'], ['supplied', 'supplies'], ['supplying', 'supplies'], ['supplier', 'supplies'],
  ['exports', 'supplies'], ['exported', 'supplies'], ['export', 'supplies'], ['exporting', 'supplies'], ['sells', 'supplies'],
  ['sold', 'supplies'], ['delivers', 'supplies'], ['delivered', 'supplies'],
  ['interested', 'interested_in'], ['interest', 'interested_in'],
  ['participated', 'participates_in'], ['participate', 'participates_in'], ['participates', 'participates_in'],
  ['participating', 'participates_in'], ['participation', 'participates_in'], ['joined', 'participates_in'],
  ['led', 'leads'], ['leads', 'leads'], ['heads', 'leads'], ['headed', 'leads'],
  ['member', 'member_of'], ['members', 'member_of'], ['membership', 'member_of'],
  ['aid', 'provides_aid_to'], ['assistance', 'provides_aid_to'], ['help', 'provides_aid_to'],
  ['hosted', 'hosts'], ['hosts', 'hosts'], ['hosting', 'hosts'],
  ['recognize', 'recognizes'], ['recognise', 'recognizes'], ['recognized', 'recognizes'], ['recognised', 'recognizes'],
  ['recognizes', 'recognizes'], ['recognises', 'recognizes'], ['recognition', 'recognizes'], ['recognizing', 'recognizes'],
  ['oppose', 'opposes'], ['opposes', 'opposes'], ['opposed', 'opposes'], ['opposition', 'opposes'], ['condemned', 'opposes'],
  ['condemns', 'opposes'],
]);

const agentTypes: ReadonlySet<MentionType> = new Set(['country', 'organization', 'person']);
const aidVerbs = new Set(['humanitarian', 'providing', 'provided', 'provide', 'provides', 'sent', 'send', 'sending', 'delivered', 'food', 'medical']);
const focusNouns = new Set(['country', 'government', 'regime', 'authorities']);

export function findRelations(analysis: Analysis, contexts: readonly SentenceContext[]): Relation[] {
  const { tokens } = analysis;
  const relations: Relation[] = [];
  const seen = new Set<string>();
  const add = (subject: string | null, predicate: Predicate, object: string | null, negated: boolean, context: SentenceContext): void => {
    if (!subject || !object || subject === object) return;
    const key = `${subject}|${predicate}|${object}|${negated}`;
    if (seen.has(key)) return;
    seen.add(key);
    relations.push({ subject, predicate, object, negated, evidence: { start: context.range.sentence.start, end: context.range.sentence.end } });
  };
  for (const context of contexts) {
    const { range } = context;
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (token.kind !== TokenKind.Word) continue;
      const predicate = triggerWords.get(token.norm);
      if (!predicate) continue;
      const negated = isNegated(analysis, range, k);
      const after = context.mentions.filter((mention) => mention.start > token.start);
      const subject = subjectBefore(context, token.start);
      switch (predicate) {
        case 'borders': {
          const before = context.mentions.filter((mention) => mention.end <= token.start && mention.type === 'country');
          // "X and Y do not share a border": coordinated states before the trigger.
          if (before.length >= 2 && !after.some((mention) => mention.type === 'country')) {
            add(actingEntity(before[0] as DraftMention), 'borders', actingEntity(before[1] as DraftMention), negated, context);
          } else {
            const object = firstOf(after, ['country'], subject);
            add(subject, 'borders', object, negated, context);
          }
          break;
        }
        case 'supplies': {
          let object = firstOf(after, ['country'], subject);
          if (!object && followedByFocusNoun(tokens, k, range.end)) object = analysis.focusCountry;
          add(subject, 'supplies', object, negated, context);
          break;
        }
        case 'interested_in': {
          if (token.norm === 'interest' && tokens[k + 1]?.norm !== 'in') break;
          if (token.norm === 'interested' && tokens[k + 1]?.norm !== 'in') break;
          add(subject, 'interested_in', firstOf(after, ['project'], subject) ?? firstOf(after, ['document', 'organization'], subject), negated, context);
          break;
        }
        case 'participates_in':
          // Projects before bodies: "participated in a meeting with the Taliban on the trans-Afghan railway".
          add(subject, 'participates_in', firstOf(after, ['project'], subject) ?? firstOf(after, ['organization', 'document'], subject), negated, context);
          break;
        case 'leads': {
          if (token.norm === 'led' && tokens[k + 1]?.norm === 'by') {
            const leader = after.find((mention) => mention.type === 'person' || mention.type === 'organization' || mention.type === 'country');
            const object = ledThing(tokens, k, range.first, context, token.start);
            if (leader) add(actingEntity(leader), 'leads', object, negated, context);
          } else if (token.norm !== 'led') {
            add(subject, 'leads', firstOf(after, ['organization', 'project', 'country'], subject), negated, context);
          }
          break;
        }
        case 'member_of':
          add(subject, 'member_of', firstOf(after, ['organization'], subject), negated, context);
          break;
        case 'provides_aid_to': {
          if (!aidVerbs.has(tokens[k - 1]?.norm ?? '') && !aidVerbs.has(tokens[k - 2]?.norm ?? '')) break;
          let object = firstOf(after, ['country'], subject) ?? placeCountry(after, subject);
          if (!object) object = firstOf(context.mentions, ['country'], subject) ?? placeCountry(context.mentions, subject);
          if (!object && subject === analysis.actorCountry) object = analysis.focusCountry;
          add(subject, 'provides_aid_to', object, negated, context);
          break;
        }
        case 'hosts':
          add(subject, 'hosts', firstOf(after, ['organization', 'person', 'country'], subject), negated, context);
          break;
        case 'recognizes': {
          let object = firstOf(after, ['organization', 'country'], subject);
          if (!object && followedByFocusNoun(tokens, k, range.end)) object = analysis.focusCountry;
          add(subject, 'recognizes', object, negated, context);
          break;
        }
        case 'opposes':
          add(subject, 'opposes', firstOf(after, ['organization', 'country', 'person'], subject), negated, context);
          break;
      }
    }
  }
  return relations;
}

/** The subject acting at a trigger: the sentence subject, when it stands before the trigger. */
function subjectBefore(context: SentenceContext, offset: number): string | null {
  if (!context.subject) return null;
  if (context.subjectMention && context.subjectMention.start > offset) return null;
  return context.subject;
}

function firstOf(mentions: readonly DraftMention[], types: readonly MentionType[], not: string | null): string | null {
  for (const mention of mentions) {
    if (!types.includes(mention.type) || !agentTypes.has(mention.type) && mention.type !== 'project' && mention.type !== 'document') continue;
    const id = actingEntity(mention);
    if (id !== not) return id;
  }
  return null;
}

function placeCountry(mentions: readonly DraftMention[], not: string | null): string | null {
  for (const mention of mentions) if (mention.type === 'place' && mention.country && mention.country !== not) return mention.country;
  return null;
}

/** "supply the country with wheat", "recognize the government": the focus state. */
function followedByFocusNoun(tokens: readonly Token[], k: number, end: number): boolean {
  for (let j = k + 1; j < end && j <= k + 3; j++) if (focusNouns.has((tokens[j] as Token).norm) && tokens[j - 1]?.norm === 'the') return true;
  return false;
}

/** "the delegation led by …": the thing led, named by its noun, or the mention before "led". */
function ledThing(tokens: readonly Token[], k: number, floor: number, context: SentenceContext, offset: number): string | null {
  let j = k - 1;
  // "the talks were led by …": step back over auxiliaries and adverbs to the noun.
  while (j > floor && (auxiliaries.has((tokens[j] as Token).norm) || (tokens[j] as Token).norm.endsWith('ly'))) j--;
  const previous = tokens[j];
  const mentionBefore = [...context.mentions].reverse().find((mention) => mention.end <= offset && mention.lastToken === j);
  if (mentionBefore) return actingEntity(mentionBefore);
  if (previous && j >= floor && previous.kind === TokenKind.Word && !auxiliaries.has(previous.norm)) return previous.norm;
  return null;
}

const auxiliaries = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'also', 'often', 'now', 'then', 'jointly']);
