// Stage: events. A trigger lexicon over each sentence picks one event type (visit, delegation,
// meeting, aid, statement, agreement, exercise, attack — the most specific found); its date is the
// time nearest the trigger, its actors the states, organisations and people the sentence names
// (the subject first, a capital standing for its government as its country), its place the place
// nearest the trigger where something happens (see placeRole: "met in Tashkent", not "Moscow warned").
// The type follows the word: "sent" takes it from what is sent (envoys: visit, goods: aid), "hosted"
// is a meeting only with guests, "strike" an attack only as one ("drone strike", "strikes on").
// No event from what did not happen ("refused to meet", "plans to visit", "may sign"), from a trigger
// inside a name or another noun phrase ("the visit's anniversary", "a meeting room", "meeting its
// obligations", "refugees fleeing the talks"), or from trips of people fleeing ("fled to Tajikistan").
import type { Event } from '../../model/index.js';
import { hypotheticalCues, hypotheticalModals } from '../lexicons.js';
import type { Analysis } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';
import {
  actingEntity,
  clauseAround,
  envoyNouns,
  isNegated,
  placeRole,
  type SentenceContext,
} from './sentence-context.js';
import { eventTime } from './fact-time.js';
import type { ExtractionStage } from '../stage.js';

type EventType = Event['type'];

const triggers: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['delegation', 'delegation'],
  ['delegations', 'delegation'],
  ['visit', 'visit'],
  ['visited', 'visit'],
  ['visits', 'visit'],
  ['visiting', 'visit'],
  ['trip', 'visit'],
  ['travelled', 'visit'],
  ['traveled', 'visit'],
  ['sent', 'visit'],
  ['dispatched', 'visit'],
  ['meeting', 'meeting'],
  ['meetings', 'meeting'],
  ['met', 'meeting'],
  ['summit', 'meeting'],
  ['talks', 'meeting'],
  ['conference', 'meeting'],
  ['consultations', 'meeting'],
  ['negotiations', 'meeting'],
  ['convened', 'meeting'],
  ['hosted', 'meeting'],
  ['hosting', 'meeting'],
  ['agreement', 'agreement'],
  ['agreements', 'agreement'],
  ['signed', 'agreement'],
  ['memorandum', 'agreement'],
  ['mou', 'agreement'],
  ['accord', 'agreement'],
  ['deal', 'agreement'],
  ['exercise', 'exercise'],
  ['exercises', 'exercise'],
  ['drills', 'exercise'],
  ['attack', 'attack'],
  ['attacks', 'attack'],
  ['attacked', 'attack'],
  ['bombing', 'attack'],
  ['bombings', 'attack'],
  ['shelling', 'attack'],
  ['shelled', 'attack'],
  ['assault', 'attack'],
  ['raid', 'attack'],
  ['raids', 'attack'],
  ['strike', 'attack'],
  ['strikes', 'attack'],
  ['airstrike', 'attack'],
  ['airstrikes', 'attack'],
  ['bomber', 'attack'],
  ['bombers', 'attack'],
  ['bombed', 'attack'],
  ['explosion', 'attack'],
  ['explosions', 'attack'],
  ['blast', 'attack'],
  ['blasts', 'attack'],
  ['ied', 'attack'],
  ['ieds', 'attack'],
  ['clashes', 'attack'],
  ['clashed', 'attack'],
  ['ambush', 'attack'],
  ['ambushed', 'attack'],
  ['firefight', 'attack'],
  ['shootout', 'attack'],
  ['aid', 'aid'],
  ['assistance', 'aid'],
  ['donated', 'aid'],
  ['donation', 'aid'],
  ['shipment', 'aid'],
  ['shipments', 'aid'],
  ['pledged', 'aid'],
  ['pledges', 'aid'],
  ['allocated', 'aid'],
  ['contributed', 'aid'],
  ['delivered', 'aid'],
  ['provided', 'aid'],
  ['said', 'statement'],
  ['says', 'statement'],
  ['stated', 'statement'],
  ['states', 'statement'],
  ['declared', 'statement'],
  ['announced', 'statement'],
  ['statement', 'statement'],
  ['stressed', 'statement'],
  ['emphasized', 'statement'],
  ['emphasised', 'statement'],
  ['condemned', 'statement'],
  ['condemns', 'statement'],
  ['denounced', 'statement'],
  ['warned', 'statement'],
  ['warns', 'statement'],
  ['urged', 'statement'],
  ['urges', 'statement'],
  ['criticized', 'statement'],
  ['criticised', 'statement'],
  ['welcomed', 'statement'],
  ['reiterated', 'statement'],
  ['reaffirmed', 'statement'],
  ['called', 'statement'],
  ['voiced', 'statement'],
  ['expressed', 'statement'],
  ['raised', 'statement'],
]);

const priority: Record<EventType, number> = {
  delegation: 0,
  visit: 1,
  meeting: 2,
  agreement: 3,
  exercise: 4,
  attack: 5,
  aid: 6,
  statement: 7,
};
/** Added to the rank of a trigger that only dates the sentence's own event ("… days after the minister's visit"). */
const backgroundPenalty = 10;

/** Words before "deal" that make it the verb ("governments that do not deal with the Taliban"). */
const dealVerbCues = new Set([
  'to',
  'not',
  'do',
  'does',
  'did',
  'will',
  'would',
  'can',
  'could',
  'must',
  'should',
  'might',
  'may',
  't',
  'they',
  'we',
  'i',
  'you',
  'directly',
]);
/** What "sent" carries when it is aid. */
const aidGoods = new Set([
  'food',
  'aid',
  'relief',
  'supplies',
  'medicine',
  'medicines',
  'wheat',
  'flour',
  'fuel',
  'tents',
  'shelter',
  'blankets',
  'assistance',
  'humanitarian',
  'shipment',
  'shipments',
  'consignment',
  'consignments',
  'convoy',
  'convoys',
  'cargo',
  'grain',
  'rice',
  'sugar',
  'vaccines',
  'doses',
  'help',
  'donations',
  'oil',
  'clothes',
  'clothing',
]);
/** Money after "pledged", "allocated", "provided": an aid pledge ("pledged $20 million"). */
const moneyWords = new Set([
  '$',
  '€',
  '£',
  '¥',
  'usd',
  'eur',
  'dollars',
  'euros',
  'million',
  'billion',
  'millions',
  'funds',
  'funding',
  'grant',
  'grants',
  'loan',
  'loans',
]);
const statesCues = new Set([
  'distinctly',
  'clearly',
  'explicitly',
  'also',
  'openly',
  'publicly',
  'expressly',
  'repeatedly',
]);
const aidQualifiers = new Set([
  'humanitarian',
  'food',
  'medical',
  'emergency',
  'providing',
  'provided',
  'provide',
  'provides',
  'sent',
  'send',
  'delivered',
]);
/** Aid verbs that name what is given: an event only with money or goods after them. */
const givingVerbs = new Set(['pledged', 'pledges', 'allocated', 'contributed', 'delivered', 'provided']);
/** Words before "strike(s)" that make it an attack ("drone strike", "air strikes", "Pakistani strikes"). */
const strikeModifiers = new Set([
  'drone',
  'air',
  'missile',
  'rocket',
  'military',
  'retaliatory',
  'aerial',
  'artillery',
  'precision',
  'cross-border',
  'border',
  'suicide',
  'deadly',
  'lethal',
  'targeted',
]);
/**
 * Words after a nominal trigger that make it a modifier inside another noun phrase ("a meeting room", "aid workers").
 */
const compoundHeads = new Set([
  'room',
  'rooms',
  'hall',
  'halls',
  'venue',
  'venues',
  'table',
  'agenda',
  'schedule',
  'minutes',
  'site',
  'centre',
  'center',
  'facility',
  'point',
  'points',
  'anniversary',
  'workers',
  'worker',
  'agency',
  'agencies',
  'group',
  'groups',
  'organisations',
  'organizations',
  'budget',
  'budgets',
  'cuts',
  'dependence',
  'dependency',
  'fatigue',
  'programme',
  'programmes',
  'program',
  'programs',
  'sector',
  'helicopters',
  'helicopter',
  'aircraft',
  'drones',
  'dogs',
  'breaker',
  'plans',
  'survivors',
  'victims',
]);
/** Objects that make "meeting" the verb "to meet" ("meeting its obligations", "meeting the needs"). */
const meetingObjects = new Set([
  'needs',
  'need',
  'demand',
  'demands',
  'requirements',
  'obligations',
  'commitments',
  'targets',
  'target',
  'goals',
  'goal',
  'standards',
  'criteria',
  'expectations',
  'conditions',
  'deadline',
  'deadlines',
  'costs',
  'challenges',
]);
/** Objects that make "exercise(s)" the verb ("exercise caution", "exercises influence"). */
const exerciseObjects = new Set([
  'caution',
  'restraint',
  'influence',
  'control',
  'power',
  'leverage',
  'rights',
  'right',
  'authority',
  'sovereignty',
  'patience',
  'its',
  'their',
  'his',
  'her',
  'the',
  'some',
  'greater',
  'more',
  'considerable',
  'significant',
  'full',
  'any',
  'de',
  'jurisdiction',
  'pressure',
  'care',
  'discretion',
  'judgment',
  'judgement',
]);
/** Verbs of flight: their object is no event ("refugees fleeing the talks"). */
const fleeVerbs = new Set(['fled', 'flee', 'flees', 'fleeing', 'escaped', 'escape', 'escaping']);
/**
 * Flight and the people in flight: their clause is no visit or meeting ("Afghans fled to Tajikistan", "refugees
 * travelled to Iran").
 */
const flightWords = new Set([
  ...fleeVerbs,
  'evacuated',
  'evacuate',
  'evacuating',
  'evacuation',
  'deported',
  'displaced',
  'refugees',
  'migrants',
  'evacuees',
]);
/** Words that put a following nominal trigger in the background of the sentence's own event ("after the talks"). */
const backgroundCues = new Set([
  'after',
  'before',
  'during',
  'following',
  'since',
  'ahead',
  'prior',
  'until',
  'amid',
  'amidst',
]);
/** What "raised" voices when it is a statement ("raised concerns", "raised the issue"). */
const concernWords = new Set([
  'concern',
  'concerns',
  'objections',
  'objection',
  'issue',
  'question',
  'questions',
  'alarm',
  'doubts',
  'protest',
  'protests',
]);
/** Guests that make "hosted" a meeting; "hosted millions of refugees" is none. */
const hostedNonGuests = new Set([
  'refugees',
  'refugee',
  'migrants',
  'millions',
  'thousands',
  'hundreds',
  'displaced',
  'asylum',
  'camps',
  'students',
  'families',
  'people',
  'base',
  'bases',
  'troops',
  'exiled',
  'exiles',
  'dissidents',
]);

/** Triggers that are nouns and can modify another noun ("meeting room") or be the object of fleeing. */
const nominalTriggers = new Set([
  'delegation',
  'delegations',
  'visit',
  'visits',
  'trip',
  'meeting',
  'meetings',
  'summit',
  'talks',
  'conference',
  'consultations',
  'negotiations',
  'agreement',
  'agreements',
  'memorandum',
  'mou',
  'accord',
  'deal',
  'exercise',
  'exercises',
  'drills',
  'attack',
  'attacks',
  'bombing',
  'bombings',
  'shelling',
  'assault',
  'raid',
  'raids',
  'strike',
  'strikes',
  'airstrike',
  'airstrikes',
  'explosion',
  'explosions',
  'blast',
  'blasts',
  'ied',
  'ieds',
  'clashes',
  'ambush',
  'firefight',
  'shootout',
  'aid',
  'assistance',
  'donation',
  'shipment',
  'shipments',
  'pledges',
  'statement',
]);

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
      const read = readTrigger(analysis, context, k, type);
      if (!read) continue;
      type = read;
      // Something that did not happen is no event: "has not attacked", "declined to attend talks".
      if (isNegated(analysis, range, k)) continue;
      if (isHypothetical(tokens, range.first, k)) continue;
      // "Afghans fled to Tajikistan", "refugees travelled to Iran": flight, not a visit or a meeting.
      if ((type === 'visit' || type === 'delegation' || type === 'meeting') && flightBefore(analysis, context, k))
        continue;
      // "signed agreements … after months of talks": a signing outranks the talks around it.
      let rank = type === 'agreement' && token.norm === 'signed' ? priority.visit + 0.5 : priority[type];
      if (nominalTriggers.has(token.norm) && inBackground(tokens, range.first, k)) rank += backgroundPenalty;
      if (!best || rank < best.rank) best = { type, k, rank };
    }
    if (!best) continue;
    const trigger = tokens[best.k] as Token;
    const actors: string[] = [];
    if (context.subject) actors.push(context.subject);
    let place: string | null = null;
    let placeGap = Infinity;
    let origin: string | null = null;
    for (const mention of context.mentions) {
      if (mention === context.subjectMention) continue;
      if (mention.type === 'place') {
        const role = placeRole(analysis, context, mention);
        if (role === 'origin') origin ??= mention.entity.id;
        if (role === 'place') {
          // The place nearest the trigger: "visited Ankara", not the Kabul of "the embassy in Kabul stayed open".
          const gap = Math.abs(mention.start - trigger.start);
          if (gap < placeGap) {
            placeGap = gap;
            place = mention.entity.id;
          }
        }
        if (role !== 'actor') continue;
      }
      if (mention.type === 'project' || mention.type === 'document') continue;
      const actor = actingEntity(mention);
      if (!actors.includes(actor)) actors.push(actor);
    }
    // "returned from Kabul": where they came from, when nothing else is named.
    place ??= origin;
    if (actors.length === 0 && !place) continue;
    let date: string | null = null;
    let distance = Infinity;
    // A time in the trigger's own clause before one in another ("…in November 2022, and a bombing … in January 2023").
    const clause = clauseAround(analysis, range, best.k);
    for (const time of context.times) {
      if (!timeDatesTrigger(tokens, range, time, best.k)) continue;
      const outside = time.firstToken < clause.first || time.lastToken >= clause.end ? analysis.text.length : 0;
      const gap = Math.abs(time.start - trigger.start) + outside;
      if (gap < distance) {
        distance = gap;
        date = time.value;
      }
    }
    // `valid` is the event's date; `current` false only for a past habit or state ("used to hold exercises"): see
    // fact-time.ts.
    const { valid, current } = eventTime(analysis, context, best.k, date);
    events.push({
      type: best.type,
      date,
      actors,
      place,
      evidence: { start: range.sentence.start, end: range.sentence.end },
      valid,
      current,
    });
  }
  return events;
}

/** Words before a time that make it a modifier of the noun after it ("the 1973 treaty", "Iran's 2023 budget"). */
const attributiveDeterminers = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'this', 'that', 'these', 's']);

/**
 * Whether a time can date the event of the trigger at k. A time that modifies a noun phrase dates that thing only:
 * "Under the 1973 Helmand water treaty, …, and Tehran says …" is no statement of 1973. It dates the event when the
 * phrase is the trigger itself or another occasion ("At the 2019 summit, the leaders met"), not a document ("treaty",
 * "agreement", "budget").
 */
function timeDatesTrigger(
  tokens: readonly Token[],
  range: SentenceContext['range'],
  time: SentenceContext['times'][number],
  k: number,
): boolean {
  const before = time.firstToken - 1;
  if (before < range.first || !attributiveDeterminers.has((tokens[before] as Token).norm)) return true;
  if ((tokens[before] as Token).norm === 's' && tokens[before - 1]?.norm !== "'") return true;
  const next = tokens[time.lastToken + 1];
  if (time.lastToken + 1 >= range.end || next?.kind !== TokenKind.Word) return true;
  for (let j = time.lastToken + 1; j < range.end && j <= time.lastToken + 4; j++) {
    const word = tokens[j] as Token;
    if (word.kind !== TokenKind.Word) break;
    if (j === k) return true;
    const type = triggers.get(word.norm);
    if (type && type !== 'agreement' && nominalTriggers.has(word.norm)) return true;
  }
  return false;
}

/**
 * The event type a trigger word at k stands for here, or null where it is none: "sent" by what it
 * carries, "hosted" only with guests, "strike" only as an attack, "pledged" only with money or goods,
 * nouns not as a modifier ("meeting room"), a possessor ("the visit's anniversary"), a verb
 * ("meeting its obligations", "exercise restraint") or the object of fleeing ("fleeing the talks").
 */
function readTrigger(analysis: Analysis, context: SentenceContext, k: number, type: EventType): EventType | null {
  const { tokens } = analysis;
  const { range } = context;
  const norm = (tokens[k] as Token).norm;
  const previous = tokens[k - 1]?.norm ?? '';
  const next = k + 1 < range.end ? (tokens[k + 1] as Token).norm : '';
  if (nominalTriggers.has(norm)) {
    if (next === "'" || compoundHeads.has(next)) return null;
    if (next === '-' && compoundHeads.has(tokens[k + 2]?.norm ?? '')) return null;
    for (let j = k - 1; j >= range.first && j >= k - 3; j--) {
      const word = (tokens[j] as Token).norm;
      if (word === ',' || word === ';') break;
      if (fleeVerbs.has(word)) return null;
    }
    // "The talks with Tehran could collapse": a trigger that opens its clause, then a modal — not (yet) an event.
    if (k - clauseAround(analysis, range, k).first <= 2) {
      for (let j = k + 1; j < range.end && j <= k + 4; j++) {
        const after = tokens[j] as Token;
        if (after.kind === TokenKind.Punct) break;
        if (hypotheticalModals.has(after.norm) && !after.capitalised) return null;
      }
    }
  }
  switch (norm) {
    case 'sent':
    case 'dispatched': {
      const carried = sentCarries(tokens, k, range.end);
      if (!carried || (carried === 'visit' && !sentToPlace(analysis, context, k))) return null;
      return carried;
    }
    case 'deal':
      return dealVerbCues.has(previous) ? null : type;
    case 'strike':
    case 'strikes':
      // "strikes a balance", "strike a deal": the verb.
      if (next === 'a' || next === 'an' || next === 'the') return null;
      return strikeModifiers.has(previous) || next === 'on' || next === 'against' || isDemonym(analysis, context, k - 1)
        ? type
        : null;
    case 'hosted':
    case 'hosting':
      return hostsGuests(analysis, context, k) ? type : null;
    case 'clashed':
      // "Islamabad and Kabul have clashed over border crossings": a quarrel.
      return next === 'over' || tokens[k + 2]?.norm === 'over' || next === 'about' ? null : type;
    case 'raised':
      // "raised concerns for Tashkent", not "raised funds".
      return concernWords.has(next) || concernWords.has(tokens[k + 2]?.norm ?? '') ? type : null;
    case 'called':
      return next === 'on' || next === 'for' ? type : null;
    case 'meeting':
      for (let j = k + 1; j < range.end && j <= k + 3; j++)
        if (meetingObjects.has((tokens[j] as Token).norm)) return null;
      return type;
    case 'exercise':
    case 'exercises':
      return exerciseObjects.has(next) ? null : type;
    case 'states':
      // "states" is the verb only before what is stated or after an adverb ("distinctly states …"); else the noun
      // ("Central Asian states").
      return statesCues.has(previous) || next === 'that' || next === ':' || next === '"' ? type : null;
  }
  if (givingVerbs.has(norm)) return givesMoneyOrGoods(tokens, k, range.end) ? type : null;
  if (
    type === 'aid' &&
    norm !== 'donation' &&
    norm !== 'donated' &&
    !aidQualifiers.has(previous) &&
    !aidQualifiers.has(tokens[k - 2]?.norm ?? '')
  )
    return null;
  return type;
}

/**
 * Whether a word before trigger k makes it hypothetical or future ("plans to visit", "may sign", "the risk of
 * attacks").
 */
function isHypothetical(tokens: readonly Token[], floor: number, k: number): boolean {
  for (let j = k - 1; j >= floor && j >= k - 4; j--) {
    const token = tokens[j] as Token;
    if (token.raw === ',' || token.raw === ';') return false;
    // "In May 2023 …" is a month, "may sign" a modal.
    if (hypotheticalCues.has(token.norm) && !(token.norm === 'may' && token.capitalised)) return true;
  }
  return false;
}

/**
 * Whether a flight word stands before trigger k in its clause, with no punctuation between and not
 * inside a name ("Afghans fled to Tajikistan", "refugees travelled"; not the Norwegian Refugee Council).
 */
function flightBefore(analysis: Analysis, context: SentenceContext, k: number): boolean {
  const clause = clauseAround(analysis, context.range, k);
  for (let j = k - 1; j >= clause.first && j >= k - 8; j--) {
    const token = analysis.tokens[j] as Token;
    if (token.kind === TokenKind.Punct && token.norm !== "'" && token.norm !== '-') return false;
    if (flightWords.has(token.norm) && !context.covering.has(j)) return true;
  }
  return false;
}

/**
 * Whether a nominal trigger at k follows "after", "during", "ahead of" … within three words: it dates another event.
 */
function inBackground(tokens: readonly Token[], floor: number, k: number): boolean {
  for (let j = k - 1; j >= floor && j >= k - 3; j--) {
    const token = tokens[j] as Token;
    if (token.kind === TokenKind.Punct && token.norm !== "'") return false;
    if (backgroundCues.has(token.norm)) return true;
  }
  return false;
}

/** Whether a demonym ends at token j ("Pakistani strikes", "US strikes"; not "Kazakhstan strikes a balance"). */
function isDemonym(analysis: Analysis, context: SentenceContext, j: number): boolean {
  const mention = context.endingAt.get(j);
  return mention?.type === 'country' && analysis.text.slice(mention.start, mention.end) !== mention.entity.name;
}

/** "hosted the Taliban foreign minister", "hosting a delegation": guests; not "hosted millions of refugees". */
function hostsGuests(analysis: Analysis, context: SentenceContext, k: number): boolean {
  const { tokens } = analysis;
  const clause = clauseAround(analysis, context.range, k);
  for (let j = k + 1; j < clause.end && j <= k + 6; j++) {
    const norm = (tokens[j] as Token).norm;
    if (hostedNonGuests.has(norm) || (tokens[j] as Token).kind === TokenKind.Number) return false;
    const mention = context.startingAt.get(j);
    if (envoyNouns.has(norm) || mention?.type === 'person' || mention?.type === 'organization') return true;
  }
  return false;
}

/** "pledged $20 million", "delivered 5,000 tonnes of wheat", "provided food": money or aid goods within a few words. */
function givesMoneyOrGoods(tokens: readonly Token[], k: number, end: number): boolean {
  for (let j = k + 1; j < end && j <= k + 6; j++) {
    const token = tokens[j] as Token;
    if (moneyWords.has(token.norm) || aidGoods.has(token.norm)) return true;
    if (token.norm === 'to' || token.norm === 'that' || token.raw === ',' || token.raw === ';') return false;
  }
  return false;
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
    if (
      (mention.type === 'place' || mention.type === 'country') &&
      analysis.text.slice(Math.max(0, mention.start - 4), mention.start).includes('to ')
    )
      starts.push(mention.start);
  }
  reachedPlaceCache.set(context, starts);
  return starts;
}

/**
 * "sent a working group to Kabul" is a visit, "sent food and medical supplies" aid, anything else ("sent troops")
 * neither.
 */
function sentCarries(tokens: readonly Token[], k: number, end: number): EventType | null {
  for (let j = k + 1; j < end && j <= k + 6; j++) {
    const norm = (tokens[j] as Token).norm;
    if (envoyNouns.has(norm)) return 'visit';
    if (aidGoods.has(norm)) return 'aid';
    if (norm === 'to') return null;
  }
  return null;
}

export const eventsStage: ExtractionStage<'analysis' | 'contexts', 'events'> = {
  name: 'events',
  requires: ['analysis', 'contexts'],
  provides: ['events'],
  run: ({ analysis, contexts }) => ({ events: findEvents(analysis, contexts) }),
};
