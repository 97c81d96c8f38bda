// Per-sentence view shared by the event and relation stages: the sentence's mentions (minus those
// inside a reference-event time such as "the Taliban takeover"), its times, and who its subject is —
// the actor when the sentence opens with "It"/"Its"/"The government", a capital read as its
// country ("Astana sent…"), a demonym read as its country ("Kazakh officials…").
// A capital is a place where something happens only where the text puts something there ("met in
// Tashkent", "travelled to Kabul", "visited Ankara"); elsewhere it stands for its government
// ("Moscow warned", "talks between Islamabad and Kabul", "Ankara's offer", "the Kabul regime") and
// acts as its country's ISO alpha-3 — Kabul as AFG, also when it means the Taliban's de facto
// government: a state's government is its ISO code throughout, the movement by name is `taliban`.
import type { Analysis, SentenceRange } from '../analysis.js';
import { adverbialOpeners, negationWords } from '../lexicons.js';
import { TokenKind, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import type { DraftTime } from './times.js';
import type { ExtractionStage } from '../stage.js';

export interface SentenceContext {
  range: SentenceRange;
  mentions: DraftMention[];
  times: DraftTime[];
  /** Entity id of the acting subject, or null. */
  subject: string | null;
  /** The mention read as the subject (null when a pronoun stands for the actor). */
  subjectMention: DraftMention | null;
  /** Token index → the sentence mention starting, ending or lying there (mentions never overlap). */
  startingAt: TokenMentions;
  endingAt: TokenMentions;
  covering: TokenMentions;
  /**
   * The agent a sentence-opening "It" refers to when no actor stands for it: the previous sentence's subject in the
   * same paragraph (relations only).
   */
  previousSubject?: string | null;
}

/** Mentions by token index, one table per document shared by its sentences (a token is in one sentence). */
export class TokenMentions {
  private readonly byToken: Array<DraftMention | undefined>;

  constructor(tokenCount: number) {
    this.byToken = new Array<DraftMention | undefined>(tokenCount);
  }

  get(k: number): DraftMention | undefined {
    return this.byToken[k];
  }

  has(k: number): boolean {
    return this.byToken[k] !== undefined;
  }

  /** Records `mention` at `k` unless one is there already. */
  add(k: number, mention: DraftMention): void {
    this.byToken[k] ??= mention;
  }
}

/** Index of the first of `mentions` (sorted by start, not overlapping) whose first token is at least `token`. */
export function firstMentionFrom(mentions: readonly DraftMention[], token: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((mentions[mid] as DraftMention).firstToken < token) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const actorPronouns = new Set(['it', 'its']);
const actorNouns = new Set(['government', 'country', 'authorities', 'state', 'leadership']);
const agentTypes: ReadonlySet<string> = new Set(['country', 'organization', 'person']);

/**
 * What a place mention is in its sentence: `place` where something happens ("met in Tashkent",
 * "travelled to Kabul", "visited Ankara", "the Doha talks"), `origin` where something comes from
 * ("returned from Kabul"), `actor` for a capital standing for its government ("Moscow warned",
 * "raised concerns for Tashkent", "Beijing as its partner", "talks between Islamabad and Kabul",
 * "Ankara's offer", "a delegation from Dushanbe", "the Kabul regime"). Only capitals act.
 */
export function placeRole(analysis: Analysis, context: SentenceContext, mention: DraftMention, depth = 0): PlaceRole {
  const { tokens } = analysis;
  // The word that governs the name, past determiners and position words ("in central Kabul", "in a Kabul house").
  let p = mention.firstToken - 1;
  while (p > context.range.first && p >= mention.firstToken - 3 && nameModifiers.has((tokens[p] as Token).norm)) p--;
  const preposition = p >= context.range.first ? (tokens[p] as Token).norm : '';
  const fromPreposition = preposition === 'from' ? 'origin' : 'place';
  if (mention.type !== 'place' || !mention.entity.capitalOf) return fromPreposition;
  const nextToken = tokens[mention.lastToken + 1];
  const next = mention.lastToken + 1 < context.range.end ? (nextToken?.norm ?? '') : '';
  // "the Kabul regime", "Kabul's new rulers": the government.
  if (governmentNouns.has(next)) return 'actor';
  // "Kabul airport", "the Tashkent conference", "Kabul's streets": the city itself.
  if (placeNounsAfterCapital.has(next)) return 'place';
  if (next === "'" && tokens[mention.lastToken + 2]?.norm === 's')
    return placeNounsAfterCapital.has(tokens[mention.lastToken + 3]?.norm ?? '') ? 'place' : 'actor';
  // "attention in Bishkek", "influence in Kabul": the government's.
  if (preposition === 'in' && opinionNouns.has(tokens[p - 1]?.norm ?? '')) return 'actor';
  if (locativePrepositions.has(preposition)) return 'place';
  // "a Kabul house": a name before a common noun names the city.
  if (
    p < mention.firstToken - 1 &&
    determiners.has(tokens[mention.firstToken - 1]?.norm ?? '') &&
    nextToken?.kind === TokenKind.Word &&
    !nextToken.capitalised
  )
    return 'place';
  if (directionalPrepositions.has(preposition)) {
    // "a delegation from Dushanbe", "officials from Kabul": the government that sends them.
    if (
      preposition === 'from' &&
      envoyNouns.has(tokens[p - 1]?.norm ?? '') &&
      !movedBefore(analysis, context, p - 1, movementVerbs)
    )
      return 'actor';
    return movedBefore(analysis, context, p, movementWords) ? fromPreposition : 'actor';
  }
  // "an airstrike on Kabul", "attacks against Islamabad": the target city.
  if ((preposition === 'on' || preposition === 'against') && movedBefore(analysis, context, p, attackWords))
    return 'place';
  // "visited Ankara", "the Taliban seized Kabul".
  if (placeVerbs.has(preposition)) return 'place';
  // "in Tashkent and Dushanbe", "between Islamabad and Kabul": as the first of the pair.
  const listed =
    preposition === 'and' ||
    preposition === 'or' ||
    (preposition === ',' && (next === ',' || next === 'and' || next === 'or'));
  const previous = listed && depth < 3 ? context.endingAt.get(mention.firstToken - 2) : undefined;
  if (previous?.type === 'place') return placeRole(analysis, context, previous, depth + 1);
  if (previous?.type === 'country' && locativePrepositions.has(tokens[previous.firstToken - 1]?.norm ?? ''))
    return 'place';
  return 'actor';
}

export type PlaceRole = 'place' | 'origin' | 'actor';

/**
 * Articles before a name used as a modifier ("a Kabul house"); not "that", which may open a clause ("said that Moscow
 * …").
 */
const determiners = new Set(['the', 'a', 'an']);
/** Determiners and position words between a preposition and a city ("in central Kabul", "to the Kabul"). */
const nameModifiers = new Set([
  ...determiners,
  'central',
  'downtown',
  'greater',
  'old',
  'northern',
  'southern',
  'eastern',
  'western',
  'north',
  'south',
  'east',
  'west',
  'suburban',
  'outer',
  'inner',
]);
/** Nouns after a capital that make it the government ("the Kabul regime", "Kabul's rulers" via the possessive). */
const governmentNouns = new Set([
  'regime',
  'regimes',
  'government',
  'governments',
  'authorities',
  'rulers',
  'administration',
  'leadership',
  'establishment',
  'officials',
]);
/**
 * Nouns of rule, views and standing: "in Bishkek" after them is the government ("the authorities in Kabul", "attention
 * in Bishkek", "influence in Kabul").
 */
const opinionNouns = new Set([
  'government',
  'regime',
  'authorities',
  'rulers',
  'attention',
  'concern',
  'concerns',
  'debate',
  'thinking',
  'view',
  'views',
  'circles',
  'perception',
  'perceptions',
  'anxiety',
  'alarm',
  'worry',
  'worries',
  'influence',
  'standing',
  'interest',
  'scepticism',
  'skepticism',
  'support',
]);

/** Prepositions after which a city is where something is or happens ("the embassy in Kabul"). */
const locativePrepositions = new Set([
  'in',
  'at',
  'near',
  'inside',
  'outside',
  'around',
  'into',
  'via',
  'through',
  'within',
  'across',
  'throughout',
  'of',
]);
/**
 * Prepositions after which a capital is a place only when something moves there ("travelled to Kabul", not "Ankara's
 * offer to Kabul").
 */
const directionalPrepositions = new Set(['to', 'from', 'towards', 'toward']);
/** Verbs whose object is a place ("visited Ankara", "seized Kabul"). */
const placeVerbs = new Set([
  'visit',
  'visits',
  'visited',
  'visiting',
  'toured',
  'tour',
  'reached',
  'reach',
  'entered',
  'enter',
  'left',
  'leave',
  'leaving',
  'fled',
  'flee',
  'fleeing',
  'seized',
  'seize',
  'captured',
  'capture',
  'bombed',
  'attacked',
  'struck',
  'hit',
  'shelled',
  'targeted',
  'stormed',
  'besieged',
  'overran',
  'surrounded',
  'evacuated',
  'relocated',
]);
/** Nouns after a capital that make it the city ("Kabul airport", "the Doha talks", "Kabul's streets"). */
const placeNounsAfterCapital = new Set([
  'airport',
  'airports',
  'streets',
  'street',
  'outskirts',
  'residents',
  'centre',
  'center',
  'city',
  'province',
  'neighbourhood',
  'neighborhood',
  'neighbourhoods',
  'neighborhoods',
  'district',
  'districts',
  'suburbs',
  'hospital',
  'hospitals',
  'mosque',
  'mosques',
  'markets',
  'market',
  'population',
  'skyline',
  'conference',
  'summit',
  'talks',
  'meeting',
  'meetings',
  'format',
  'process',
  'forum',
  'round',
  'declaration',
  'hotel',
  'university',
  'embassy',
  'offices',
]);
/** People sent by a government: "a delegation from Dushanbe" is Tajikistan acting. */
export const envoyNouns = new Set([
  'group',
  'groups',
  'team',
  'teams',
  'mission',
  'missions',
  'envoy',
  'envoys',
  'representative',
  'representatives',
  'official',
  'officials',
  'minister',
  'ministers',
  'diplomat',
  'diplomats',
  'ambassador',
  'ambassadors',
  'delegation',
  'delegations',
  'delegates',
  'counterpart',
  'counterparts',
  'leaders',
  'leader',
  'authorities',
  'visitors',
  'guests',
  'emissary',
  'emissaries',
]);
/** Verbs that move people or goods somewhere ("flew to Kabul", "sent wheat to Kabul", "evacuated from Kabul"). */
const movementVerbs = new Set([
  'travelled',
  'traveled',
  'travel',
  'travels',
  'travelling',
  'traveling',
  'flew',
  'fly',
  'flies',
  'flying',
  'arrived',
  'arrive',
  'arrives',
  'arriving',
  'went',
  'go',
  'goes',
  'going',
  'came',
  'come',
  'comes',
  'coming',
  'returned',
  'return',
  'returns',
  'returning',
  'sent',
  'send',
  'sends',
  'sending',
  'dispatched',
  'dispatch',
  'delivered',
  'deliver',
  'delivers',
  'shipped',
  'moved',
  'move',
  'relocated',
  'fled',
  'flee',
  'flees',
  'fleeing',
  'evacuated',
  'evacuate',
  'evacuating',
  'deported',
  'headed',
  'journeyed',
  'transported',
  'transferred',
  'drove',
  'walked',
  'crossed',
  'escaped',
  'expelled',
  'repatriated',
  'visited',
  'visit',
  'visits',
  'visiting',
]);
/**
 * Movement verbs and the nouns of trips, routes and carried goods ("a delegation to Kabul", "a railway from Termez to
 * Kabul").
 */
const movementWords = new Set([
  ...movementVerbs,
  'trip',
  'trips',
  'journey',
  'flight',
  'flights',
  'delegation',
  'delegations',
  'mission',
  'missions',
  'convoy',
  'convoys',
  'shipment',
  'shipments',
  'evacuation',
  'evacuations',
  'route',
  'routes',
  'railway',
  'railways',
  'rail',
  'road',
  'roads',
  'highway',
  'corridor',
  'pipeline',
  'linking',
  'connecting',
  'connects',
  'connect',
  'bus',
  'train',
  'trains',
  'trucks',
  'exports',
]);
/** Attack words that make "on"/"against" a capital its target ("an airstrike on Kabul"). */
const attackWords = new Set([
  'attack',
  'attacks',
  'attacked',
  'strike',
  'strikes',
  'airstrike',
  'airstrikes',
  'raid',
  'raids',
  'assault',
  'bombing',
  'bombings',
  'shelling',
  'offensive',
  'advance',
  'march',
  'rockets',
  'missiles',
  'fire',
]);

/** Whether one of `words` stands among the few words before token `at` in its clause ("sent a working group to"). */
function movedBefore(analysis: Analysis, context: SentenceContext, at: number, words: ReadonlySet<string>): boolean {
  const { tokens } = analysis;
  if (at < context.range.first) return false;
  const clause = clauseAround(analysis, context.range, at);
  for (let j = at; j >= clause.first && j > at - 10; j--) if (words.has((tokens[j] as Token).norm)) return true;
  return false;
}

/** The acting entity a mention stands for: a capital acts for its country. */
export function actingEntity(mention: DraftMention): string {
  if (mention.type === 'place' && mention.entity.capitalOf) return mention.entity.capitalOf;
  if (mention.type === 'country') return mention.entity.id;
  return mention.entity.id;
}

export function buildSentenceContexts(
  analysis: Analysis,
  mentions: readonly DraftMention[],
  times: readonly DraftTime[],
): SentenceContext[] {
  const contexts: SentenceContext[] = [];
  const startingAt = new TokenMentions(analysis.tokens.length);
  const endingAt = new TokenMentions(analysis.tokens.length);
  const covering = new TokenMentions(analysis.tokens.length);
  let m = 0;
  let t = 0;
  for (const range of analysis.sentences) {
    const { start, end } = range.sentence;
    while (m < mentions.length && (mentions[m] as DraftMention).start < start) m++;
    while (t < times.length && (times[t] as DraftTime).start < start) t++;
    const sentenceTimes: DraftTime[] = [];
    for (let i = t; i < times.length && (times[i] as DraftTime).start < end; i++)
      sentenceTimes.push(times[i] as DraftTime);
    const sentenceMentions: DraftMention[] = [];
    // Times are sorted and never overlap: one pointer walks them along the mentions.
    let within = 0;
    for (let i = m; i < mentions.length && (mentions[i] as DraftMention).start < end; i++) {
      const mention = mentions[i] as DraftMention;
      while (within < sentenceTimes.length && (sentenceTimes[within] as DraftTime).end <= mention.start) within++;
      const time = sentenceTimes[within];
      if (time && mention.start >= time.start && mention.end <= time.end) continue;
      sentenceMentions.push(mention);
    }
    for (const mention of sentenceMentions) {
      startingAt.add(mention.firstToken, mention);
      endingAt.add(mention.lastToken, mention);
      for (let k = mention.firstToken; k <= mention.lastToken; k++) covering.add(k, mention);
    }
    const { subject, subjectMention } = findSubject(analysis, range, sentenceMentions, sentenceTimes);
    const previous = contexts[contexts.length - 1];
    const previousSubject =
      previous && !opensNewParagraph(analysis, previous.range, range)
        ? (namedAgent(analysis, previous.subjectMention) ??
          (previous.subjectMention ? null : (previous.subject ?? previous.previousSubject ?? null)))
        : null;
    contexts.push({
      range,
      mentions: sentenceMentions,
      times: sentenceTimes,
      subject,
      subjectMention,
      startingAt,
      endingAt,
      covering,
      previousSubject,
    });
  }
  return contexts;
}

/** Whether a line break (or a new section or interest) stands between two sentences. */
function opensNewParagraph(analysis: Analysis, previous: SentenceRange, range: SentenceRange): boolean {
  if (previous.sentence.section !== range.sentence.section || previous.sentence.interest !== range.sentence.interest)
    return true;
  for (let i = previous.sentence.end; i < range.sentence.start; i++) {
    const code = analysis.text.charCodeAt(i);
    if (code === 10 || code === 13 || code === 0x2029) return true;
  }
  return false;
}

/**
 * The entity of a subject mention a later "it" may stand for: a state or organisation named as such
 * (a capital for its state), not a demonym modifying a noun ("Kazakh officials").
 */
function namedAgent(analysis: Analysis, mention: DraftMention | null): string | null {
  if (
    !mention ||
    !(
      mention.type === 'country' ||
      mention.type === 'organization' ||
      (mention.type === 'place' && mention.entity.capitalOf)
    )
  )
    return null;
  const next = analysis.tokens[mention.lastToken + 1];
  if (next?.norm === "'") return null;
  const surface = analysis.text.slice(mention.start, mention.end);
  if (
    mention.type === 'country' &&
    surface !== mention.entity.name &&
    next?.kind === TokenKind.Word &&
    !next.capitalised &&
    !verbGapWords.has(next.norm)
  )
    return null;
  return actingEntity(mention);
}

/** Words after "it is/was …" that make "it" a dummy subject ("it is unclear whether", "it was reported that"). */
const expletiveWords = new Set([
  'unclear',
  'clear',
  'likely',
  'unlikely',
  'possible',
  'impossible',
  'difficult',
  'hard',
  'easy',
  'important',
  'necessary',
  'notable',
  'worth',
  'true',
  'uncertain',
  'whether',
  'that',
  'said',
  'reported',
  'believed',
  'thought',
  'expected',
  'estimated',
  'feared',
  'hoped',
  'time',
  'too',
  'early',
  'doubtful',
  'unknown',
  'known',
  'obvious',
  'evident',
  'telling',
  'striking',
  'remarkable',
  'noteworthy',
  'seen',
  'if',
  'how',
  'why',
]);
const expletiveVerbs = new Set([
  'is',
  'was',
  'remains',
  'remained',
  'seems',
  'seemed',
  'appears',
  'appeared',
  'would',
  'will',
  'may',
  'might',
  'could',
  'has',
  'had',
  'became',
  'becomes',
]);

/**
 * Whether "it" at token j is a dummy subject: "It is unclear whether …", "it remains to be seen", "it was reported
 * that".
 */
export function isExpletiveIt(tokens: readonly Token[], j: number): boolean {
  if (!expletiveVerbs.has(tokens[j + 1]?.norm ?? '')) return false;
  for (let i = j + 2; i <= j + 5; i++) {
    const token = tokens[i];
    if (!token || token.kind !== TokenKind.Word) return false;
    if (expletiveWords.has(token.norm)) return true;
  }
  return false;
}

/**
 * The agent "it" at token j stands for, as a relation's subject: none for a dummy "it"; the state or
 * organisation named as the sentence's subject before it ("Turkmenistan has not recognized them, yet it
 * hosts …"); else the actor of a profile; else, with no actor (an article), the previous sentence's
 * subject in the same paragraph.
 */
export function pronounAgent(analysis: Analysis, context: SentenceContext, j: number): string | null {
  if (isExpletiveIt(analysis.tokens, j)) return null;
  const subjectMention = context.subjectMention;
  if (subjectMention && subjectMention.lastToken < j) {
    const named = namedAgent(analysis, subjectMention);
    if (named) return named;
  }
  if (analysis.actorCountry)
    return context.subjectMention === null && context.subject ? context.subject : analysis.actorCountry;
  if (subjectMention === null && context.subject) return context.subject;
  return context.previousSubject ?? null;
}

function findSubject(
  analysis: Analysis,
  range: SentenceRange,
  mentions: readonly DraftMention[],
  times: readonly DraftTime[],
): { subject: string | null; subjectMention: DraftMention | null } {
  const { tokens } = analysis;
  let first = range.first;
  while (first < range.end && (tokens[first] as Token).kind === TokenKind.Punct) first++;
  const opener = tokens[first];
  if (!opener) return { subject: null, subjectMention: null };
  if (actorPronouns.has(opener.norm) && analysis.actorCountry)
    return { subject: analysis.actorCountry, subjectMention: null };
  if (opener.norm === 'the' && actorNouns.has(tokens[first + 1]?.norm ?? '')) {
    // "The authorities in Kabul …", "The government of Iran …": that state's.
    const owner =
      tokens[first + 2]?.norm === 'in' || tokens[first + 2]?.norm === 'of'
        ? mentions.find((mention) => mention.firstToken === first + 3)
        : undefined;
    if (owner && (owner.type === 'country' || (owner.type === 'place' && owner.entity.capitalOf)))
      return { subject: actingEntity(owner), subjectMention: owner };
    if (analysis.actorCountry) return { subject: analysis.actorCountry, subjectMention: null };
  }
  // A leading adverbial phrase ("Unlike Tajikistan, …", "Following the takeover, …") is not the subject.
  let from = (tokens[first] as Token).start;
  // "In March 2022 Uzbekistan hosted …": a leading date, then the subject with no comma between.
  const leadingTime = times.find((time) => time.firstToken <= first + 2);
  if (leadingTime) {
    const next = mentions.find(
      (mention) =>
        mention.firstToken === leadingTime.lastToken + 1 ||
        (mention.firstToken === leadingTime.lastToken + 2 && tokens[leadingTime.lastToken + 1]?.norm === 'the'),
    );
    if (next && agentTypes.has(next.type)) return { subject: actingEntity(next), subjectMention: next };
    if (next?.type === 'place' && next.entity.capitalOf) return { subject: actingEntity(next), subjectMention: next };
  }
  // "In November 2021 National Security Adviser …": a leading date with no comma ends the adverbial.
  if (leadingTime && tokens[leadingTime.lastToken + 1]?.raw !== ',') from = leadingTime.end;
  else if (adverbialOpeners.has(opener.norm)) {
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

/**
 * Whether a trigger at token k is negated: "do not share", "never recognized", "refuses to recognize", "has yet to",
 * "don't", "withheld recognition", "without recognising".
 */
export function isNegated(analysis: Analysis, range: SentenceRange, k: number): boolean {
  return negationAt(analysis, range, k) !== null;
}

/**
 * The token that negates a trigger at token k (the nearest negator of the five words before it, in its clause), or
 * null.
 */
export function negationAt(analysis: { tokens: readonly Token[] }, range: SentenceRange, k: number): number | null {
  const { tokens } = analysis;
  for (let j = k - 1; j >= range.first && j >= k - 5; j--) {
    const token = tokens[j] as Token;
    if (token.raw === ',' || token.raw === ';') break;
    if (token.norm === 'yet' && tokens[j + 1]?.norm === 'to') return j;
    if (token.norm === 't' && tokens[j - 1]?.norm === "'") return j - 2 >= range.first ? j - 2 : j;
    if (!negationWords.has(token.norm)) continue;
    if (token.norm === 'not' && (tokens[j - 1]?.norm === 'if' || tokens[j + 1]?.norm === 'only')) continue;
    return j;
  }
  return null;
}

/** Words that open a new clause after a comma ("…, and the company …", "…, which …"). */
const clauseOpeners = new Set([
  'and',
  'but',
  'yet',
  'while',
  'whereas',
  'although',
  'though',
  'which',
  'who',
  'whom',
  'whose',
  'where',
  'when',
  'so',
]);
/** Relative pronouns open a clause of their own even without a comma ("Kabulov, who for years headed …"). */
const relativeWords = new Set(['which', 'who', 'whom', 'whose']);

function isClauseBreak(tokens: readonly Token[], j: number): boolean {
  const token = tokens[j] as Token;
  if (token.raw === ';' || token.raw === ':' || token.raw === '—') return true;
  if (token.raw === '–' && token.spaceBefore) return true;
  if (token.raw === ',' && clauseOpeners.has(tokens[j + 1]?.norm ?? '')) return true;
  return relativeWords.has(token.norm);
}

/**
 * The clause holding token k, as a token range [first, end): bounded by ";", ":", spaced dashes, ", and/but/which…" and
 * relative pronouns.
 */
export function clauseAround(analysis: Analysis, range: SentenceRange, k: number): { first: number; end: number } {
  const bounds = clauseBounds(analysis);
  const first = bounds.first[k] as number;
  const end = k + 1 >= range.end ? range.end : (bounds.nextBreak[k + 1] as number);
  return { first, end };
}

const clauseBoundsCache = new WeakMap<Analysis, { first: Int32Array; nextBreak: Int32Array }>();

/**
 * For every token of every sentence: where its clause starts, and the next clause break at or after
 * it (or the sentence end). Built once per document in one pass, so each clause lookup is constant time.
 */
function clauseBounds(analysis: Analysis): { first: Int32Array; nextBreak: Int32Array } {
  const cached = clauseBoundsCache.get(analysis);
  if (cached) return cached;
  const { tokens } = analysis;
  const first = new Int32Array(tokens.length + 1);
  const nextBreak = new Int32Array(tokens.length + 1);
  for (const range of analysis.sentences) {
    for (let k = range.first; k < range.end; k++)
      first[k] = k === range.first || isClauseBreak(tokens, k - 1) ? k : (first[k - 1] as number);
    let next = range.end;
    for (let k = range.end - 1; k >= range.first; k--) {
      if (isClauseBreak(tokens, k)) next = k;
      nextBreak[k] = next;
    }
  }
  const bounds = { first, nextBreak };
  clauseBoundsCache.set(analysis, bounds);
  return bounds;
}

/**
 * Auxiliaries, negators and adverbs that may stand between a subject and its verb ("Tashkent does not formally
 * recognize").
 */
const verbGapWords = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'has',
  'have',
  'had',
  'do',
  'does',
  'did',
  'will',
  'would',
  'can',
  'could',
  'may',
  'might',
  'must',
  'should',
  'not',
  'never',
  'no',
  'also',
  'still',
  'already',
  'yet',
  'to',
  'refuses',
  'refused',
  'refuse',
  'declined',
  'declines',
  'kept',
  'keeps',
  'continues',
  'continued',
  'so',
  'far',
  'now',
  'long',
  'since',
  'reportedly',
  'n',
  't',
  "'",
  'directly',
  'only',
  'again',
  'even',
  'all',
  'both',
  'each',
  'together',
  'jointly',
]);
/** Relative pronouns whose antecedent is the subject of the verb after them ("Qatar, which has hosted …"). */
const subjectRelatives = new Set(['which', 'who', 'that']);

/**
 * The agent a verb at token k is said of, when it stands right before the verb with at most auxiliaries,
 * negators and adverbs between ("Uzbekistan borders", "Doha does not recognize", "It has refused to recognize").
 */
export function governingAgent(analysis: Analysis, context: SentenceContext, k: number): string | null {
  const { tokens } = analysis;
  const j = agentEnd(analysis, context, k);
  if (j < context.range.first) return null;
  const word = tokens[j] as Token;
  if (word.norm === 'it') return pronounAgent(analysis, context, j);
  const mention = governingMention(analysis, context, k);
  return mention ? actingEntity(mention) : null;
}

/** The token before a verb at k, past auxiliaries, negators, adverbs and a time ("which since 2021 has recognized"). */
function agentEnd(analysis: Analysis, context: SentenceContext, k: number): number {
  const { tokens } = analysis;
  let j = k - 1;
  for (let gap = 0; j >= context.range.first && gap < 5; gap++, j--) {
    const time = context.times.find((candidate) => candidate.firstToken <= j && j <= candidate.lastToken);
    if (time) {
      j = time.firstToken;
      continue;
    }
    const token = tokens[j] as Token;
    if (
      token.kind !== TokenKind.Word ||
      !(verbGapWords.has(token.norm) || (token.norm.endsWith('ly') && !token.capitalised))
    )
      break;
  }
  return j;
}

/**
 * The agent mention a verb at token k is said of, when named right before it (past auxiliaries and
 * adverbs), or the antecedent of a relative pronoun there ("Qatar, which has hosted …", "Otunbayeva,
 * who has led …"). Null for a pronoun or nothing.
 */
export function governingMention(analysis: Analysis, context: SentenceContext, k: number): DraftMention | null {
  const { tokens } = analysis;
  let j = agentEnd(analysis, context, k);
  if (j < context.range.first) return null;
  if (subjectRelatives.has((tokens[j] as Token).norm) && j - 1 >= context.range.first) {
    // "X, which …" / "X who …"; "that" only right after its antecedent ("the only state that …" has none).
    const relative = (tokens[j] as Token).norm;
    j--;
    if (tokens[j]?.raw === ',' && relative !== 'that') j--;
  }
  const mention = context.endingAt.get(j);
  if (!mention) return null;
  if (agentTypes.has(mention.type) || (mention.type === 'place' && mention.entity.capitalOf)) return mention;
  return null;
}

/**
 * Who acts in the clause holding token k: the sentence subject when it opens this clause (or the
 * clause is the sentence's first and the subject is a pronoun), else an agent opening the clause
 * ("…, and Ankara has built …"), "it" opening the clause for the sentence subject.
 */
export function clauseSubject(analysis: Analysis, context: SentenceContext, k: number): string | null {
  const { tokens } = analysis;
  const clause = clauseAround(analysis, context.range, k);
  const subjectMention = context.subjectMention;
  if (subjectMention && subjectMention.firstToken >= clause.first && subjectMention.lastToken < k)
    return context.subject;
  if (!subjectMention && context.subject && clause.first <= firstWord(tokens, context.range)) return context.subject;
  let j = clause.first;
  while (j < k && (tokens[j] as Token).kind === TokenKind.Punct) j++;
  if (clauseOpeners.has(tokens[j]?.norm ?? '')) j++;
  // "…, and in August 2024 the Emirates accepted …": past a leading date.
  const time = context.times.find(
    (candidate) => candidate.firstToken >= j && candidate.firstToken <= j + 2 && candidate.lastToken < k,
  );
  if (time) j = time.lastToken + 1;
  if (tokens[j]?.norm === 'it' || tokens[j]?.norm === 'its')
    return tokens[j]?.norm === 'it' ? pronounAgent(analysis, context, j) : (context.subject ?? analysis.actorCountry);
  if (tokens[j]?.norm === 'the' && actorNouns.has(tokens[j + 1]?.norm ?? '') && analysis.actorCountry)
    return analysis.actorCountry;
  let words = 0;
  for (let w = j; w < k && words < 3; w++) {
    const mention = context.startingAt.get(w);
    if (mention && (agentTypes.has(mention.type) || (mention.type === 'place' && mention.entity.capitalOf)))
      return actingEntity(mention);
    if ((tokens[w] as Token).kind === TokenKind.Word) words++;
  }
  return null;
}

function firstWord(tokens: readonly Token[], range: SentenceRange): number {
  let first = range.first;
  while (first < range.end && (tokens[first] as Token).kind === TokenKind.Punct) first++;
  return first;
}

export const sentenceContextStage: ExtractionStage<'analysis' | 'drafts' | 'times', 'contexts'> = {
  name: 'sentence-contexts',
  requires: ['analysis', 'drafts', 'times'],
  provides: ['contexts'],
  run: ({ analysis, drafts, times }) => ({ contexts: buildSentenceContexts(analysis, drafts, times) }),
};
