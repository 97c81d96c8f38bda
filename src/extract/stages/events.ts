// Stage: events. A trigger lexicon over each sentence picks one event type (visit, delegation,
// meeting, aid, statement, agreement, exercise, attack — the most specific found); its date is the
// time nearest the trigger, its actors the states, organisations and people the sentence names
// (the subject first, a capital acting for its country), its place a place other than the acting capital.
import type { Event } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';
import { actingEntity, isActingCapital, type SentenceContext } from './sentence-context.js';

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
const hypothetical = new Set(['risk', 'risks', 'threat', 'threats', 'fear', 'fears', 'possibility', 'prevent', 'avoid', 'counter', 'potential']);
const aidQualifiers = new Set(['humanitarian', 'food', 'medical', 'emergency', 'providing', 'provided', 'provide', 'provides', 'sent', 'send', 'delivered']);

export function findEvents(analysis: Analysis, contexts: readonly SentenceContext[]): Event[] {
  const { tokens } = analysis;
  const events: Event[] = [];
  for (const context of contexts) {
    const { range } = context;
    let best: { type: EventType; k: number } | null = null;
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (token.kind !== TokenKind.Word) continue;
      let type = triggers.get(token.norm);
      if (!type && token.norm === 'help' && tokens[k - 1]?.norm === 'humanitarian') type = 'aid';
      if (!type) continue;
      if (type === 'visit' && token.norm === 'sent' && !sentToPlace(analysis, context, k)) continue;
      if (type === 'aid' && token.norm !== 'donated' && token.norm !== 'donation' && !aidQualifiers.has(tokens[k - 1]?.norm ?? '') && !aidQualifiers.has(tokens[k - 2]?.norm ?? '')) continue;
      if (type === 'statement' && token.norm === 'states' && tokens[k - 1]?.norm !== 'distinctly' && (tokens[k - 1]?.kind !== TokenKind.Word || tokens[k - 1]?.norm === 'the' || tokens[k - 1]?.norm === 'other' || tokens[k - 1]?.norm === 'member')) continue;
      let isHypothetical = false;
      for (let j = k - 1; j >= range.first && j >= k - 4; j--) if (hypothetical.has((tokens[j] as Token).norm)) isHypothetical = true;
      if (isHypothetical) continue;
      if (!best || priority[type] < priority[best.type]) best = { type, k };
    }
    if (!best) continue;
    const trigger = tokens[best.k] as Token;
    const actors: string[] = [];
    if (context.subject) actors.push(context.subject);
    let place: string | null = null;
    for (const mention of context.mentions) {
      if (mention === context.subjectMention) continue;
      if (mention.type === 'place' && !isActingCapital(analysis, mention)) {
        if (!place) place = mention.entity.id;
        continue;
      }
      if (mention.type === 'project' || mention.type === 'document') continue;
      const actor = actingEntity(mention);
      if (!actors.includes(actor)) actors.push(actor);
    }
    if (actors.length === 0 && !place) continue;
    let date: string | null = null;
    let distance = Infinity;
    for (const time of context.times) {
      const gap = Math.abs(time.start - trigger.start);
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
  return context.mentions.some((mention) => mention.start > sentAt && (mention.type === 'place' || mention.type === 'country') && analysis.text.slice(Math.max(sentAt, mention.start - 4), mention.start).includes('to '));
}
