// Stage: relations. Trigger words over each sentence, read clause by clause: the subject is the
// agent the verb is said of (right before it, or the subject opening its clause: the actor for
// "It"/"Its", a capital or demonym read as its state) and the object stands close after the trigger
// in the same clause: borders, supplies, interested_in, participates_in, leads, member_of,
// provides_aid_to, hosts, recognizes, opposes. A `borders` relation needs an explicit bordering
// predicate ("X borders Y", "X shares a border with Y", "X and Y share a border", "its border with Y",
// "the X–Y border"); "near the Afghan border" or "through X" are none. `negated` for "do not / does
// not / never / no / not / refuses to / has yet to / withheld". Each relation carries `valid` and
// `current` from its clause's time and tense (fact-time.ts); "no longer X" is X in the past, not negated.
// Beyond "X verb Y": coordinated subjects and objects give one relation each ("Kyrgyzstan and
// Tajikistan participate in …", "in TAPI and in …"); "it" and "which"/"who" subjects (sentence-context.ts);
// noun predicates after a copula or in apposition ("is a partner in", "remains a TAPI partner", "X, a
// founding member of"); descriptions referring back to a named body ("the movement", "the mission",
// "the project", via the coreference stage's reading) and "leads it"; objects behind a possessive
// ("hosted the Taliban's political office", "to Afghanistan's western provinces") or a people noun
// ("hosts … Afghan diasporas"); double-object gifts ("sent Afghanistan wheat and vaccines": aid when
// the goods are humanitarian, else supplies). Arms and money to an armed group ("armed and financed")
// are `supplies`; "backed" an armed group or movement, support with no goods named, is
// `provides_aid_to` (the spec's aid predicate covers support given; `supplies` needs something supplied).
import type { Mention, MentionType, Relation } from '../../model/index.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import type { ExtractionStage } from '../stage.js';
import { TokenKind, tokenIndexAt, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import { relationTime } from './fact-time.js';
import {
  actingEntity,
  clauseAround,
  clauseSubject,
  firstMentionFrom,
  governingAgent,
  governingMention,
  isExpletiveIt,
  isNegated,
  placeRole,
  TokenMentions,
  type SentenceContext,
} from './sentence-context.js';

type Predicate = Relation['predicate'];

const triggerWords: ReadonlyMap<string, Predicate> = new Map<string, Predicate>([
  ['border', 'borders'],
  ['borders', 'borders'],
  ['bordering', 'borders'],
  ['bordered', 'borders'],
  ['frontier', 'borders'],
  ['neighbours', 'borders'],
  ['neighbors', 'borders'],
  ['neighbouring', 'borders'],
  ['neighboring', 'borders'],
  ['supply', 'supplies'],
  ['supplies', 'supplies'],
  ['supplied', 'supplies'],
  ['supplying', 'supplies'],
  ['supplier', 'supplies'],
  ['exports', 'supplies'],
  ['exported', 'supplies'],
  ['export', 'supplies'],
  ['exporting', 'supplies'],
  ['sells', 'supplies'],
  ['sold', 'supplies'],
  ['delivers', 'supplies'],
  ['delivered', 'supplies'],
  ['interested', 'interested_in'],
  ['interest', 'interested_in'],
  ['participated', 'participates_in'],
  ['participate', 'participates_in'],
  ['participates', 'participates_in'],
  ['participating', 'participates_in'],
  ['participation', 'participates_in'],
  ['joined', 'participates_in'],
  ['led', 'leads'],
  ['leads', 'leads'],
  ['heads', 'leads'],
  ['headed', 'leads'],
  ['member', 'member_of'],
  ['members', 'member_of'],
  ['membership', 'member_of'],
  ['aid', 'provides_aid_to'],
  ['assistance', 'provides_aid_to'],
  ['help', 'provides_aid_to'],
  ['hosted', 'hosts'],
  ['hosts', 'hosts'],
  ['hosting', 'hosts'],
  ['recognize', 'recognizes'],
  ['recognise', 'recognizes'],
  ['recognized', 'recognizes'],
  ['recognised', 'recognizes'],
  ['recognizes', 'recognizes'],
  ['recognises', 'recognizes'],
  ['recognizing', 'recognizes'],
  ['recognising', 'recognizes'],
  ['recognition', 'recognizes'],
  ['oppose', 'opposes'],
  ['opposes', 'opposes'],
  ['opposed', 'opposes'],
  ['opposition', 'opposes'],
  ['condemned', 'opposes'],
  ['condemns', 'opposes'],
  // Copular nouns and verbs of support, read only in their own constructions (see findRelations).
  ['partner', 'participates_in'],
  ['partners', 'participates_in'],
  ['armed', 'supplies'],
  ['arms', 'supplies'],
  ['arming', 'supplies'],
  ['financed', 'supplies'],
  ['funded', 'supplies'],
  ['bankrolled', 'supplies'],
  ['backed', 'provides_aid_to'],
  ['backs', 'provides_aid_to'],
  ['backing', 'provides_aid_to'],
  ['sent', 'provides_aid_to'],
  ['send', 'provides_aid_to'],
  ['sends', 'provides_aid_to'],
  ['sending', 'provides_aid_to'],
  ['donated', 'provides_aid_to'],
  ['gave', 'provides_aid_to'],
  ['given', 'provides_aid_to'],
  ['shipped', 'provides_aid_to'],
]);

/** Verbs of material support for an armed group or a state ("armed and financed the Northern Alliance"): supplies. */
const armingVerbs = new Set(['armed', 'arms', 'arming', 'financed', 'funded', 'bankrolled']);
/**
 * "backed the Northern Alliance": support without named goods, read as aid (provides_aid_to), to armed groups and
 * movements only.
 */
const backingVerbs = new Set(['backed', 'backs', 'backing']);
/** Verbs that give a recipient and goods as a double object ("has sent Afghanistan wheat and vaccines"). */
const givingVerbs = new Set([
  'sent',
  'send',
  'sends',
  'sending',
  'donated',
  'gave',
  'given',
  'shipped',
  'delivered',
  'delivers',
]);
/** Goods that make a double-object gift aid; other goods (wheat, fuel) make it supply. */
const aidGoods = new Set([
  'aid',
  'assistance',
  'relief',
  'medicines',
  'medicine',
  'vaccines',
  'vaccine',
  'food',
  'tents',
  'blankets',
  'medical',
  'humanitarian',
  'shelter',
  'supplies',
  'doses',
]);
const tradeGoods = new Set([
  'wheat',
  'flour',
  'fuel',
  'electricity',
  'gas',
  'oil',
  'grain',
  'coal',
  'power',
  'cement',
  'diesel',
  'petrol',
  'gasoline',
  'sugar',
  'rice',
  'fertiliser',
  'fertilizer',
  'goods',
]);
/** Organisation kinds that can be armed, financed or backed. */
const supportedKinds = new Set(['armed-group', 'movement']);
/** Copulas before a noun predicate ("is a TAPI partner", "remains a member of"). */
const copulas = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'remains',
  'remain',
  'remained',
  'became',
  'become',
  'becomes',
]);
/** Words between a copula and its noun ("is no longer a founding member", "is one of the main partners"). */
const nounPredicateModifiers = new Set([
  'a',
  'an',
  'the',
  'one',
  'of',
  'no',
  'longer',
  'not',
  'still',
  'also',
  'now',
  'again',
  'founding',
  'full',
  'full-fledged',
  'dominant',
  'key',
  'leading',
  'permanent',
  'active',
  'major',
  'largest',
  'biggest',
  'main',
  'original',
  'core',
  'important',
  'junior',
  'senior',
  'principal',
  'only',
  'formal',
  'prospective',
  'participating',
  'partner',
  'strategic',
  'equal',
  'never',
  'likewise',
  'too',
  'both',
]);
/** Head nouns after a possessor that make the possessor a host's guest ("hosted the Taliban's political office"). */
const guestNouns = new Set([
  'office',
  'offices',
  'embassy',
  'envoy',
  'envoys',
  'diplomats',
  'delegation',
  'delegations',
  'representatives',
  'representative',
  'officials',
  'leaders',
  'leadership',
  'negotiators',
  'ambassador',
  'mission',
  'consulate',
  'talks',
  'negotiating',
]);
/**
 * Head nouns after a possessor that make it a recipient ("to Afghanistan's western provinces", "most of Afghanistan's
 * imported power").
 */
const recipientNouns = new Set([
  'province',
  'provinces',
  'region',
  'regions',
  'north',
  'south',
  'east',
  'west',
  'cities',
  'city',
  'people',
  'population',
  'grid',
  'markets',
  'hospitals',
  'border',
  'borderlands',
  'capital',
  'needs',
  'imports',
  'demand',
  'consumption',
  'power',
  'electricity',
  'fuel',
  'gas',
  'wheat',
  'flour',
  'grain',
  'oil',
  'supply',
  'supplies',
]);
/** Words allowed between a supply verb and a possessor recipient ("most of", "much of", "half of"). */
const shareWords = new Set([
  'most',
  'much',
  'some',
  'half',
  'all',
  'part',
  'bulk',
  'majority',
  'share',
  'third',
  'quarter',
  'of',
  'the',
  'a',
  'large',
  'nearly',
  'about',
  'almost',
  'roughly',
  'over',
  'two-thirds',
]);
/** People nouns after a demonym that make it a hosted population ("one of the world's largest Afghan diasporas"). */
const peopleNouns = new Set([
  'diaspora',
  'diasporas',
  'refugees',
  'refugee',
  'community',
  'communities',
  'migrants',
  'population',
  'populations',
  'students',
  'nationals',
  'exiles',
  'families',
  'workers',
  'citizens',
  'asylum',
  'evacuees',
  'people',
  'emigres',
  'émigrés',
]);
/** Words allowed between "hosts" and such a population ("one of the world's largest", "millions of", "a large"). */
const populationModifiers = new Set([
  'one',
  'of',
  'the',
  'world',
  "'",
  's',
  'largest',
  'large',
  'biggest',
  'big',
  'sizeable',
  'sizable',
  'significant',
  'substantial',
  'many',
  'several',
  'some',
  'most',
  'millions',
  'thousands',
  'hundreds',
  'million',
  'thousand',
  'hundred',
  'a',
  'an',
  'growing',
  'small',
  'estimated',
  'about',
  'around',
  'over',
  'more',
  'than',
  'its',
  'their',
  'region',
  'second',
  'third',
  'number',
  'numbers',
  'tens',
]);

const agentTypes: ReadonlySet<MentionType> = new Set(['country', 'organization', 'person']);
const aidVerbs = new Set([
  'humanitarian',
  'providing',
  'provided',
  'provide',
  'provides',
  'sent',
  'send',
  'sending',
  'delivered',
  'food',
  'medical',
]);
const focusNouns = new Set(['country', 'government', 'regime', 'authorities']);
const shareVerbs = new Set(['share', 'shares', 'shared', 'sharing', 'has', 'have', 'had', 'having']);
/** Words allowed inside "shares a 1,357-kilometer border", "has no common border", "its long northern frontier". */
const borderModifiers = new Set([
  'a',
  'an',
  'the',
  'no',
  'any',
  'long',
  'longest',
  'short',
  'shortest',
  'common',
  'shared',
  'joint',
  'direct',
  'land',
  'northern',
  'southern',
  'eastern',
  'western',
  'mountainous',
  'porous',
  'rugged',
  'international',
  'km',
  'kilometre',
  'kilometer',
  'kilometres',
  'kilometers',
  'mile',
  'miles',
  'long',
  '-',
  'about',
  'some',
  'nearly',
  'almost',
  'roughly',
  'over',
]);
/** Auxiliaries that make a following "border" a verb ("does not border", "would border"). */
const borderVerbCues = new Set([
  'do',
  'does',
  'did',
  'not',
  't',
  'to',
  'also',
  'directly',
  'will',
  'would',
  'may',
  'might',
  'could',
  'both',
]);
const dashes = new Set(['-', '–', '—']);
/** Possessive pronouns whose owner is the clause subject ("its border with Iran"). */
const possessivePronouns = new Set(['its', 'their']);
const beForms = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);
/** Verbs that grant or withhold the noun "recognition". */
const recognitionVerbs = new Set([
  'withhold',
  'withholds',
  'withheld',
  'withholding',
  'grant',
  'grants',
  'granted',
  'granting',
  'extend',
  'extends',
  'extended',
  'extending',
  'deny',
  'denies',
  'denied',
  'denying',
  'refuse',
  'refuses',
  'refused',
  'offer',
  'offered',
  'accord',
  'accorded',
]);
/** The entity governing the focus state of the collection (Taliban-led Afghanistan). */
const focusGoverningMovement = 'taliban';
/** How many tokens may stand between a trigger and its object ("hosted the second meeting of …" is too far). */
const objectReach = 4;
/** Prepositions that put a mention outside the trigger's object ("hosted a conference on Afghanistan"). */
const prepositions = new Set([
  'of',
  'on',
  'in',
  'about',
  'at',
  'from',
  'with',
  'near',
  'over',
  'against',
  'between',
  'among',
  'through',
  'across',
  'by',
  'to',
  'for',
  'into',
]);

/** Records one relation per subject and object read at trigger k, in the trigger's sentence. */
type AddRelations = (
  subjects: readonly (string | null)[],
  predicate: Predicate,
  objects: readonly (string | null)[],
  negated: boolean,
  context: SentenceContext,
  k: number,
) => void;

/** A relation trigger being read: its word at `k`, its sentence and clause, and the mentions after it in the clause. */
interface Trigger {
  analysis: Analysis;
  tokens: readonly Token[];
  context: SentenceContext;
  range: SentenceRange;
  k: number;
  token: Token;
  clause: { first: number; end: number };
  /** The mentions after the trigger inside its clause (sorted, never overlapping). */
  after: readonly DraftMention[];
  negated: boolean;
  /** The movement governing the focus state when the document names it, else the state. */
  focusGovernment: string;
  addAll: AddRelations;
}

export function findRelations(
  analysis: Analysis,
  baseContexts: readonly SentenceContext[],
  coreferences: readonly Mention[],
): Relation[] {
  const { tokens } = analysis;
  const relations: Relation[] = [];
  const seen = new Set<string>();
  // Descriptions that refer back to a named entity ("the movement", "the mission", "the project") read as its mentions.
  const contexts = withReferringMentions(analysis, baseContexts, coreferences);
  /**
   * Records a relation read at trigger k, with the time its clause gives it; "no longer" makes it a past fact, not a
   * denial.
   */
  const add = (
    subject: string | null,
    predicate: Predicate,
    object: string | null,
    negated: boolean,
    context: SentenceContext,
    k: number,
  ): void => {
    if (!subject || !object || subject === object) return;
    const { valid, current, endsNegation, denies } = relationTime(analysis, context, k, {
      timeless: predicate === 'borders',
    });
    const stated = (negated && !endsNegation) || denies === true;
    const key = `${subject}|${predicate}|${object}|${stated}|${valid ?? ''}|${current}`;
    if (seen.has(key)) return;
    seen.add(key);
    relations.push({
      subject,
      predicate,
      object,
      negated: stated,
      evidence: { start: context.range.sentence.start, end: context.range.sentence.end },
      valid,
      current,
    });
  };
  /**
   * One relation per subject and object: "Kyrgyzstan and Tajikistan participate in …", "participates in TAPI and in …".
   */
  const addAll: AddRelations = (subjects, predicate, objects, negated, context, k) => {
    for (const subject of subjects) for (const object of objects) add(subject, predicate, object, negated, context, k);
  };
  // "recognize the (de facto) government": the movement governing the focus state when the document names it, else the
  // state.
  const focusGovernment = contexts.some((context) =>
    context.mentions.some((mention) => mention.entity.id === focusGoverningMovement),
  )
    ? focusGoverningMovement
    : analysis.focusCountry;
  for (const context of contexts) {
    const { range } = context;
    for (let k = range.first; k < range.end; k++) {
      const token = tokens[k] as Token;
      if (token.kind !== TokenKind.Word) continue;
      const predicate = triggerWords.get(token.norm);
      if (!predicate) continue;
      // A trigger inside a name ("Islamic Development Bank", "Humanitarian Aid Centre") is no trigger.
      if (context.covering.has(k)) continue;
      const clause = clauseAround(analysis, range, k);
      // The mentions after the trigger inside its clause (a name across a spaced dash, "Islamic State – Khorasan
      // Province", is one):
      // mentions are sorted and never overlap.
      const afterFirst = firstMentionFrom(context.mentions, k + 1);
      const afterEnd = firstMentionFrom(context.mentions, clause.end);
      const after = context.mentions.slice(afterFirst, afterEnd);
      const negated = isNegated(analysis, range, k);
      const trigger: Trigger = {
        analysis,
        tokens,
        context,
        range,
        k,
        token,
        clause,
        after,
        negated,
        focusGovernment,
        addAll,
      };
      if (predicate === 'borders') {
        for (const found of readBorder(analysis, context, k, clause))
          add(found.subject, 'borders', found.object, found.negated, context, k);
      } else predicateReaders[predicate](trigger);
    }
  }
  return relations;
}

/** How each predicate but "borders" is read at its trigger. */
const predicateReaders: Record<Exclude<Predicate, 'borders'>, (trigger: Trigger) => void> = {
  supplies: readSupplies,
  interested_in: readInterest,
  participates_in: readParticipation,
  leads: readLeadership,
  member_of: readMembership,
  provides_aid_to: readAid,
  hosts: readHosting,
  recognizes: readRecognition,
  opposes: readOpposition,
};

/**
 * The subject and the states or bodies coordinated with it ("Saudi Arabia and the United Arab Emirates also
 * recognized").
 */
function triggerSubjects(trigger: Trigger, at = trigger.k): string[] {
  const { analysis, tokens, context } = trigger;
  const head = governingMention(analysis, context, at);
  if (head) return [actingEntity(head), ...coordinatedBefore(tokens, context, head).map(actingEntity)];
  const one = governingAgent(analysis, context, at) ?? clauseSubject(analysis, context, at);
  return one ? [one] : [];
}

/** The object and those coordinated with it in the clause ("in TAPI and in the Iran–Pakistan pipeline"). */
function triggerObjects(trigger: Trigger, object: DraftMention | null, types: readonly MentionType[]): string[] {
  return object
    ? [
        actingEntity(object),
        ...coordinatedAfter(trigger.tokens, trigger.context, object, types, trigger.clause.end).map(actingEntity),
      ]
    : [];
}

function readSupplies(trigger: Trigger): void {
  const { analysis, tokens, context, k, token, clause, after, negated, addAll } = trigger;
  if (armingVerbs.has(token.norm)) {
    // "armed and financed the Northern Alliance", "arms the Taliban"; not "armed groups", "the armed forces",
    // "heavily armed".
    if (!isVerbAt(tokens, k)) return;
    const object = mentionAfter(tokens, after, k, ['organization', 'country'], true);
    // Arms go to a state or an armed group; money only to an armed group ("funded Pakistan" is aid, not read
    // here).
    if (
      !object ||
      (object.type === 'organization' ? !supportedKinds.has(object.entity.kind ?? '') : !token.norm.startsWith('arm'))
    )
      return;
    addAll(
      triggerSubjects(trigger),
      'supplies',
      triggerObjects(trigger, object, ['organization', 'country']),
      negated,
      context,
      k,
    );
    return;
  }
  // "supplies Afghanistan", "supplier for Afghanistan", "exports wheat to Afghanistan"; not "Afghan exports to
  // reach Europe".
  if (beForms.has(tokens[k - 1]?.norm ?? '') && tokens[k + 1]?.norm === 'by') return;
  const direct = mentionAfter(tokens, after, k, ['country'], true);
  let found = direct ? triggerObjects(trigger, direct, ['country']) : [];
  if (found.length === 0 && followedByFocusNoun(tokens, k, clause.end)) found = [analysis.focusCountry];
  const who = triggerSubjects(trigger);
  if (found.length === 0) found = recipientAfter(analysis, context, after, k, who[0] ?? null);
  addAll(who, 'supplies', found, negated, context, k);
}

function readInterest(trigger: Trigger): void {
  const { tokens, context, k, after, negated } = trigger;
  if (tokens[k + 1]?.norm !== 'in') return;
  const object = firstMention(after, ['project']) ?? firstMention(after, ['document', 'organization']);
  const objects = triggerObjects(trigger, object, ['project', 'document', 'organization']);
  trigger.addAll(triggerSubjects(trigger), 'interested_in', objects, negated, context, k);
}

function readParticipation(trigger: Trigger): void {
  const { tokens, context, k, token, after, negated } = trigger;
  if (token.norm === 'partner' || token.norm === 'partners') {
    readPartner(trigger, k);
    return;
  }
  if (token.norm === 'participation' && tokens[k + 1]?.norm !== 'in') return;
  // Projects before bodies: "participated in a meeting with the Taliban on the trans-Afghan railway".
  const object = firstMention(after, ['project']) ?? firstMention(after, ['organization', 'document']);
  const objects = triggerObjects(trigger, object, ['project', 'organization', 'document']);
  trigger.addAll(triggerSubjects(trigger), 'participates_in', objects, negated, context, k);
}

function readLeadership(trigger: Trigger): void {
  const { analysis, tokens, context, range, k, token, after, negated, addAll } = trigger;
  if (tokens[k + 1]?.norm === 'by') {
    // "the delegation led by …", "the embassy, headed by …": the leader follows "by".
    const leader = after.find(
      (mention) =>
        mention.firstToken <= k + 8 &&
        !hasPunctuation(tokens, k + 1, mention.firstToken) &&
        (mention.type === 'person' || mention.type === 'organization' || mention.type === 'country'),
    );
    if (leader)
      addAll(
        [actingEntity(leader)],
        'leads',
        [ledThing(tokens, k, range.first, context, token.start)],
        negated,
        context,
        k,
      );
    return;
  }
  // "X-led", "led to": no leader. "led" as a verb only after its named leader ("Otunbayeva has led the
  // mission"), of a body or project.
  if (
    token.norm === 'led' &&
    (tokens[k + 1]?.norm === 'to' || (dashes.has(tokens[k - 1]?.norm ?? '') && !token.spaceBefore))
  )
    return;
  const leader = governingAgent(analysis, context, k);
  if (!leader) return;
  const types: MentionType[] =
    token.norm === 'led' ? ['organization', 'project'] : ['organization', 'project', 'country'];
  const object = objectAfter(tokens, after, k, types, false) ?? pronounObject(trigger, k, leader);
  addAll([leader], 'leads', [object], negated, context, k);
}

function readMembership(trigger: Trigger): void {
  const { tokens, context, k, token, after, negated } = trigger;
  // "is a member of the CSTO", "membership in the SCO"; not "members agreed".
  const next = tokens[k + 1]?.norm;
  if (next !== 'of' && !(token.norm === 'membership' && next === 'in')) return;
  const object = mentionAfter(tokens, after, k + 1, ['organization'], false);
  // "X, a founding member of the SCO", "X and Y are members of", "X is the dominant member of".
  const predicateNoun = token.norm === 'membership' ? null : nounPredicate(trigger, k);
  const who = predicateNoun ? predicateNoun.subjects : triggerSubjects(trigger);
  const subjects = who.length > 0 ? who : triggerSubjects(trigger);
  trigger.addAll(subjects, 'member_of', triggerObjects(trigger, object, ['organization']), negated, context, k);
}

function readAid(trigger: Trigger): void {
  const { analysis, tokens, context, k, token, after, negated, addAll } = trigger;
  if (givingVerbs.has(token.norm)) {
    readGift(trigger, k);
    return;
  }
  if (backingVerbs.has(token.norm)) {
    // "backed the Northern Alliance": support to an armed group or movement; not "backed the resolution".
    if (!isVerbAt(tokens, k)) return;
    const object = mentionAfter(tokens, after, k, ['organization'], false);
    if (!object || !supportedKinds.has(object.entity.kind ?? '')) return;
    const objects = triggerObjects(trigger, object, ['organization']);
    addAll(triggerSubjects(trigger), 'provides_aid_to', objects, negated, context, k);
    return;
  }
  if (!aidVerbs.has(tokens[k - 1]?.norm ?? '') && !aidVerbs.has(tokens[k - 2]?.norm ?? '')) return;
  const who = triggerSubjects(trigger);
  const giver = who[0] ?? null;
  const direct = mentionAfter(tokens, after, k, ['country'], true);
  let found = direct ? triggerObjects(trigger, direct, ['country']) : [];
  if (found.length === 0) {
    const place = placeCountry(after, giver);
    if (place) found = [place];
  }
  if (found.length === 0) found = recipientAfter(analysis, context, after, k, giver);
  if (found.length === 0 && giver === analysis.actorCountry && giver) found = [analysis.focusCountry];
  addAll(who, 'provides_aid_to', found, negated, context, k);
}

function readHosting(trigger: Trigger): void {
  const { tokens, context, k, clause, after, negated, addAll } = trigger;
  if (tokens[k + 1]?.norm === 'by') return;
  const who = triggerSubjects(trigger);
  const direct = mentionAfter(tokens, after, k, ['organization', 'person', 'country'], false);
  if (direct) {
    addAll(who, 'hosts', triggerObjects(trigger, direct, ['organization', 'person', 'country']), negated, context, k);
    return;
  }
  // "hosted the Taliban's political office", "hosts one of the world's largest Afghan diasporas", "hosts it".
  const object =
    possessorAfter(tokens, after, k, guestNouns, new Set(['the', 'a', 'an'])) ??
    populationAfter(tokens, context, after, k, clause.end) ??
    pronounObject(trigger, k, who[0] ?? null);
  addAll(who, 'hosts', object ? [object] : [], negated, context, k);
}

function readRecognition(trigger: Trigger): void {
  const { tokens, context, k, token, clause, after, negated } = trigger;
  // "X (does not) recognize(s) the Taliban (government)"; "recognized by the UN" is passive, "recognition will
  // depend on" no claim.
  if (tokens[k + 1]?.norm === 'by' || (beForms.has(tokens[k - 1]?.norm ?? '') && token.norm !== 'recognizing')) return;
  // The noun only where recognition is granted or withheld: "withholding formal recognition", "granted
  // recognition to".
  if (
    token.norm === 'recognition' &&
    !recognitionVerbs.has(tokens[k - 1]?.norm ?? '') &&
    !recognitionVerbs.has(tokens[k - 2]?.norm ?? '')
  )
    return;
  const direct = mentionAfter(tokens, after, k, ['organization', 'country'], false);
  let found = direct ? triggerObjects(trigger, direct, ['organization', 'country']) : [];
  if (found.length === 0 && followedByFocusNoun(tokens, k, clause.end)) found = [trigger.focusGovernment];
  // "while withholding formal recognition": of the Taliban named in the same clause.
  if (found.length === 0 && token.norm === 'recognition') {
    const taliban = firstOf(
      talibanMentions(context).filter((mention) => mention.firstToken >= clause.first),
      ['organization'],
      null,
    );
    if (taliban) found = [taliban];
  }
  trigger.addAll(triggerSubjects(trigger), 'recognizes', found, negated, context, k);
}

function readOpposition(trigger: Trigger): void {
  const { tokens, context, k, token, after, negated } = trigger;
  if (token.norm === 'opposition' && tokens[k + 1]?.norm !== 'to') return;
  if (tokens[k + 1]?.norm === 'by') return;
  const object = mentionAfter(tokens, after, k, ['organization', 'country', 'person'], false);
  const objects = triggerObjects(trigger, object, ['organization', 'country', 'person']);
  trigger.addAll(triggerSubjects(trigger), 'opposes', objects, negated, context, k);
}

/**
 * "X is (no longer) a partner in the TAPI pipeline", "X remains a TAPI partner", "X and Y are partners
 * in both A and B": participation in a project or body; not "the partner countries", "a partner to".
 */
function readPartner(trigger: Trigger, at: number): void {
  const { tokens, after } = trigger;
  const noun = nounPredicate(trigger, at);
  if (!noun) return;
  let found: string[] = noun.inner ? [actingEntity(noun.inner)] : [];
  if (found.length === 0 && tokens[at + 1]?.norm === 'in') {
    const start = tokens[at + 2]?.norm === 'both' ? at + 3 : at + 2;
    const object = after.find(
      (mention) =>
        (mention.type === 'project' || mention.type === 'organization') &&
        mention.firstToken <= start + 2 &&
        mention.firstToken >= start,
    );
    if (object && !hasPunctuation(tokens, at + 1, object.firstToken))
      found = triggerObjects(trigger, object, ['project', 'organization']);
  }
  trigger.addAll(noun.subjects, 'participates_in', found, trigger.negated, trigger.context, at);
}

/** "has sent Afghanistan wheat, medicines and vaccines": a recipient state right after the verb, then goods. */
function readGift(trigger: Trigger, at: number): void {
  const { analysis, tokens, context, clause } = trigger;
  let i = at + 1;
  if (tokens[i]?.norm === 'the') i++;
  const recipient = context.startingAt.get(i);
  if (!recipient || recipient.type !== 'country' || recipient.lastToken >= clause.end) return;
  // The state by name, not a demonym modifying the goods ("sent Afghan refugees home").
  if (analysis.text.slice(recipient.start, recipient.end) !== recipient.entity.name) return;
  let aid = false;
  let trade = false;
  for (let j = recipient.lastToken + 1; j < clause.end && j <= recipient.lastToken + 8; j++) {
    const word = tokens[j] as Token;
    if (
      j === recipient.lastToken + 1 &&
      (word.kind === TokenKind.Punct || prepositions.has(word.norm) || word.norm === 'and')
    )
      return;
    if (aidGoods.has(word.norm)) aid = true;
    else if (tradeGoods.has(word.norm)) trade = true;
  }
  if (!aid && !trade) return;
  const predicate = aid ? 'provides_aid_to' : 'supplies';
  trigger.addAll(triggerSubjects(trigger), predicate, [actingEntity(recipient)], trigger.negated, context, at);
}

/**
 * The subjects of a noun predicate at `at` ("member", "partner") and a project named inside it
 * ("a TAPI partner"): after a copula ("X is the dominant member", "X remains a partner") or in
 * apposition ("X, a founding member of"). Null when neither.
 */
function nounPredicate(trigger: Trigger, at: number): { subjects: string[]; inner: DraftMention | null } | null {
  const { tokens, context, range } = trigger;
  let j = at - 1;
  let inner: DraftMention | null = null;
  for (; j >= range.first && j >= at - 8; j--) {
    const word = tokens[j] as Token;
    const mention = context.endingAt.get(j);
    if (mention && mention.type === 'project' && !inner) {
      inner = mention;
      j = mention.firstToken;
      continue;
    }
    if (word.kind !== TokenKind.Word || !nounPredicateModifiers.has(word.norm) || word.capitalised) break;
  }
  const stop = tokens[j];
  if (!stop || j < range.first) return null;
  if (copulas.has(stop.norm)) {
    const who = triggerSubjects(trigger, j);
    return who.length > 0 ? { subjects: who, inner } : null;
  }
  // Apposition: "X, a founding member of the SCO, …".
  if (stop.raw === ',' && ['a', 'an', 'the', 'one'].includes(tokens[j + 1]?.norm ?? '')) {
    const owner = context.endingAt.get(j - 1);
    if (
      owner &&
      (owner.type === 'country' || owner.type === 'organization' || (owner.type === 'place' && owner.entity.capitalOf))
    )
      return { subjects: [actingEntity(owner)], inner };
  }
  return null;
}

/**
 * "the United Nations leads it" after "Qatar hosts the process": "it" for the body or project named earlier in
 * the sentence.
 */
function pronounObject(trigger: Trigger, at: number, subject: string | null): string | null {
  const { tokens, context, range, clause } = trigger;
  if (tokens[at + 1]?.norm !== 'it' || isExpletiveIt(tokens, at + 1)) return null;
  const following = tokens[at + 2];
  if (
    following &&
    at + 2 < range.end &&
    following.kind === TokenKind.Word &&
    !['since', 'in', 'from', 'until', 'again', 'today', 'now', 'jointly', 'together', 'too', 'also'].includes(
      following.norm,
    )
  )
    return null;
  for (let m = firstMentionFrom(context.mentions, clause.first) - 1; m >= 0; m--) {
    const mention = context.mentions[m] as DraftMention;
    if ((mention.type === 'project' || mention.type === 'organization') && actingEntity(mention) !== subject)
      return actingEntity(mention);
  }
  return null;
}

/**
 * The sentence contexts with the descriptions that refer back to named entities ("the movement"
 * after the Taliban, "the mission" after UNAMA, "the project") added as mentions of them: the
 * coreference stage's mentions, the ones the contract lists.
 */
function withReferringMentions(
  analysis: Analysis,
  contexts: readonly SentenceContext[],
  found: readonly Mention[],
): readonly SentenceContext[] {
  if (found.length === 0) return contexts;
  const entities = new Map(
    contexts.flatMap((context) => context.mentions).map((draft) => [draft.entity.id, draft.entity]),
  );
  const { tokens } = analysis;
  const referring: DraftMention[] = [];
  for (const mention of found) {
    const entity = entities.get(mention.entity);
    const firstToken = tokenIndexAt(tokens, mention.start);
    const lastToken = tokenIndexAt(tokens, mention.end) - 1;
    if (entity && lastToken >= firstToken)
      referring.push({
        start: mention.start,
        end: mention.end,
        firstToken,
        lastToken,
        type: mention.type,
        entity,
        country: mention.country,
        source: 'gazetteer',
      });
  }
  const startingAt = new TokenMentions(tokens.length);
  const endingAt = new TokenMentions(tokens.length);
  const covering = new TokenMentions(tokens.length);
  let r = 0;
  return contexts.map((context) => {
    const { start, end } = context.range.sentence;
    while (r < referring.length && (referring[r] as DraftMention).start < start) r++;
    const extra: DraftMention[] = [];
    for (; r < referring.length && (referring[r] as DraftMention).start < end; r++)
      extra.push(referring[r] as DraftMention);
    const mentions =
      extra.length === 0 ? context.mentions : [...context.mentions, ...extra].sort((a, b) => a.start - b.start);
    for (const mention of mentions) {
      startingAt.add(mention.firstToken, mention);
      endingAt.add(mention.lastToken, mention);
      // A description is no name: a trigger word inside it ("the aid programme") still triggers.
      if (!extra.includes(mention))
        for (let k = mention.firstToken; k <= mention.lastToken; k++) covering.add(k, mention);
    }
    return { ...context, mentions, startingAt, endingAt, covering };
  });
}

/**
 * Whether the word at k reads as a finite verb or participle with its own object: after a subject or an auxiliary, not
 * an adjective ("armed groups", "the armed forces", "heavily armed").
 */
function isVerbAt(tokens: readonly Token[], k: number): boolean {
  const before = tokens[k - 1];
  if (!before) return false;
  if (['the', 'a', 'an', 'heavily', 'well', 'lightly', 'non', '-'].includes(before.norm)) return false;
  const next = tokens[k + 1];
  return Boolean(next && (next.norm === 'the' || next.norm === 'and' || next.capitalised));
}

/**
 * States or bodies coordinated before a subject mention: "A and B", "A, B and C", "both A and B"; none after a
 * preposition ("between Iran and Pakistan").
 */
function coordinatedBefore(tokens: readonly Token[], context: SentenceContext, head: DraftMention): DraftMention[] {
  const found: DraftMention[] = [];
  const kind = agentKind(head);
  let current = head;
  let sawAnd = false;
  for (;;) {
    let j = current.firstToken - 1;
    if (tokens[j]?.norm === 'the') j--;
    const separator = tokens[j];
    if (!separator || j < context.range.first) break;
    if (separator.norm === 'and') {
      if (sawAnd) break;
      sawAnd = true;
      j--;
      if (tokens[j]?.raw === ',') j--;
    } else if (separator.raw === ',' && sawAnd) j--;
    else break;
    const previous = context.endingAt.get(j);
    if (!previous || agentKind(previous) !== kind || tokens[previous.lastToken + 1]?.norm === "'") break;
    found.push(previous);
    current = previous;
  }
  if (found.length === 0) return found;
  let p = current.firstToken - 1;
  while (p >= context.range.first && ['the', 'both', 'only', 'all'].includes((tokens[p] as Token).norm)) p--;
  // "…, and Iran and Russia opposed …": an "and" after a comma opens the clause; a bare one joins a longer list.
  const joined = (tokens[p] as Token | undefined)?.norm === 'and' && tokens[p - 1]?.raw !== ',';
  if (p >= context.range.first && (prepositions.has((tokens[p] as Token).norm) || joined)) {
    // "…, when the Taliban ruled most of Afghanistan, Russia, Iran and India backed …": the first name ends a leading
    // subordinate clause and is no subject; "trade between Iran, Pakistan and India" is no list of subjects at all.
    if (
      found.length >= 2 &&
      tokens[current.lastToken + 1]?.raw === ',' &&
      opensSubordinate(tokens, context, current.firstToken)
    )
      return found.slice(0, -1);
    return [];
  }
  return found;
}

/** Words that open a leading subordinate clause ("when the Taliban first ruled …, "). */
const subordinators = new Set([
  'when',
  'while',
  'after',
  'as',
  'since',
  'although',
  'though',
  'because',
  'if',
  'before',
  'once',
  'until',
  'whereas',
]);

/** Whether the comma-bounded stretch before token `at` opens with a subordinator. */
function opensSubordinate(tokens: readonly Token[], context: SentenceContext, at: number): boolean {
  for (let j = at - 1; j >= context.range.first && j >= at - 15; j--) {
    if ((tokens[j] as Token).raw === ',') return subordinators.has(tokens[j + 1]?.norm ?? '');
    if (j === context.range.first) return subordinators.has((tokens[j] as Token).norm);
  }
  return false;
}

/** Countries and the capitals acting for them are one kind of agent; organisations and people are others. */
function agentKind(mention: DraftMention): string | null {
  if (mention.type === 'country' || (mention.type === 'place' && mention.entity.capitalOf)) return 'state';
  if (mention.type === 'organization' || mention.type === 'person') return mention.type;
  return null;
}

/**
 * Words after a coordinated object that make it the subject of a new clause ("… to Afghanistan and Pakistan hosts …").
 */
const clauseVerbCues = new Set([
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'will',
  'would',
  'does',
  'do',
  'did',
  'can',
  'could',
  'may',
  'might',
  'should',
  'also',
  'said',
  'says',
]);

/**
 * Objects coordinated after `first` in the clause: "in TAPI and in the Iran–Pakistan pipeline", "to Afghanistan, Iran
 * and Pakistan".
 */
function coordinatedAfter(
  tokens: readonly Token[],
  context: SentenceContext,
  first: DraftMention,
  types: readonly MentionType[],
  clauseEnd: number,
): DraftMention[] {
  const found: DraftMention[] = [];
  let current = first;
  for (;;) {
    let j = current.lastToken + 1;
    const separator = tokens[j];
    if (!separator || j >= clauseEnd) break;
    if (separator.norm !== 'and' && separator.raw !== ',') break;
    j++;
    if (separator.raw === ',' && tokens[j]?.norm === 'and') j++;
    while (
      j < clauseEnd &&
      ['in', 'to', 'for', 'the', 'both', 'also', 'of', 'with'].includes((tokens[j] as Token).norm)
    )
      j++;
    const next = context.startingAt.get(j);
    if (!next || !types.includes(next.type) || next.lastToken >= clauseEnd) break;
    const follower = tokens[next.lastToken + 1];
    if (
      follower &&
      next.lastToken + 1 < clauseEnd &&
      (follower.norm === "'" ||
        (dashes.has(follower.norm) && !follower.spaceBefore) ||
        clauseVerbCues.has(follower.norm) ||
        triggerWords.has(follower.norm) ||
        (follower.kind === TokenKind.Word && !follower.capitalised && /(?:ed|es)$/.test(follower.norm)))
    )
      break;
    found.push(next);
    current = next;
  }
  return found;
}

/** The first mention of one of the types (a project, document or agent). */
function firstMention(mentions: readonly DraftMention[], types: readonly MentionType[]): DraftMention | null {
  for (const mention of mentions)
    if (
      types.includes(mention.type) &&
      (agentTypes.has(mention.type) || mention.type === 'project' || mention.type === 'document')
    )
      return mention;
  return null;
}

/**
 * A possessor right after a trigger at k (past the given words) whose head noun is one of `heads`:
 * "hosted the Taliban's political office" (taliban), "to Afghanistan's western provinces" (AFG).
 */
function possessorAfter(
  tokens: readonly Token[],
  after: readonly DraftMention[],
  k: number,
  heads: ReadonlySet<string>,
  between: ReadonlySet<string>,
): string | null {
  const mention = after[0];
  if (!mention || (mention.type !== 'country' && mention.type !== 'organization')) return null;
  for (let i = k + 1; i < mention.firstToken; i++) if (!between.has((tokens[i] as Token).norm)) return null;
  if (tokens[mention.lastToken + 1]?.norm !== "'") return null;
  let j = mention.lastToken + 2;
  if (tokens[j]?.norm === 's') j++;
  // Up to two modifiers before the head ("western provinces", "political office", "imported power").
  for (let n = 0; n < 3; n++, j++) {
    const word = tokens[j];
    if (!word || word.kind !== TokenKind.Word || word.capitalised) return null;
    if (heads.has(word.norm)) return actingEntity(mention);
  }
  return null;
}

/**
 * "hosts one of the world's largest Afghan diasporas", "hosts millions of Afghan refugees": a demonym before a people
 * noun.
 */
function populationAfter(
  tokens: readonly Token[],
  context: SentenceContext,
  after: readonly DraftMention[],
  k: number,
  end: number,
): string | null {
  const mention = after.find((candidate) => candidate.type === 'country');
  if (!mention || mention.lastToken >= end || mention.firstToken > k + 10) return null;
  if (after[0] !== mention) return null;
  if (!peopleNouns.has(tokens[mention.lastToken + 1]?.norm ?? '')) return null;
  for (let i = k + 1; i < mention.firstToken; i++) {
    const token = tokens[i] as Token;
    if (token.kind === TokenKind.Number) continue;
    if (!populationModifiers.has(token.norm)) return null;
  }
  return context.startingAt.get(mention.firstToken) === mention ? actingEntity(mention) : null;
}

/**
 * A recipient after a supply or aid trigger when no state follows by name: a possessor with a place
 * or goods head ("to Afghanistan's western provinces", "most of Afghanistan's imported power"), or a
 * city or province of a state after "to"/"for" ("electricity to Herat").
 */
function recipientAfter(
  analysis: Analysis,
  context: SentenceContext,
  after: readonly DraftMention[],
  k: number,
  giver: string | null,
): string[] {
  const { tokens } = analysis;
  for (const mention of after) {
    if (mention.firstToken > k + 12) break;
    const previous = tokens[mention.firstToken - 1]?.norm ?? '';
    const byPreposition =
      previous === 'to' ||
      previous === 'for' ||
      (previous === 'the' && ['to', 'for'].includes(tokens[mention.firstToken - 2]?.norm ?? ''));
    if (mention.type === 'country' && tokens[mention.lastToken + 1]?.norm === "'") {
      // After "to"/"for" ("to Afghanistan's western provinces"), or right after the verb past share words ("most of
      // Afghanistan's").
      const from = byPreposition ? mention.firstToken - (previous === 'the' ? 2 : 1) : k;
      const object = possessorAfter(tokens, [mention], from, recipientNouns, shareWords);
      if (object && object !== giver) return [object];
      continue;
    }
    if (
      mention.type === 'place' &&
      mention.country &&
      byPreposition &&
      mention.country !== giver &&
      placeRole(analysis, context, mention) !== 'origin'
    )
      return [mention.country];
  }
  return [];
}

interface BorderClaim {
  subject: string | null;
  object: string | null;
  negated: boolean;
}

const isCountry = (mention: DraftMention | undefined): mention is DraftMention => mention?.type === 'country';

/**
 * Reads one bordering predicate at token k. Returns nothing unless two states are linked by it:
 * "X borders Y", "X, bordering Y", "X is bordered by Y", "X neighbours Y", "X shares a (N-km) border
 * with Y", "X and Y share a border", "X has no border with Y", "X shares Y's longest frontier",
 * "its/X's border with Y", "the X–Y border".
 */
function readBorder(
  analysis: Analysis,
  context: SentenceContext,
  k: number,
  clause: { first: number; end: number },
): BorderClaim[] {
  const scan: BorderScan = { analysis, context, k, clause };
  const { tokens } = analysis;
  const token = tokens[k] as Token;
  const endingAt = (j: number): DraftMention | undefined => context.endingAt.get(j);
  const countryAfter = (j: number): DraftMention | undefined => borderCountryAfter(scan, j);
  const negatedAt = (j: number): boolean => isNegated(analysis, context.range, j);
  const norm = token.norm;

  // Verb forms: "X borders Y", "X does not border Y", "X neighbours Y", "X is bordered by Y".
  const verbForm =
    norm === 'borders' ||
    norm === 'bordered' ||
    norm === 'neighbours' ||
    norm === 'neighbors' ||
    (norm === 'border' && borderVerbCues.has(tokens[k - 1]?.norm ?? ''));
  if (verbForm) {
    const object = countryAfter(k);
    const subject = governingAgent(analysis, context, k);
    if (object && subject) return [{ subject, object: actingEntity(object), negated: negatedAt(k) }];
  }
  // Participles after the state they describe: "Tajikistan, bordering Afghanistan, …".
  if (norm === 'bordering' || norm === 'neighbouring' || norm === 'neighboring') {
    const object = countryAfter(k);
    const before = tokens[k - 1]?.raw === ',' ? endingAt(k - 2) : undefined;
    if (object && isCountry(before))
      return [{ subject: actingEntity(before), object: actingEntity(object), negated: false }];
    return [];
  }
  if (norm !== 'border' && norm !== 'frontier' && norm !== 'borders') return [];

  // "the Afghan–Tajik border", "the Kyrgyz-Tajik border clashes".
  const right = endingAt(k - 1);
  if (isCountry(right) && dashes.has(tokens[right.firstToken - 1]?.norm ?? '')) {
    const left = endingAt(right.firstToken - 2);
    if (isCountry(left)) return [{ subject: actingEntity(left), object: actingEntity(right), negated: negatedAt(k) }];
  }

  // Step back over the noun's modifiers to what owns or shares it.
  let j = k - 1;
  while (
    j >= clause.first &&
    j >= k - 7 &&
    !endingAt(j) &&
    (borderModifiers.has((tokens[j] as Token).norm) ||
      (tokens[j] as Token).kind === TokenKind.Number ||
      /^\d/.test((tokens[j] as Token).norm) ||
      (tokens[j] as Token).norm.endsWith('-long'))
  )
    j--;
  const word = tokens[j];
  if (!word || j < clause.first) return [];
  return readBorderOwner(scan, j);
}

/** A border claim being read: the trigger at `k` in its sentence and clause. */
interface BorderScan {
  analysis: Analysis;
  context: SentenceContext;
  k: number;
  clause: { first: number; end: number };
}

/** A country right after token j, past "on"/"by"/"the", inside the clause. */
function borderCountryAfter(scan: BorderScan, j: number): DraftMention | undefined {
  const { tokens } = scan.analysis;
  let i = j + 1;
  if (tokens[i]?.norm === 'on' || tokens[i]?.norm === 'by') i++;
  if (tokens[i]?.norm === 'the') i++;
  const mention = scan.context.startingAt.get(i);
  return isCountry(mention) && mention.lastToken < scan.clause.end ? mention : undefined;
}

/** "with Y" after the noun in the same clause, no other state between: "border of some 920 km with Afghanistan". */
function borderWithObject(scan: BorderScan): DraftMention | undefined {
  const { k, clause } = scan;
  const { tokens } = scan.analysis;
  for (let i = k + 1; i < clause.end && i <= k + 10; i++) {
    if (isCountry(scan.context.startingAt.get(i))) return undefined;
    if ((tokens[i] as Token).norm === 'with') return borderCountryAfter(scan, i);
  }
  return undefined;
}

/**
 * The bordering claim of a border noun at `scan.k` by what owns or shares it at token `j`: "its/X's border with Y",
 * "X shares Y's longest frontier", "X shares / has (no) border with Y", "X and Y (do not) share a border".
 */
function readBorderOwner(scan: BorderScan, j: number): BorderClaim[] {
  const { analysis, context, k, clause } = scan;
  const { tokens } = analysis;
  const word = tokens[j] as Token;
  const endingAt = (i: number): DraftMention | undefined => context.endingAt.get(i);
  const negatedAt = (i: number): boolean => isNegated(analysis, context.range, i);
  const withObject = (): DraftMention | undefined => borderWithObject(scan);
  const negated = negatedAt(k);

  // "its border with Iran", "Tajikistan's border with Afghanistan".
  if (possessivePronouns.has(word.norm)) {
    const object = withObject();
    const owner = clauseSubject(analysis, context, j);
    return object && owner ? [{ subject: owner, object: actingEntity(object), negated }] : [];
  }
  if (word.norm === 's' && tokens[j - 1]?.norm === "'") {
    const owner = endingAt(j - 2);
    if (!isCountry(owner)) return [];
    // "Pakistan shares Afghanistan's longest frontier".
    const verb = tokens[owner.firstToken - 1];
    if (verb && shareVerbs.has(verb.norm)) {
      const sharer = governingAgent(analysis, context, owner.firstToken - 1);
      return sharer ? [{ subject: sharer, object: actingEntity(owner), negated: negatedAt(owner.firstToken - 1) }] : [];
    }
    const object = withObject();
    return object ? [{ subject: actingEntity(owner), object: actingEntity(object), negated }] : [];
  }
  // "X shares / has (no) border with Y", "X and Y (do not) share a border".
  if (shareVerbs.has(word.norm)) {
    const verbNegated = negated || negatedAt(j);
    const object = withObject();
    const sharer = governingAgent(analysis, context, j);
    if (object && sharer) return [{ subject: sharer, object: actingEntity(object), negated: verbNegated }];
    if (!object && word.norm.startsWith('shar')) {
      // Coordinated states before the verb: "Kazakhstan and Afghanistan do not share a border".
      let v = j - 1;
      while (
        v >= clause.first &&
        ['do', 'does', 'did', 'not', 'also', 'both', 'no', 'longer', 'never', 't', "'", 'n'].includes(
          (tokens[v] as Token).norm,
        )
      )
        v--;
      const second = endingAt(v);
      const first =
        isCountry(second) && tokens[second.firstToken - 1]?.norm === 'and'
          ? endingAt(second.firstToken - 2)
          : undefined;
      if (isCountry(first) && isCountry(second))
        return [{ subject: actingEntity(first), object: actingEntity(second), negated: verbNegated }];
    }
  }
  return [];
}

/**
 * The object of a trigger at k: a mention of one of the types starting within reach after it, not
 * a possessor or the first half of a compound ("Afghanistan's neighbours", "U.N.-convened meetings").
 * With `viaPreposition`, also one introduced by "to"/"for" later in the clause ("exports wheat to Afghanistan").
 */
function objectAfter(
  tokens: readonly Token[],
  after: readonly DraftMention[],
  k: number,
  types: readonly MentionType[],
  viaPreposition: boolean,
): string | null {
  const mention = mentionAfter(tokens, after, k, types, viaPreposition);
  return mention ? actingEntity(mention) : null;
}

/** The mention `objectAfter` reads as the object, or null. */
function mentionAfter(
  tokens: readonly Token[],
  after: readonly DraftMention[],
  k: number,
  types: readonly MentionType[],
  viaPreposition: boolean,
): DraftMention | null {
  for (const mention of after) {
    if (!types.includes(mention.type)) continue;
    const next = tokens[mention.lastToken + 1];
    if (next && (next.norm === "'" || (dashes.has(next.norm) && !next.spaceBefore))) continue;
    // "the anti-Taliban Northern Alliance": a name inside a modifier is no object.
    const before = tokens[mention.firstToken - 1];
    if (
      before &&
      dashes.has(before.norm) &&
      !before.spaceBefore &&
      ['anti', 'pro', 'non', 'post', 'pre'].includes(tokens[mention.firstToken - 2]?.norm ?? '')
    )
      continue;
    const near =
      mention.firstToken - k - 1 <= objectReach &&
      !hasPunctuation(tokens, k + 1, mention.firstToken) &&
      !hasPreposition(tokens, k + 1, mention.firstToken);
    let introduced = false;
    if (viaPreposition) {
      let p = mention.firstToken - 1;
      if (
        tokens[p]?.norm === 'the' ||
        (tokens[p] && !tokens[p]!.capitalised && tokens[p - 1] && ['to', 'for'].includes(tokens[p - 1]!.norm))
      )
        p--;
      introduced = tokens[p]?.norm === 'to' || tokens[p]?.norm === 'for';
    }
    if (near || introduced) return mention;
    return null;
  }
  return null;
}

function hasPreposition(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (prepositions.has((tokens[i] as Token).norm)) return true;
  return false;
}

function hasPunctuation(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const token = tokens[i] as Token;
    if (token.kind === TokenKind.Punct && token.norm !== '-' && token.norm !== '.') return true;
  }
  return false;
}

function firstOf(mentions: readonly DraftMention[], types: readonly MentionType[], not: string | null): string | null {
  for (const mention of mentions) {
    if (
      !types.includes(mention.type) ||
      (!agentTypes.has(mention.type) && mention.type !== 'project' && mention.type !== 'document')
    )
      continue;
    const id = actingEntity(mention);
    if (id !== not) return id;
  }
  return null;
}

function placeCountry(mentions: readonly DraftMention[], not: string | null): string | null {
  for (const mention of mentions)
    if (mention.type === 'place' && mention.country && mention.country !== not) return mention.country;
  return null;
}

/** "supply the country with wheat", "recognize the (de facto) government": the focus state. */
function followedByFocusNoun(tokens: readonly Token[], k: number, end: number): boolean {
  for (let j = k + 1; j < end && j <= k + 4; j++) {
    if (!focusNouns.has((tokens[j] as Token).norm)) continue;
    if (tokens[j - 1]?.norm === 'the' || (tokens[j - 1]?.norm === 'facto' && tokens[j - 3]?.norm === 'the'))
      return true;
  }
  return false;
}

/**
 * "the Northern Alliance, led by …": the entity named right before "led" (past auxiliaries and
 * adverbs), or null. Only entities: a common noun led ("the delegation led by …", "the talks were
 * led by …", "a team headed by …") is no entity, so the relation is dropped (issue 11: no
 * "delegation" or "team" entity, no relation to one).
 */
function ledThing(
  tokens: readonly Token[],
  k: number,
  floor: number,
  context: SentenceContext,
  offset: number,
): string | null {
  let j = k - 1;
  while (j > floor && (auxiliaries.has((tokens[j] as Token).norm) || (tokens[j] as Token).norm.endsWith('ly'))) j--;
  const ending = context.endingAt.get(j);
  return ending && ending.end <= offset ? actingEntity(ending) : null;
}

const auxiliaries = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'has',
  'have',
  'had',
  'also',
  'often',
  'now',
  'then',
  'jointly',
]);

const talibanCache = new WeakMap<SentenceContext, DraftMention[]>();

/** The sentence's mentions of the Taliban (once per sentence: triggers ask again and again). */
function talibanMentions(context: SentenceContext): DraftMention[] {
  let found = talibanCache.get(context);
  if (!found)
    talibanCache.set(
      context,
      (found = context.mentions.filter((mention) => mention.entity.id === focusGoverningMovement)),
    );
  return found;
}

export const relationsStage: ExtractionStage<'analysis' | 'contexts' | 'coreferences', 'relations'> = {
  name: 'relations',
  requires: ['analysis', 'contexts', 'coreferences'],
  provides: ['relations'],
  run: ({ analysis, contexts, coreferences }) => ({ relations: findRelations(analysis, contexts, coreferences) }),
};
