// Stage: relations. Trigger words over each sentence, read clause by clause: the subject is the
// agent the verb is said of (right before it, or the subject opening its clause: the actor for
// "It"/"Its", a capital or demonym read as its state) and the object stands close after the trigger
// in the same clause: borders, supplies, interested_in, participates_in, leads, member_of,
// provides_aid_to, hosts, recognizes, opposes. A `borders` relation needs an explicit bordering
// predicate ("X borders Y", "X shares a border with Y", "X and Y share a border", "its border with Y",
// "the X–Y border"); "near the Afghan border" or "through X" are none. `negated` for "do not / does
// not / never / no / not / refuses to / has yet to / withheld". Each relation carries `valid` and
// `current` from its clause's time and tense (fact-time.ts); "no longer X" is X in the past, not negated.
import type { MentionType, Relation } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import { TokenKind, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import { relationTime } from './fact-time.js';
import { actingEntity, clauseAround, clauseSubject, firstMentionFrom, governingAgent, isNegated, type SentenceContext } from './sentence-context.js';

type Predicate = Relation['predicate'];

const triggerWords: ReadonlyMap<string, Predicate> = new Map<string, Predicate>([
  ['border', 'borders'], ['borders', 'borders'], ['bordering', 'borders'], ['bordered', 'borders'], ['frontier', 'borders'],
  ['neighbours', 'borders'], ['neighbors', 'borders'], ['neighbouring', 'borders'], ['neighboring', 'borders'],
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
  ['recognizes', 'recognizes'], ['recognises', 'recognizes'], ['recognizing', 'recognizes'], ['recognising', 'recognizes'],
  ['recognition', 'recognizes'],
  ['oppose', 'opposes'], ['opposes', 'opposes'], ['opposed', 'opposes'], ['opposition', 'opposes'], ['condemned', 'opposes'],
  ['condemns', 'opposes'],
]);

const agentTypes: ReadonlySet<MentionType> = new Set(['country', 'organization', 'person']);
const aidVerbs = new Set(['humanitarian', 'providing', 'provided', 'provide', 'provides', 'sent', 'send', 'sending', 'delivered', 'food', 'medical']);
const focusNouns = new Set(['country', 'government', 'regime', 'authorities']);
const shareVerbs = new Set(['share', 'shares', 'shared', 'sharing', 'has', 'have', 'had', 'having']);
/** Words allowed inside "shares a 1,357-kilometer border", "has no common border", "its long northern frontier". */
const borderModifiers = new Set([
  'a', 'an', 'the', 'no', 'any', 'long', 'longest', 'short', 'shortest', 'common', 'shared', 'joint', 'direct', 'land', 'northern',
  'southern', 'eastern', 'western', 'mountainous', 'porous', 'rugged', 'international', 'km', 'kilometre', 'kilometer', 'kilometres',
  'kilometers', 'mile', 'miles', 'long', '-', 'about', 'some', 'nearly', 'almost', 'roughly', 'over',
]);
/** Auxiliaries that make a following "border" a verb ("does not border", "would border"). */
const borderVerbCues = new Set(['do', 'does', 'did', 'not', 't', 'to', 'also', 'directly', 'will', 'would', 'may', 'might', 'could', 'both']);
const dashes = new Set(['-', '–', '—']);
/** Possessive pronouns whose owner is the clause subject ("its border with Iran"). */
const possessivePronouns = new Set(['its', 'their']);
const beForms = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);
/** Verbs that grant or withhold the noun "recognition". */
const recognitionVerbs = new Set(['withhold', 'withholds', 'withheld', 'withholding', 'grant', 'grants', 'granted', 'granting', 'extend', 'extends', 'extended', 'extending', 'deny', 'denies', 'denied', 'denying', 'refuse', 'refuses', 'refused', 'offer', 'offered', 'accord', 'accorded']);
/** The entity governing the focus state of the collection (Taliban-led Afghanistan). */
const focusGoverningMovement = 'taliban';
/** How many tokens may stand between a trigger and its object ("hosted the second meeting of …" is too far). */
const objectReach = 4;
/** Prepositions that put a mention outside the trigger's object ("hosted a conference on Afghanistan"). */
const prepositions = new Set(['of', 'on', 'in', 'about', 'at', 'from', 'with', 'near', 'over', 'against', 'between', 'among', 'through', 'across', 'by', 'to', 'for', 'into']);

export function findRelations(analysis: Analysis, contexts: readonly SentenceContext[]): Relation[] {
  const { tokens } = analysis;
  const relations: Relation[] = [];
  const seen = new Set<string>();
  /** Records a relation read at trigger k, with the time its clause gives it; "no longer" makes it a past fact, not a denial. */
  const add = (subject: string | null, predicate: Predicate, object: string | null, negated: boolean, context: SentenceContext, k: number): void => {
    if (!subject || !object || subject === object) return;
    const { valid, current, endsNegation, denies } = relationTime(analysis, context, k, { timeless: predicate === 'borders' });
    const stated = (negated && !endsNegation) || denies === true;
    const key = `${subject}|${predicate}|${object}|${stated}|${valid ?? ''}|${current}`;
    if (seen.has(key)) return;
    seen.add(key);
    relations.push({ subject, predicate, object, negated: stated, evidence: { start: context.range.sentence.start, end: context.range.sentence.end }, valid, current });
  };
  // "recognize the (de facto) government": the movement governing the focus state when the document names it, else the state.
  const focusGovernment = contexts.some((context) => context.mentions.some((mention) => mention.entity.id === focusGoverningMovement)) ? focusGoverningMovement : analysis.focusCountry;
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
      // The mentions after the trigger inside its clause: mentions are sorted and never overlap.
      const afterFirst = firstMentionFrom(context.mentions, k + 1);
      const afterEnd = firstMentionFrom(context.mentions, clause.end);
      let afterLast = afterEnd;
      while (afterLast > afterFirst && (context.mentions[afterLast - 1] as DraftMention).lastToken >= clause.end) afterLast--;
      const after = context.mentions.slice(afterFirst, afterLast);
      const subject = (): string | null => governingAgent(analysis, context, k) ?? clauseSubject(analysis, context, k);
      const negated = isNegated(analysis, range, k);
      switch (predicate) {
        case 'borders':
          for (const found of readBorder(analysis, context, k, clause)) add(found.subject, 'borders', found.object, found.negated, context, k);
          break;
        case 'supplies': {
          // "supplies Afghanistan", "supplier for Afghanistan", "exports wheat to Afghanistan"; not "Afghan exports to reach Europe".
          if (beForms.has(tokens[k - 1]?.norm ?? '') && tokens[k + 1]?.norm === 'by') break;
          let object = objectAfter(tokens, after, k, ['country'], true);
          if (!object && followedByFocusNoun(tokens, k, clause.end)) object = analysis.focusCountry;
          add(subject(), 'supplies', object, negated, context, k);
          break;
        }
        case 'interested_in': {
          if (tokens[k + 1]?.norm !== 'in') break;
          add(subject(), 'interested_in', firstOf(after, ['project'], null) ?? firstOf(after, ['document', 'organization'], null), negated, context, k);
          break;
        }
        case 'participates_in': {
          if (token.norm === 'participation' && tokens[k + 1]?.norm !== 'in') break;
          // Projects before bodies: "participated in a meeting with the Taliban on the trans-Afghan railway".
          add(subject(), 'participates_in', firstOf(after, ['project'], null) ?? firstOf(after, ['organization', 'document'], null), negated, context, k);
          break;
        }
        case 'leads': {
          if (tokens[k + 1]?.norm === 'by') {
            // "the delegation led by …", "the embassy, headed by …": the leader follows "by".
            const leader = after.find((mention) => mention.firstToken <= k + 8 && !hasPunctuation(tokens, k + 1, mention.firstToken) && (mention.type === 'person' || mention.type === 'organization' || mention.type === 'country'));
            if (leader) add(actingEntity(leader), 'leads', ledThing(tokens, k, range.first, context, token.start), negated, context, k);
          } else if (token.norm !== 'led') {
            const leader = governingAgent(analysis, context, k);
            add(leader, 'leads', objectAfter(tokens, after, k, ['organization', 'project', 'country'], false), negated, context, k);
          }
          break;
        }
        case 'member_of': {
          // "is a member of the CSTO", "membership in the SCO"; not "members agreed".
          const next = tokens[k + 1]?.norm;
          if (next !== 'of' && !(token.norm === 'membership' && next === 'in')) break;
          add(subject(), 'member_of', objectAfter(tokens, after, k + 1, ['organization'], false), negated, context, k);
          break;
        }
        case 'provides_aid_to': {
          if (!aidVerbs.has(tokens[k - 1]?.norm ?? '') && !aidVerbs.has(tokens[k - 2]?.norm ?? '')) break;
          const giver = subject();
          let object = objectAfter(tokens, after, k, ['country'], true) ?? placeCountry(after, giver);
          if (!object && giver === analysis.actorCountry) object = analysis.focusCountry;
          add(giver, 'provides_aid_to', object, negated, context, k);
          break;
        }
        case 'hosts':
          if (tokens[k + 1]?.norm === 'by') break;
          add(subject(), 'hosts', objectAfter(tokens, after, k, ['organization', 'person', 'country'], false), negated, context, k);
          break;
        case 'recognizes': {
          // "X (does not) recognize(s) the Taliban (government)"; "recognized by the UN" is passive, "recognition will depend on" no claim.
          if (tokens[k + 1]?.norm === 'by' || (beForms.has(tokens[k - 1]?.norm ?? '') && token.norm !== 'recognizing')) break;
          // The noun only where recognition is granted or withheld: "withholding formal recognition", "granted recognition to".
          if (token.norm === 'recognition' && !recognitionVerbs.has(tokens[k - 1]?.norm ?? '') && !recognitionVerbs.has(tokens[k - 2]?.norm ?? '')) break;
          let object = objectAfter(tokens, after, k, ['organization', 'country'], false);
          if (!object && followedByFocusNoun(tokens, k, clause.end)) object = focusGovernment;
          // "while withholding formal recognition": of the Taliban named in the same clause.
          if (!object && token.norm === 'recognition') object = firstOf(talibanMentions(context).filter((mention) => mention.firstToken >= clause.first), ['organization'], null);
          add(subject(), 'recognizes', object, negated, context, k);
          break;
        }
        case 'opposes':
          if (token.norm === 'opposition' && tokens[k + 1]?.norm !== 'to') break;
          if (tokens[k + 1]?.norm === 'by') break;
          add(subject(), 'opposes', objectAfter(tokens, after, k, ['organization', 'country', 'person'], false), negated, context, k);
          break;
      }
    }
  }
  return relations;
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
function readBorder(analysis: Analysis, context: SentenceContext, k: number, clause: { first: number; end: number }): BorderClaim[] {
  const { tokens } = analysis;
  const token = tokens[k] as Token;
  const endingAt = (j: number): DraftMention | undefined => context.endingAt.get(j);
  const startingAt = (j: number): DraftMention | undefined => context.startingAt.get(j);
  /** A country right after token j, past "on"/"the". */
  const countryAfter = (j: number): DraftMention | undefined => {
    let i = j + 1;
    if (tokens[i]?.norm === 'on' || tokens[i]?.norm === 'by') i++;
    if (tokens[i]?.norm === 'the') i++;
    const mention = startingAt(i);
    return isCountry(mention) && mention.lastToken < clause.end ? mention : undefined;
  };
  const negatedAt = (j: number): boolean => isNegated(analysis, context.range, j);
  const norm = token.norm;

  // Verb forms: "X borders Y", "X does not border Y", "X neighbours Y", "X is bordered by Y".
  const verbForm = norm === 'borders' || norm === 'bordered' || norm === 'neighbours' || norm === 'neighbors' || (norm === 'border' && borderVerbCues.has(tokens[k - 1]?.norm ?? ''));
  if (verbForm) {
    const object = countryAfter(k);
    const subject = governingAgent(analysis, context, k);
    if (object && subject) return [{ subject, object: actingEntity(object), negated: negatedAt(k) }];
  }
  // Participles after the state they describe: "Tajikistan, bordering Afghanistan, …".
  if (norm === 'bordering' || norm === 'neighbouring' || norm === 'neighboring') {
    const object = countryAfter(k);
    const before = tokens[k - 1]?.raw === ',' ? endingAt(k - 2) : undefined;
    if (object && isCountry(before)) return [{ subject: actingEntity(before), object: actingEntity(object), negated: false }];
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
  while (j >= clause.first && j >= k - 7 && !endingAt(j) && (borderModifiers.has((tokens[j] as Token).norm) || (tokens[j] as Token).kind === TokenKind.Number || /^\d/.test((tokens[j] as Token).norm) || (tokens[j] as Token).norm.endsWith('-long'))) j--;
  const word = tokens[j];
  if (!word || j < clause.first) return [];
  const negated = negatedAt(k);

  /** "with Y" after the noun in the same clause, no other state between: "border of some 920 km with Afghanistan". */
  const withObject = (): DraftMention | undefined => {
    for (let i = k + 1; i < clause.end && i <= k + 10; i++) {
      if (isCountry(startingAt(i))) return undefined;
      if ((tokens[i] as Token).norm === 'with') return countryAfter(i);
    }
    return undefined;
  };

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
      while (v >= clause.first && ['do', 'does', 'did', 'not', 'also', 'both', 'no', 'longer', 'never', 't', "'", 'n'].includes((tokens[v] as Token).norm)) v--;
      const second = endingAt(v);
      const first = isCountry(second) && tokens[second.firstToken - 1]?.norm === 'and' ? endingAt(second.firstToken - 2) : undefined;
      if (isCountry(first) && isCountry(second)) return [{ subject: actingEntity(first), object: actingEntity(second), negated: verbNegated }];
    }
  }
  return [];
}

/**
 * The object of a trigger at k: a mention of one of the types starting within reach after it, not
 * a possessor or the first half of a compound ("Afghanistan's neighbours", "U.N.-convened meetings").
 * With `viaPreposition`, also one introduced by "to"/"for" later in the clause ("exports wheat to Afghanistan").
 */
function objectAfter(tokens: readonly Token[], after: readonly DraftMention[], k: number, types: readonly MentionType[], viaPreposition: boolean): string | null {
  for (const mention of after) {
    if (!types.includes(mention.type)) continue;
    const next = tokens[mention.lastToken + 1];
    if (next && (next.norm === "'" || (dashes.has(next.norm) && !next.spaceBefore))) continue;
    const near = mention.firstToken - k - 1 <= objectReach && !hasPunctuation(tokens, k + 1, mention.firstToken) && !hasPreposition(tokens, k + 1, mention.firstToken);
    let introduced = false;
    if (viaPreposition) {
      let p = mention.firstToken - 1;
      if (tokens[p]?.norm === 'the' || (tokens[p] && !tokens[p]!.capitalised && tokens[p - 1] && ['to', 'for'].includes(tokens[p - 1]!.norm))) p--;
      introduced = tokens[p]?.norm === 'to' || tokens[p]?.norm === 'for';
    }
    if (near || introduced) return actingEntity(mention);
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

/** "supply the country with wheat", "recognize the (de facto) government": the focus state. */
function followedByFocusNoun(tokens: readonly Token[], k: number, end: number): boolean {
  for (let j = k + 1; j < end && j <= k + 4; j++) {
    if (!focusNouns.has((tokens[j] as Token).norm)) continue;
    if (tokens[j - 1]?.norm === 'the' || (tokens[j - 1]?.norm === 'facto' && tokens[j - 3]?.norm === 'the')) return true;
  }
  return false;
}

/**
 * "the Northern Alliance, led by …": the entity named right before "led" (past auxiliaries and
 * adverbs), or null. Only entities: a common noun led ("the delegation led by …", "the talks were
 * led by …", "a team headed by …") is no entity, so the relation is dropped (issue 11: no
 * "delegation" or "team" entity, no relation to one).
 */
function ledThing(tokens: readonly Token[], k: number, floor: number, context: SentenceContext, offset: number): string | null {
  let j = k - 1;
  while (j > floor && (auxiliaries.has((tokens[j] as Token).norm) || (tokens[j] as Token).norm.endsWith('ly'))) j--;
  const ending = context.endingAt.get(j);
  return ending && ending.end <= offset ? actingEntity(ending) : null;
}

const auxiliaries = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'also', 'often', 'now', 'then', 'jointly']);

const talibanCache = new WeakMap<SentenceContext, DraftMention[]>();

/** The sentence's mentions of the Taliban (once per sentence: triggers ask again and again). */
function talibanMentions(context: SentenceContext): DraftMention[] {
  let found = talibanCache.get(context);
  if (!found) talibanCache.set(context, (found = context.mentions.filter((mention) => mention.entity.id === focusGoverningMovement)));
  return found;
}
