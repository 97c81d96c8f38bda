// Stage: events. A trigger lexicon over each sentence picks one event type (visit, delegation,
// meeting, aid, statement, agreement, exercise, attack — the most specific found); its date is the
// time nearest the trigger, its actors the states, organisations and people the sentence names
// (the subject first, a capital acting for its country), its place a place other than the acting capital.
import type { Event } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';
import { actingEntity, clauseAround, isActingCapital, isNegated, type SentenceContext } from './sentence-context.js';

type EventType = Event['type'];

const triggers: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['delegation', 'delegation'], ['delegations', 'delegation'],
  ['visit', 'visit'], ['visited', 'visit'], ['visits', 'visit'], ['visiting', 'visit'], ['trip', 'visit'],
  ['travelled', 'visit'], ['traveled', 'visit'], ['sent', 'visit'], ['dispatched', 'visit'],
  ['meeting', 'meeting'], ['meetings', 'meeting'], ['met', 'meeting'], ['summit', 'meeting'], ['talks', 'meeting'],
  ['conference', 'meeting'], ['consultations', 'meeting'],
  ['agreement', 'agreement'], ['agreements', 'agreement'], ['signed', 'agreement'], ['memorandum', 'agreement'],
  ['accord', 'agreement'], ['deal', 'agreement'],
  ['exercise', 'exercise'], ['exercises', 'exercise'], ['drills', 'exercise'],
  ['attack', 'attack'], ['attacks', 'attack'], ['attacked', 'attack'], ['bombing', 'attack'], ['bombings', 'attack'],
  ['shelling', 'attack'], ['assault', 'attack'], ['raid', 'attack'], ['raids', 'attack'],
  ['aid', 'aid'], ['assistance', 'aid'], ['donated', 'aid'], ['donation', 'aid'], ['shipment', 'aid'], ['shipments', 'aid'],
  ['said', 'statement'], ['stated', 'statement'], ['states', 'statement'], ['declared', 'statement'], ['announced', 'statement'],
  ['statement', 'statement'], ['stressed', 'statement'], ['emphasized', 'statement'], ['emphasised', 'statement'],
]);

const priority: Record<EventType, number> = { delegation: 0, visit: 1, meeting: 2, agreement: 3, exercise: 4, attack: 5, aid: 6, statement: 7 };

/** Words that make a following trigger hypothetical ("the risk of attacks"). */
const hypothetical = new Set(['risk', 'risks', 'threat', 'threats', 'fear', 'fears', 'possibility', 'prevent', 'avoid', 'counter', 'potential', 'plotting', 'plot', 'planning', 'planned']);
/** Words before "deal" that make it the verb ("governments that do not deal with the Taliban"). */
const dealVerbCues = new Set(['to', 'not', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'must', 'should', 'might', 'may', 't', 'they', 'we', 'i', 'you', 'directly']);
/** What "sent" carries when it is a visit: people ("sent a working group to Kabul"). */
const envoyNouns = new Set(['group', 'groups', 'team', 'teams', 'mission', 'envoy', 'envoys', 'representative', 'representatives', 'officials', 'minister', 'ministers', 'diplomats', 'ambassador', 'delegation', 'delegates']);
/** What "sent" carries when it is aid. */
const aidGoods = new Set(['food', 'aid', 'relief', 'supplies', 'medicine', 'medicines', 'wheat', 'flour', 'fuel', 'tents', 'shelter', 'blankets', 'assistance']);
const statesCues = new Set(['distinctly', 'clearly', 'explicitly', 'also', 'openly', 'publicly', 'expressly', 'repeatedly']);
const aidQualifiers = new Set(['humanitarian', 'food', 'medical', 'emergency', 'providing', 'provided', 'provide', 'provides', 'sent', 'send', 'delivered']);

export function findEvents(analysis: Analysis, contexts: readonly SentenceContext[]): Event[] {
  const { tokens } = analysis;
  const events: Event[] = [];
  for (const context of contexts) {
    const { range } = context;
    let best: { type: EventType; k: number; rank: number } | null = null;
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (token.kind !== TokenKind.Word) continue;
      let type = triggers.get(token.norm);
      if (!type && token.norm === 'help' && tokens[k - 1]?.norm === 'humanitarian') type = 'aid';
      if (!type) continue;
      // A trigger inside a name ("United States", "Doha Agreement", "Organization of Turkic States") is no trigger.
      if (context.covering.has(k)) continue;
      if (token.norm === 'sent') {
        type = sentCarries(tokens, k, range.end) ?? undefined;
        if (!type || (type === 'visit' && !sentToPlace(analysis, context, k))) continue;
      }
      if (token.norm === 'deal' && dealVerbCues.has(tokens[k - 1]?.norm ?? '')) continue;
      // Something that did not happen is no event: "has not attacked", "declined to attend talks".
      if (isNegated(analysis, range, k)) continue;
      if (type === 'aid' && token.norm !== 'donated' && token.norm !== 'donation' && token.norm !== 'sent' && !aidQualifiers.has(tokens[k - 1]?.norm ?? '') && !aidQualifiers.has(tokens[k - 2]?.norm ?? '')) continue;
      // "states" is the verb only before what is stated or after an adverb ("distinctly states …"); else the noun ("Central Asian states").
      if (type === 'statement' && token.norm === 'states' && !statesCues.has(tokens[k - 1]?.norm ?? '') && !['that', ':', '"'].includes(tokens[k + 1]?.norm ?? '')) continue;
      let isHypothetical = false;
      for (let j = k - 1; j >= range.first && j >= k - 4; j--) if (hypothetical.has((tokens[j] as Token).norm)) isHypothetical = true;
      if (isHypothetical) continue;
      // "signed agreements … after months of talks": a signing outranks the talks around it.
      const rank = type === 'agreement' && token.norm === 'signed' ? priority.visit + 0.5 : priority[type];
      if (!best || rank < best.rank) best = { type, k, rank };
    }
    if (!best) continue;
    const trigger = tokens[best.k] as Token;
    const actors: string[] = [];
    if (context.subject) actors.push(context.subject);
    let place: string | null = null;
    let placeGap = Infinity;
    for (const mention of context.mentions) {
      if (mention === context.subjectMention) continue;
      if (mention.type === 'place' && !isActingCapital(analysis, mention)) {
        // The place nearest the trigger: "visited Ankara", not the Kabul of "the embassy in Kabul stayed open".
        const gap = Math.abs(mention.start - trigger.start);
        if (gap < placeGap) {
          placeGap = gap;
          place = mention.entity.id;
        }
        continue;
      }
      if (mention.type === 'project' || mention.type === 'document') continue;
      const actor = actingEntity(mention);
      if (!actors.includes(actor)) actors.push(actor);
    }
    if (actors.length === 0 && !place) continue;
    let date: string | null = null;
    let distance = Infinity;
    // A time in the trigger's own clause before one in another ("…in November 2022, and a bombing … in January 2023").
    const clause = clauseAround(analysis, range, best.k);
    for (const time of context.times) {
      const outside = time.firstToken < clause.first || time.lastToken >= clause.end ? analysis.text.length : 0;
      const gap = Math.abs(time.start - trigger.start) + outside;
      if (gap < distance) {
        distance = gap;
        date = time.value;
      }
    }
    events.push({ type: best.type, date, actors, place, evidence: { start: range.sentence.start, end: range.sentence.end } });
  }
  return events;
}

function sentToPlace(analysis: Analysis, context: SentenceContext, k: number): boolean {
  const sentAt = (analysis.tokens[k] as Token).start;
  const reached = reachedPlaces(analysis, context);
  // The first place or country after "sent" with "to " just before it (binary search: triggers repeat).
  let lo = 0;
  let hi = reached.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((reached[mid] as number) <= sentAt) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < reached.length; i++) {
    const start = reached[i] as number;
    if (analysis.text.slice(Math.max(sentAt, start - 4), start).includes('to ')) return true;
    if (start - 4 >= sentAt) break;
  }
  return false;
}

const reachedPlaceCache = new WeakMap<SentenceContext, number[]>();

/** Starts of the sentence's place and country mentions written right after "to ", in order. */
function reachedPlaces(analysis: Analysis, context: SentenceContext): number[] {
  let starts = reachedPlaceCache.get(context);
  if (starts) return starts;
  starts = [];
  for (const mention of context.mentions) {
    if ((mention.type === 'place' || mention.type === 'country') && analysis.text.slice(Math.max(0, mention.start - 4), mention.start).includes('to ')) starts.push(mention.start);
  }
  reachedPlaceCache.set(context, starts);
  return starts;
}

/** "sent a working group to Kabul" is a visit, "sent food and medical supplies" aid, anything else neither. */
function sentCarries(tokens: readonly Token[], k: number, end: number): EventType | null {
  for (let j = k + 1; j < end && j <= k + 6; j++) {
    const norm = (tokens[j] as Token).norm;
    if (envoyNouns.has(norm)) return 'visit';
    if (aidGoods.has(norm)) return 'aid';
    if (norm === 'to') return null;
  }
  return null;
}
