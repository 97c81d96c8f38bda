// Stage: coreference (extraction.md §2 annotation rules). A definite description or a subject
// pronoun that refers back to a project, organisation or person named earlier in the same
// paragraph becomes a mention of that entity with `via: 'coreference'`: "the pipeline" after "the
// TAPI pipeline", "the railway", "the project", "the group" after an armed group, "the ministry",
// "the minister" after a named minister, "he"/"she" after a named person. The antecedent is the
// nearest preceding named mention of a compatible type in the paragraph: a description's noun must
// fit the entity's kind (its gazetteer kind, or a word of its name, or a person's role); he/she
// refer to people only, the nearest named as a subject. Ambiguity refers to nothing: two entities
// that fit a description, or a person named in a later sentence than a pronoun's subject. No
// antecedent, no mention; never across paragraphs. Plural pronouns and
// "it" are left alone. A description is only "the/this" + noun ending its noun phrase ("the
// pipeline route", "the group of experts" are not read). One pass over the tokens.
import type { Mention, MentionType } from '../../model/index.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import { functionWords } from '../lexicons.js';
import type { ExtractionStage } from '../stage.js';
import { TokenKind, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import { opensParagraph } from './times-year-resolution.js';

/**
 * What a description's noun can refer back to: a mention type, and the entity kinds, name words or role words that fit
 * it.
 */
interface Referent {
  /** The mention types it may refer to ("the fund": a project or an organisation). */
  types: readonly MentionType[];
  /** Any entity of the type fits ("the project"). */
  any?: boolean;
  /** Gazetteer kinds that fit ("pipeline", "armed-group"). */
  kinds?: readonly string[];
  /** Words of the entity's name (or the antecedent's text) that fit ("Pipeline", "Railway"). */
  nameWords?: readonly string[];
  /** Words a person's role ends with that fit ("minister"). */
  roleWords?: readonly string[];
  /** Only an antecedent that is the subject of its clause (he/she). */
  subjectOnly?: boolean;
}

interface Antecedent {
  draft: DraftMention;
  mention: Mention;
  /** The mention reads as the subject of its clause. */
  subject: boolean;
  /** The index of its sentence in the document. */
  sentence: number;
}

const project = (kinds: readonly string[], nameWords: readonly string[]): Referent => ({
  types: ['project'],
  kinds,
  nameWords,
});
const organization = (kinds: readonly string[], nameWords: readonly string[]): Referent => ({
  types: ['organization'],
  kinds,
  nameWords,
});
const person = (kinds: readonly string[], roleWords: readonly string[]): Referent => ({
  types: ['person'],
  kinds,
  roleWords,
});

/** Description nouns (one or two words after "the"/"this") and what they refer back to. */
const descriptionNouns: ReadonlyMap<string, Referent> = new Map<string, Referent>([
  ['project', { types: ['project'], any: true }],
  ['pipeline', project(['pipeline'], ['pipeline'])],
  ['railway', project(['railway'], ['railway', 'railroad', 'rail'])],
  ['railroad', project(['railway'], ['railway', 'railroad', 'rail'])],
  ['canal', project(['canal'], ['canal'])],
  ['dam', project(['dam'], ['dam'])],
  ['corridor', project(['corridor'], ['corridor'])],
  ['highway', project(['road'], ['highway', 'road', 'motorway'])],
  ['road', project(['road'], ['highway', 'road', 'motorway'])],
  ['tunnel', project(['tunnel'], ['tunnel'])],
  ['mine', project(['mine'], ['mine'])],
  ['fund', { types: ['project', 'organization'], kinds: ['trust-fund'], nameWords: ['fund'] }],
  ['programme', project(['programme'], ['programme', 'program'])],
  ['program', project(['programme'], ['programme', 'program'])],
  ['initiative', project([], ['initiative'])],
  ['line', project(['railway', 'power-line'], ['railway', 'railroad', 'line'])],
  ['transmission line', project(['power-line'], ['line', 'transmission'])],
  ['power line', project(['power-line'], ['line', 'transmission'])],
  ['ministry', organization(['ministry'], ['ministry'])],
  ['group', organization(['armed-group', 'movement'], ['group'])],
  ['movement', organization(['armed-group', 'movement'], ['movement'])],
  ['militant group', organization(['armed-group'], ['group'])],
  ['armed group', organization(['armed-group'], ['group'])],
  [
    'organisation',
    organization(['international-organization', 'regional-format', 'armed-group'], ['organisation', 'organization']),
  ],
  [
    'organization',
    organization(['international-organization', 'regional-format', 'armed-group'], ['organisation', 'organization']),
  ],
  [
    'bloc',
    organization(['international-organization', 'regional-format'], ['bloc', 'union', 'organisation', 'organization']),
  ],
  ['format', organization(['regional-format'], ['format'])],
  ['process', organization(['regional-format'], ['process'])],
  ['mission', organization([], ['mission'])],
  ['court', organization(['court'], ['court'])],
  ['agency', organization(['agency', 'international-organization'], ['agency'])],
  ['bank', organization(['central-bank'], ['bank'])],
  ['party', organization(['political-party'], ['party'])],
  ['alliance', organization([], ['alliance'])],
  ['company', organization(['state-company'], ['company', 'corporation'])],
  ['corporation', organization(['state-company'], ['company', 'corporation'])],
  ['council', organization(['security-council', 'leadership-council'], ['council'])],
  ['minister', person(['minister'], ['minister'])],
  ['foreign minister', person([], ['foreign minister'])],
  ['prime minister', person(['head-of-government'], ['prime minister'])],
  ['premier', person(['head-of-government'], ['prime minister', 'premier'])],
  ['president', person([], ['president'])],
  ['envoy', person(['envoy'], ['envoy', 'representative'])],
  ['ambassador', person([], ['ambassador'])],
  ['spokesman', person([], ['spokesman', 'spokesperson'])],
  ['spokeswoman', person([], ['spokeswoman', 'spokesperson'])],
  ['spokesperson', person([], ['spokesman', 'spokeswoman', 'spokesperson'])],
]);

const determiners = new Set(['the', 'this']);
/** Singular subject pronouns: refer back to the nearest person. */
const personPronouns = new Set(['he', 'she']);
const anyPerson: Referent = { types: ['person'], any: true, subjectOnly: true };
/** How many named mentions back in the paragraph an antecedent is looked for (bounds the work). */
const antecedentReach = 64;

/**
 * Lowercase words that may follow a description without continuing its noun phrase: verbs and
 * auxiliaries ("the pipeline would", "the minister met"), besides function words and words that
 * read as verbs or adverbs by their ending (-ed, -s, -ly). "of" continues it ("the group of experts").
 */
const followingVerbs = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'has',
  'have',
  'had',
  'will',
  'would',
  'could',
  'should',
  'may',
  'might',
  'can',
  'must',
  'did',
  'do',
  'said',
  'met',
  'began',
  'took',
  'made',
  'went',
  'came',
  'led',
  'held',
  'sent',
  'gave',
  'saw',
  'became',
  'left',
  'told',
  'brought',
  'built',
  'ran',
  'fell',
  'kept',
  'paid',
  'set',
  'put',
  'cut',
  'struck',
  'spoke',
  'wrote',
  'chose',
  'drew',
  'grew',
  'sought',
  'fought',
  'won',
  'lost',
  'got',
  'remain',
  'remains',
  'also',
  'which',
  'that',
  'who',
]);

/** Coreference mentions of the named drafts (sorted, never overlapping them), in text order. */
export function findCoreferences(
  analysis: Analysis,
  drafts: readonly DraftMention[],
  contractMentions: readonly Mention[],
): Mention[] {
  const { tokens, text } = analysis;
  const found: Mention[] = [];
  // The token range each draft covers, and the contract mention made of each draft (same order).
  const covered = new Uint8Array(tokens.length);
  for (const draft of drafts) covered.fill(1, draft.firstToken, draft.lastToken + 1);
  let paragraph: Antecedent[] = [];
  let next = 0;
  let previous: SentenceRange | undefined;
  /** Named mentions ending before token `end` join the paragraph's antecedents. */
  let firstInSentence = 0;
  let sentence = -1;
  const admit = (range: SentenceRange, end: number): void => {
    for (; next < drafts.length && (drafts[next] as DraftMention).lastToken < end; next++) {
      const draft = drafts[next] as DraftMention;
      paragraph.push({
        draft,
        mention: contractMentions[next] as Mention,
        subject: isSubject(tokens, draft, range, next === firstInSentence),
        sentence,
      });
    }
  };
  for (const range of analysis.sentences) {
    sentence++;
    if (opensParagraph(analysis, previous, range)) paragraph = [];
    previous = range;
    // Mentions outside the sentences (a title, a heading) are no antecedents.
    while (next < drafts.length && (drafts[next] as DraftMention).firstToken < range.first) next++;
    firstInSentence = next;
    for (let k = range.first; k < range.end; k++) {
      admit(range, k);
      const token = tokens[k] as Token;
      if (token.kind !== TokenKind.Word || covered[k]) continue;
      let referent: Referent | undefined;
      let last = k;
      if (personPronouns.has(token.norm)) referent = anyPerson;
      else if (determiners.has(token.norm)) [referent, last] = readDescription(tokens, covered, k, range.end);
      if (!referent) continue;
      const antecedent = nearestAntecedent(paragraph, referent);
      if (!antecedent) continue;
      const start = token.start;
      const end = (tokens[last] as Token).end;
      const { type, entity, country } = antecedent;
      found.push({ start, end, text: text.slice(start, end), type, entity, country, via: 'coreference' });
      k = last;
    }
    admit(range, range.end);
  }
  return found;
}

/** The named mentions with the coreference mentions merged in, in text order. */
export function mergeCoreferences(named: readonly Mention[], coreferences: readonly Mention[]): Mention[] {
  if (coreferences.length === 0) return [...named];
  const merged: Mention[] = [];
  let i = 0;
  for (const mention of coreferences) {
    while (i < named.length && (named[i] as Mention).start < mention.start) merged.push(named[i++] as Mention);
    merged.push(mention);
  }
  while (i < named.length) merged.push(named[i++] as Mention);
  return merged;
}

/**
 * The coreference stage, run once: the contract's mentions take its output (merged in by the assembly), and the
 * relation stage reads its descriptions as mentions of their entities.
 */
export const coreferenceStage: ExtractionStage<'analysis' | 'drafts' | 'namedMentions', 'coreferences'> = {
  name: 'coreference',
  requires: ['analysis', 'drafts', 'namedMentions'],
  provides: ['coreferences'],
  run: ({ analysis, drafts, namedMentions }) => ({ coreferences: findCoreferences(analysis, drafts, namedMentions) }),
};

/** "the/this" at k then a description noun (two words before one) ending its noun phrase; else nothing. */
function readDescription(
  tokens: readonly Token[],
  covered: Uint8Array,
  k: number,
  end: number,
): [Referent | undefined, number] {
  for (const width of [2, 1]) {
    const last = k + width;
    if (last >= end) continue;
    let key = '';
    let ok = true;
    for (let j = k + 1; j <= last; j++) {
      const word = tokens[j] as Token;
      if (word.kind !== TokenKind.Word || covered[j] || (j > k + 1 && !word.spaceBefore)) {
        ok = false;
        break;
      }
      key = key ? `${key} ${word.norm}` : word.norm;
    }
    if (!ok) continue;
    const referent = descriptionNouns.get(key);
    if (referent && endsNounPhrase(tokens, covered, last, end)) return [referent, last];
  }
  return [undefined, k];
}

/**
 * Whether the noun at `last` ends its noun phrase: punctuation, a possessive, a verb, a function word or the sentence
 * end follows.
 */
function endsNounPhrase(tokens: readonly Token[], covered: Uint8Array, last: number, end: number): boolean {
  const after = tokens[last + 1];
  if (!after || last + 1 >= end) return true;
  if (after.kind === TokenKind.Punct) return !(after.norm === '-' && !after.spaceBefore) && after.raw !== '–';
  if (after.kind !== TokenKind.Word || covered[last + 1] || after.capitalised) return false;
  if (after.norm === 'of') return false;
  if (functionWords.has(after.norm) || followingVerbs.has(after.norm)) return true;
  const norm = after.norm;
  return norm.endsWith('ed') || norm.endsWith('ly') || (norm.endsWith('s') && !norm.endsWith('ss'));
}

/**
 * The antecedent of a description or pronoun in the paragraph, when it is not ambiguous:
 * - a description ("the pipeline") takes the nearest entity that fits, when no other entity fits
 *   ("the pipeline" after TAPI and the Iran–Pakistan pipeline refers to nothing);
 * - he/she take the nearest person named as a subject, when no other person is named in a later
 *   sentence ("X met Y. He flew on" is X; "X came. He was received by Y. … he" is ambiguous) and
 *   no other person is a subject of the same sentence ("X and Y signed …; he" is ambiguous).
 */
function nearestAntecedent(paragraph: readonly Antecedent[], referent: Referent): Mention | undefined {
  const floor = Math.max(0, paragraph.length - antecedentReach);
  const others: Antecedent[] = [];
  for (let i = paragraph.length - 1; i >= floor; i--) {
    const candidate = paragraph[i] as Antecedent;
    const { draft, mention, subject } = candidate;
    if (!referent.types.includes(draft.type) || !fits(draft, referent)) continue;
    if (referent.subjectOnly && !subject) {
      others.push(candidate);
      continue;
    }
    const rivals = others.filter(
      (other) =>
        other.mention.entity !== mention.entity && (!referent.subjectOnly || other.sentence > candidate.sentence),
    );
    if (rivals.length > 0) return undefined;
    if (referent.subjectOnly) {
      // Two people as subjects of one sentence ("X and Y signed …; he had …") are ambiguous too.
      for (let j = i - 1; j >= floor && (paragraph[j] as Antecedent).sentence === candidate.sentence; j--) {
        const other = paragraph[j] as Antecedent;
        if (other.subject && referent.types.includes(other.draft.type) && other.mention.entity !== mention.entity)
          return undefined;
      }
      return mention;
    }
    // A description: any other entity that fits, earlier in the paragraph too, makes it ambiguous.
    for (let j = i - 1; j >= floor; j--) {
      const earlier = paragraph[j] as Antecedent;
      if (
        referent.types.includes(earlier.draft.type) &&
        earlier.mention.entity !== mention.entity &&
        fits(earlier.draft, referent)
      )
        return undefined;
    }
    return mention;
  }
  return undefined;
}

/**
 * Whether a named mention reads as the subject of its clause: a verb follows it ("Wang Yi met …"),
 * or it is the first mention of its sentence, near its start ("Foreign Minister Wang Yi, who …, said").
 */
function isSubject(
  tokens: readonly Token[],
  draft: DraftMention,
  range: SentenceRange,
  firstInSentence: boolean,
): boolean {
  if (
    firstInSentence &&
    draft.firstToken - range.first <= 4 &&
    !verbOrPronounBefore(tokens, range.first, draft.firstToken)
  )
    return true;
  const after = tokens[draft.lastToken + 1];
  if (!after || after.kind !== TokenKind.Word || after.capitalised || draft.lastToken + 1 >= range.end) return false;
  const norm = after.norm;
  return (
    (followingVerbs.has(norm) && norm !== 'which' && norm !== 'that' && norm !== 'who') ||
    norm.endsWith('ed') ||
    (norm.endsWith('s') && !norm.endsWith('ss'))
  );
}

/**
 * Whether a pronoun or a verb comes before token `end` in the sentence ("He met Amir Khan Muttaqi": Muttaqi is the
 * object).
 */
function verbOrPronounBefore(tokens: readonly Token[], first: number, end: number): boolean {
  for (let k = first; k < end; k++) {
    const token = tokens[k] as Token;
    if (token.kind !== TokenKind.Word) continue;
    if (personPronouns.has(token.norm) || (followingVerbs.has(token.norm) && !clauseWords.has(token.norm))) return true;
  }
  return false;
}

/** Words of the verb list that are no verbs. */
const clauseWords = new Set(['which', 'that', 'who', 'also']);

function fits(draft: DraftMention, referent: Referent): boolean {
  if (referent.any) return true;
  const { entity } = draft;
  if (entity.kind && referent.kinds?.includes(entity.kind)) return true;
  if (
    referent.nameWords &&
    (hasWord(entity.name, referent.nameWords) ||
      entity.aliases.some((alias) => hasWord(alias, referent.nameWords as readonly string[])))
  )
    return true;
  const role = draft.role ?? entity.role;
  return Boolean(referent.roleWords && role && roleEndsWith(role, referent.roleWords));
}

/**
 * Whether a role's head ends with one of the words: "Foreign Minister" is a minister, "the president's special
 * representative" no president.
 */
function roleEndsWith(role: string, words: readonly string[]): boolean {
  const head = role.toLowerCase().split(/ of |[(,]/u)[0] ?? '';
  const lower = ` ${head.replace(/[^\p{L}]+/gu, ' ').trim()}`;
  return words.some((word) => lower.endsWith(` ${word}`));
}

/** Whether a name holds one of the (lowercase, possibly two-word) words as whole words. */
function hasWord(name: string, words: readonly string[]): boolean {
  const lower = ` ${name.toLowerCase().replace(/[^\p{L}]+/gu, ' ')} `;
  return words.some((word) => lower.includes(` ${word} `));
}
