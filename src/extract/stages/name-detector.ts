// Stage: names the gazetteer does not know. Capitalised word runs inside sentences become
// organisations, projects or documents by their head noun ("… Ministry", "… Party", "… Corridor",
// "Strategy 2050"), and people when a role title stands before them ("Foreign Minister Amir Khan
// Muttaqi": the role becomes an attribute) or when they read as a personal name. Runs may hold a
// country or place name ("Kazakh Foreign Ministry"), which the longer name then absorbs. Head-led
// official names keep lowercase linking words ("Office for the Coordination of …"), comma-listed
// names before an acronym are one body ("Immigration, Refugees and Citizenship Canada (IRCC)"), and
// names with Arabic particles ("Saif al-Adel") are people when a person cue or a second use shows it.
import { slugify, type MentionType } from '../../model/index.js';
import type { Analysis, SentenceRange } from '../analysis.js';
import type { KnownEntity } from '../gazetteer-index.js';
import {
  documentHeads,
  legislationHeads,
  legislatureWords,
  functionWords,
  nameParticleWords,
  nationalWords,
  monthNumbers,
  organizationHeads,
  placeHeads,
  programmeHeads,
  projectHeads,
  roleHeads,
  roleModifiers,
  stateOrganHeads,
  titleAbbreviations,
  weekdays,
} from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';
import type { DraftMention } from './draft-mention.js';
import type { ExtractionStage } from '../stage.js';

/** Token index → the known mention covering it. */
type CoverMap = Array<DraftMention | undefined>;
const coverAt = (cover: CoverMap, k: number): DraftMention | undefined => cover[k];

/** One token of a run: a capitalised name word, a number, a linking word ("of", "al") or a joining mark. */
interface TokenElement {
  kind: 'name' | 'number' | 'connector' | 'joiner';
  firstToken: number;
  lastToken: number;
  token: Token;
}

/** A country, place or organisation the gazetteer knows, absorbed by a longer name ("Kazakh Foreign Ministry"). */
interface EmbeddedElement {
  kind: 'embedded';
  firstToken: number;
  lastToken: number;
  /** The mention's first token. */
  token: Token;
  mention: DraftMention;
}

/** A run of name-like tokens in a sentence, element by element. */
type RunElement = TokenElement | EmbeddedElement;

const connectors = new Set([
  'of',
  'and',
  'for',
  'the',
  'on',
  'de',
  'al',
  'el',
  'abu',
  'ul',
  'i',
  'e',
  'bin',
  'ibn',
  'bint',
  'du',
  'da',
  'del',
  'dos',
  'das',
  'van',
  'von',
  'der',
  'den',
]);
const joinedConnectors = new Set(['i', 'e', 'ul', 'al', 'ud', 'ur', 'o']);
/** Particles inside personal names ("Osama bin Laden"). */
const nameParticles = new Set([
  'bin',
  'ibn',
  'bint',
  'al',
  'el',
  'abu',
  'de',
  'da',
  'del',
  'dos',
  'das',
  'van',
  'von',
  'der',
  'den',
  'du',
]);

/**
 * Military formations: bodies of a state's armed forces, so organs of the state ("the Ashena
 * Unit", "… Brigade"). "Force" is one only as an "Air Force"; a "Task Force" is an organisation.
 */
const militaryUnitHeads = new Set(['unit', 'brigade', 'battalion', 'regiment', 'detachment', 'squadron', 'division']);
/** "Northern Distribution Network": a network named for moving goods is a route (a project), not a body. */
const logisticsNetworkWords = new Set(['distribution', 'supply', 'transit', 'transport', 'logistics']);
/**
 * Nouns for persons that introduce a name in apposition ("one of its soldiers, Yoon Jang-ho,"),
 * besides the role titles.
 */
const personCueNouns = new Set([
  'soldier',
  'soldiers',
  'officer',
  'officers',
  'volunteer',
  'volunteers',
  'hostage',
  'hostages',
  'worker',
  'workers',
  'aid-worker',
  'doctor',
  'doctors',
  'nurse',
  'nurses',
  'engineer',
  'engineers',
  'missionary',
  'missionaries',
  'pastor',
  'diplomat',
  'diplomats',
  'journalist',
  'journalists',
  'citizen',
  'citizens',
  'national',
  'nationals',
  'victim',
  'victims',
]);

const isOrganizationHead = (norm: string): boolean => organizationHeads.has(norm) || militaryUnitHeads.has(norm);

/**
 * All-caps common nouns that stand before names without being part of them ("the NGO Peace Japan Medical Services").
 */
const genericAcronyms = new Set(['ngo', 'ngos', 'ingo', 'ingos', 'cso', 'csos', 'idp', 'idps', 'ceo']);

function isNameWord(token: Token): boolean {
  return token.kind === TokenKind.Word && token.capitalised;
}

/**
 * A capitalised word that is no part of a name: a month, a weekday, a function word, or a word the text writes in
 * lowercase.
 */
function isCommonWord(analysis: Analysis, token: Token): boolean {
  return (
    monthNumbers.has(token.norm) ||
    weekdays.has(token.norm) ||
    functionWords.has(token.norm) ||
    analysis.lowercaseWords.has(token.norm)
  );
}

function makeEntity(analysis: Analysis, name: string, type: MentionType, country: string | null): KnownEntity {
  const id = slugify(name);
  const known = analysis.gazetteer.entities.get(id);
  if (known) return known;
  return { id, type, name, country, wikidata: null, aliases: [] };
}

export function detectNames(analysis: Analysis, known: readonly DraftMention[]): DraftMention[] {
  const coveredBy: CoverMap = new Array<DraftMention | undefined>(analysis.tokens.length);
  for (const mention of known) for (let k = mention.firstToken; k <= mention.lastToken; k++) coveredBy[k] = mention;
  const found: DraftMention[] = [];
  for (const range of analysis.sentences) {
    let k = range.first;
    while (k < range.end) {
      const run = collectRun(analysis, range, k, coveredBy);
      const lastElement = run.at(-1);
      if (!lastElement) {
        k++;
        continue;
      }
      k = lastElement.lastToken + 1;
      for (const part of splitCoordination(run)) found.push(...classifyRun(analysis, range, part, coveredBy));
    }
  }
  const named = found.filter((mention) => !isCommonNounName(analysis, mention, coveredBy));
  return withParenthesisedAcronyms(analysis, known, [...listedNamesBeforeAcronyms(analysis, coveredBy), ...named]);
}

/**
 * Collective common nouns that name no entity of their own, capitalised or not (issue 11): "the
 * Kazakh Delegation", "a Technical Team", "the Afghan Side", "Government of Uzbekistan" (the state,
 * already a country mention), "Working Group".
 */
const commonCollectiveNouns = new Set([
  'delegation',
  'delegations',
  'team',
  'teams',
  'official',
  'officials',
  'authority',
  'authorities',
  'government',
  'governments',
  'side',
  'sides',
  'group',
  'groups',
  'mission',
  'missions',
  'leadership',
  'administration',
  'representatives',
]);
/** Words that qualify such a noun without naming anything ("Joint Technical Working Group"). */
const commonCollectiveModifiers = new Set([
  'joint',
  'technical',
  'working',
  'special',
  'interim',
  'high-level',
  'high',
  'level',
  'expert',
  'experts',
  'negotiating',
  'official',
  'bilateral',
  'trilateral',
  'government',
  'governmental',
  'intergovernmental',
  'state',
  'provisional',
  'transitional',
  'new',
  'national',
  'local',
  'federal',
  'central',
  'provincial',
  'regional',
  'senior',
  'business',
  'trade',
  'economic',
  'security',
  'military',
  'diplomatic',
  'visiting',
  'advance',
  'de',
  'facto',
  'the',
  'of',
  'and',
  '-',
  '–',
]);

/**
 * Whether a detected name (of any type: "A Technical Team" reads like a personal name) is only a
 * collective common noun, its qualifiers and a country or place name ("Uzbek Mission", "Technical
 * Team", "Government of Uzbekistan"): no entity of its own, so the
 * country or place inside stays a mention of its own and the rest is plain text.
 */
function isCommonNounName(analysis: Analysis, mention: DraftMention, coveredBy: CoverMap): boolean {
  let hasCollectiveNoun = false;
  for (let k = mention.firstToken; k <= mention.lastToken; k++) {
    const known = coverAt(coveredBy, k);
    if (known) {
      if (known.type !== 'country' && known.type !== 'place') return false;
      continue;
    }
    const norm = (analysis.tokens[k] as Token).norm;
    if (commonCollectiveNouns.has(norm)) hasCollectiveNoun = true;
    else if (!commonCollectiveModifiers.has(norm)) return false;
  }
  return hasCollectiveNoun;
}

const listLinkWords = new Set(['and', 'of', 'for', 'the', '&']);

/**
 * "Immigration, Refugees and Citizenship Canada (IRCC)", "Foreign, Commonwealth and Development
 * Office (FCDO)": a name holding a comma-separated list, right before an acronym in parentheses
 * whose letters are the initials of its capitalised words, is one organisation. Its state is a
 * country named inside it, else none.
 */
function listedNamesBeforeAcronyms(analysis: Analysis, coveredBy: CoverMap): DraftMention[] {
  const { tokens } = analysis;
  const results: DraftMention[] = [];
  for (let open = 2; open + 2 < tokens.length; open++) {
    const acronym = tokens[open + 1] as Token;
    if (
      (tokens[open] as Token).raw !== '(' ||
      (tokens[open + 2] as Token).raw !== ')' ||
      acronym.kind !== TokenKind.Word ||
      !acronym.allCaps
    )
      continue;
    if (coverAt(coveredBy, open + 1) || !isNameWord(tokens[open - 1] as Token)) continue;
    const letters = acronym.raw.replace(/[^A-Z]/g, '');
    let remaining = letters.length;
    let start = -1;
    let hasComma = false;
    let country: string | null = null;
    for (let j = open - 1; j >= 0 && remaining > 0; j--) {
      const token = tokens[j] as Token;
      const covering = coverAt(coveredBy, j);
      if (covering && covering.type !== 'country' && covering.type !== 'place') break;
      if (token.raw === ',') hasComma = true;
      else if (token.kind === TokenKind.Word && !token.capitalised && listLinkWords.has(token.norm)) continue;
      else if (isNameWord(token) && token.raw[0] === letters[remaining - 1]) {
        remaining--;
        if (covering?.type === 'country') country = covering.country;
        if (remaining === 0) start = j;
      } else break;
      if (token.newlineBefore) break;
    }
    if (start < 0 || !hasComma) continue;
    const startCover = coverAt(coveredBy, start);
    const first = startCover ? startCover.firstToken : start;
    results.push(draft(analysis, first, open - 1, 'organization', country));
  }
  return results;
}

const isHeadWord = (norm: string): boolean =>
  isOrganizationHead(norm) || projectHeads.has(norm) || documentHeads.has(norm) || placeHeads.has(norm);

/**
 * "Fly Dubai Company and Kam Air Group" names two bodies: a run is split at an "and" whose left side
 * already ends in a head noun. An "and" inside one name leaves the run whole, because the word before
 * it is no head ("Law and Order Trust Fund", "Humanitarian Aid and Relief Centre", "Ministry of
 * Energy and Water").
 */
function splitCoordination(run: RunElement[]): RunElement[][] {
  const parts: RunElement[][] = [];
  let from = 0;
  const lastName = run.findLastIndex((element) => element.kind === 'name' || element.kind === 'embedded');
  for (let i = 1; i < run.length - 1; i++) {
    const element = run[i];
    const before = run[i - 1];
    if (element?.kind !== 'connector' || element.token.norm !== 'and' || before?.kind !== 'name') continue;
    if (!isHeadWord(before.token.norm) || i - from < 2) continue;
    if (lastName <= i) continue;
    parts.push(run.slice(from, i));
    from = i + 1;
  }
  parts.push(from === 0 ? run : run.slice(from));
  return parts;
}

/**
 * "King Salman Humanitarian Aid and Relief Centre (KSrelief)", "… Agency (JICA)": a one-word
 * acronym in parentheses right after a name is an alias of that name's entity; it and its later
 * bare uses become mentions of that entity (replacing whatever the detector read them as).
 */
function withParenthesisedAcronyms(
  analysis: Analysis,
  known: readonly DraftMention[],
  found: DraftMention[],
): DraftMention[] {
  const { tokens } = analysis;
  const aliases = new Map<string, DraftMention>();
  const knownTokens = new Set<number>();
  for (const mention of known) for (let k = mention.firstToken; k <= mention.lastToken; k++) knownTokens.add(k);
  for (const mention of [...known, ...found]) {
    if (mention.type === 'person' || mention.type === 'country') continue;
    const open = tokens[mention.lastToken + 1];
    const word = tokens[mention.lastToken + 2];
    const close = tokens[mention.lastToken + 3];
    if (open?.raw !== '(' || close?.raw !== ')' || !word || word.kind !== TokenKind.Word || !isAcronymLike(word.raw))
      continue;
    if (knownTokens.has(mention.lastToken + 2) || aliases.has(word.raw)) continue;
    aliases.set(word.raw, mention);
  }
  if (aliases.size === 0) return found;
  const added: DraftMention[] = [];
  const replaced = new Set<DraftMention>();
  // Token → the found mentions covering it, so that each later use replaces them in constant time.
  const foundAt = new Map<number, DraftMention[]>();
  for (const mention of found) {
    for (let k = mention.firstToken; k <= mention.lastToken; k++) {
      const list = foundAt.get(k);
      if (list) list.push(mention);
      else foundAt.set(k, [mention]);
    }
  }
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    const target = token.kind === TokenKind.Word ? aliases.get(token.raw) : undefined;
    if (!target || knownTokens.has(k) || token.start < target.end) continue;
    for (const mention of foundAt.get(k) ?? []) replaced.add(mention);
    added.push({
      start: token.start,
      end: token.end,
      firstToken: k,
      lastToken: k,
      type: target.type,
      entity: target.entity,
      country: target.country,
      source: 'detected',
    });
  }
  return [...found.filter((mention) => !replaced.has(mention)), ...added];
}

/** An acronym-like word: at least two capitals and no space ("JICA", "KSrelief", "KfW", "UNAMA"). */
function isAcronymLike(raw: string): boolean {
  let capitals = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) capitals++;
  }
  return capitals >= 2 && raw.length <= 12 && raw.charCodeAt(0) >= 65 && raw.charCodeAt(0) <= 90;
}

function collectRun(analysis: Analysis, range: SentenceRange, from: number, coveredBy: CoverMap): RunElement[] {
  const { tokens } = analysis;
  const run: RunElement[] = [];
  let k = from;
  while (k < range.end) {
    const token = tokens[k] as Token;
    if (run.length > 0 && token.newlineBefore) break;
    const covering = coverAt(coveredBy, k);
    if (covering) {
      if (
        (covering.type === 'country' || covering.type === 'place' || covering.type === 'organization') &&
        covering.firstToken === k
      ) {
        run.push({ kind: 'embedded', firstToken: k, lastToken: covering.lastToken, token, mention: covering });
        k = covering.lastToken + 1;
        continue;
      }
      break;
    }
    const kind = nextElementKind(analysis, run, k, coveredBy);
    if (!kind) break;
    run.push({ kind, firstToken: k, lastToken: k, token });
    k++;
  }
  // Trailing connectors and joiners are not part of a name.
  while (isLinkElement(run.at(-1))) run.pop();
  return run;
}

const isLinkElement = (element: RunElement | undefined): boolean =>
  element?.kind === 'connector' || element?.kind === 'joiner';

/** What uncovered token `k` adds to the run so far (a name word, a number, a connector or a joiner), if anything. */
function nextElementKind(
  analysis: Analysis,
  run: readonly RunElement[],
  k: number,
  coveredBy: CoverMap,
): TokenElement['kind'] | undefined {
  const { tokens } = analysis;
  const token = tokens[k] as Token;
  const previous = run.at(-1);
  if (isNameWord(token)) return 'name';
  if (!previous) return undefined;
  if (token.kind === TokenKind.Number && (previous.kind === 'name' || previous.kind === 'joiner')) return 'number';
  if (
    previous.kind === 'name' &&
    token.raw === '.' &&
    !token.spaceBefore &&
    (titleAbbreviations.has((tokens[k - 1] as Token).norm) || (tokens[k - 1] as Token).raw.length === 1) &&
    isNameWord(tokens[k + 1] ?? token)
  )
    return 'joiner';
  if (
    previous.kind === 'name' &&
    token.norm === "'" &&
    !token.spaceBefore &&
    (tokens[k - 1] as Token).norm.endsWith('s') &&
    isNameWord(tokens[k + 1] ?? token)
  )
    return 'joiner';
  if (previous.kind !== 'connector' && previous.kind !== 'joiner' && isJoiner(token) && !token.spaceBefore)
    return 'joiner';
  if (previous.kind === 'joiner' && isGivenNameSyllable(tokens, run, k)) return 'name';
  if (previous.kind === 'joiner' && token.kind === TokenKind.Word && joinedConnectors.has(token.norm))
    return 'connector';
  if (
    (previous.kind === 'name' ||
      previous.kind === 'embedded' ||
      (previous.kind === 'connector' && nameParticles.has(previous.token.norm) && nameParticles.has(token.norm))) &&
    token.kind === TokenKind.Word &&
    connectors.has(token.norm)
  )
    return 'connector';
  if (token.kind === TokenKind.Word && continuesLongName(analysis, run, k, coveredBy)) return 'connector';
  if (
    previous.kind === 'connector' &&
    isJoiner(token) &&
    !token.spaceBefore &&
    personParticles.has(previous.token.norm) &&
    isNameWord(tokens[k + 1] ?? token)
  )
    // "Saif al-Adel": a particle glued to the next name part.
    return 'joiner';
  return undefined;
}

/** Lowercase particles of Arabic and Persian personal names ("Saif al-Adel", "Osama bin Laden", "Zorvan abu Amel"). */
const personParticles = new Set(['al', 'el', 'bin', 'ibn', 'abu']);
/** Function words inside long official names ("Convention on the Elimination … against Women"). */
const longNameLinks = new Set(['of', 'on', 'for', 'against', 'to', 'in']);

/** The run so far opens (after any leading function word) with a head noun: "the Office …", "Convention …". */
function opensWithHead(run: readonly RunElement[]): boolean {
  for (const element of run) {
    if (element.kind !== 'name') return false;
    const norm = element.token.norm;
    if (functionWords.has(norm)) continue;
    return isOrganizationHead(norm) || documentHeads.has(norm);
  }
  return false;
}

/**
 * A lowercase word that keeps a head-led official name going: "against", "to", "in" after a name
 * word, and "the" after "of"/"on"/"for"/"against"/"to"/"in" ("Office for the Coordination of …"),
 * each only when a capitalised name word the gazetteer does not know follows. "and the" ends the name ("the Ministry of
 * Finance
 * and the central bank").
 */
function continuesLongName(analysis: Analysis, run: readonly RunElement[], k: number, coveredBy: CoverMap): boolean {
  const { tokens } = analysis;
  const token = tokens[k] as Token;
  const previous = run.at(-1);
  const next = tokens[k + 1];
  // "… against Torture in Geneva": a known place or country after the link is where, not part of the name.
  if (!previous || !next || next.newlineBefore || coverAt(coveredBy, k + 1) || coverAt(coveredBy, k + 2)) return false;
  const nextIsName = isNameWord(next) && !isCommonWord(analysis, next);
  if (previous.kind === 'name' && (token.norm === 'against' || token.norm === 'to' || token.norm === 'in')) {
    if (!nextIsName && !(next.norm === 'the' && isNameWord(tokens[k + 2] ?? token))) return false;
  } else if (previous.kind === 'connector' && token.norm === 'the' && longNameLinks.has(previous.token.norm)) {
    if (!nextIsName) return false;
  } else {
    return false;
  }
  return opensWithHead(run);
}

/** A romanised Korean syllable: initial consonants, a vowel group, an optional final (n, ng, l, k, p, m, t). */
const koreanSyllable = /^[bcdghjklmnprstwy]{0,3}[aeiouwy]{1,3}(?:ng|n|l|k|p|m|t)?$/;

/**
 * "Yoon Jang-ho", "Ban Ki-moon", "Moon Jae-in": the lowercase second syllable of a hyphenated
 * Korean given name, glued to a capitalised first syllable that follows a short capitalised surname.
 */
function isGivenNameSyllable(tokens: readonly Token[], run: readonly RunElement[], k: number): boolean {
  const token = tokens[k] as Token;
  const joiner = tokens[k - 1] as Token;
  if (
    token.kind !== TokenKind.Word ||
    token.capitalised ||
    token.spaceBefore ||
    joiner.spaceBefore ||
    joiner.norm !== '-'
  )
    return false;
  if (token.raw.length > 4 || !koreanSyllable.test(token.raw)) return false;
  const firstSyllable = run[run.length - 2];
  const surname = run[run.length - 3];
  if (firstSyllable?.kind !== 'name' || surname?.kind !== 'name') return false;
  const firstToken = firstSyllable.token;
  const surnameToken = surname.token;
  return (
    firstToken.raw.length <= 5 &&
    surnameToken.raw.length <= 5 &&
    !firstToken.allCaps &&
    !surnameToken.allCaps &&
    surname.lastToken === firstSyllable.firstToken - 1
  );
}

/** The lowercase syllable of a hyphenated given name (a name element not written with a capital). */
const isSyllableElement = (element: RunElement | undefined): boolean =>
  element?.kind === 'name' && !element.token.capitalised;

function spanText(analysis: Analysis, first: number, last: number): string {
  return analysis.text.slice((analysis.tokens[first] as Token).start, (analysis.tokens[last] as Token).end);
}

function draft(
  analysis: Analysis,
  first: number,
  last: number,
  type: MentionType,
  country: string | null,
  role?: string,
): DraftMention {
  const name = spanText(analysis, first, last);
  const entity = makeEntity(analysis, name, type, country);
  const mention: DraftMention = {
    start: (analysis.tokens[first] as Token).start,
    end: (analysis.tokens[last] as Token).end,
    firstToken: first,
    lastToken: last,
    type: entity.type,
    entity,
    country: entity.country ?? country,
    source: 'detected',
  };
  if (role) mention.role = role;
  return mention;
}

/**
 * The state owning a name: a country or place at its start ("Kazakh Foreign Ministry") or after
 * "of" ("Ministry of Defence of Tajikistan"). After "for" a country is the beneficiary ("Admission
 * Programme for Afghanistan"), inside the name it is part of the name ("Peace Japan Medical Services").
 */
function ownerCountry(run: readonly RunElement[]): string | null {
  for (const [i, element] of run.entries()) {
    if (element.kind !== 'embedded' || element.mention.type === 'organization') continue;
    const previous = run[i - 1];
    if (i === 0 || (previous?.kind === 'connector' && previous.token.norm === 'of')) return element.mention.country;
  }
  return null;
}

/** A head followed by an alphanumeric designation only: "Bill C-41" (a short capital, a hyphen, a number). */
function hasDesignation(run: readonly RunElement[]): boolean {
  if (run.length !== 4) return false;
  const [, letters, joiner, number] = run;
  return (
    letters?.kind === 'name' &&
    /^[A-Z]{1,3}$/.test(letters.token.raw) &&
    joiner?.kind === 'joiner' &&
    number?.kind === 'number'
  );
}

function embeddedCountry(run: readonly RunElement[]): string | null {
  for (const element of run)
    if (element.kind === 'embedded' && element.mention.type !== 'organization') return element.mention.country;
  return null;
}

const nameNorm = (element: RunElement | undefined): string => (element?.kind === 'name' ? element.token.norm : '');

/** A run (holding a name word) as classification reads it: its ends, its head noun and the words around them. */
interface RunShape {
  run: readonly RunElement[];
  first: RunElement;
  last: RunElement;
  /** The first element's word when it is a name word, else ''. */
  firstNorm: string;
  /** The head noun: the last name word, or a head before a "for"/"of" proper-name tail. */
  headNorm: string;
  /** The name word before the head, else ''. */
  headPreviousNorm: string;
  /** The run ends in a name word, or in the proper-name tail of its head. */
  endsInName: boolean;
  /** The second element is a connector: its word ("of", "for", …), else ''. */
  linkNorm: string;
  hasEmbeddedOrganization: boolean;
  /** The known mention the run opens with, if it opens with one. */
  firstEmbedded: DraftMention | undefined;
}

function classifyRun(
  analysis: Analysis,
  range: SentenceRange,
  input: RunElement[],
  coveredBy: CoverMap,
): DraftMention[] {
  const run = withoutLeadingCommonWords(analysis, range, input);
  const shape = describeRun(run);
  if (!shape) return [];
  const named = classifyHeadLedName(analysis, shape) ?? classifyByHead(analysis, shape);
  if (named) return [named];
  return readPeopleInRun(analysis, range, run, coveredBy);
}

/**
 * A sentence's first word is capitalised anyway: drop it when it is a common word, with leading connectors, joiners
 * and generic acronyms. (One slice at the end: slicing per dropped element would cost the square of the run's length.)
 */
function withoutLeadingCommonWords(analysis: Analysis, range: SentenceRange, input: RunElement[]): RunElement[] {
  const sentenceFirst = firstWordIndex(analysis, range);
  let dropped = 0;
  for (const head of input) {
    if (head.kind === 'connector' || head.kind === 'joiner') dropped++;
    else if (
      head.kind === 'name' &&
      (head.firstToken === sentenceFirst || functionWords.has(head.token.norm)) &&
      isCommonWord(analysis, head.token)
    )
      dropped++;
    else if (head.kind === 'name' && genericAcronyms.has(head.token.norm)) dropped++;
    else break;
  }
  return dropped === 0 ? input : input.slice(dropped);
}

function describeRun(run: readonly RunElement[]): RunShape | undefined {
  const first = run[0];
  const last = run.at(-1);
  const lastWord = run.findLast((element) => element.kind === 'name');
  if (!first || !last || !lastWord) return undefined;
  let headNorm = lastWord.token.norm;
  let headIndex = run.lastIndexOf(lastWord);
  let headedByTail = false;
  // "Law and Order Trust Fund for Afghanistan", "Development Strategy of New Uzbekistan": a head
  // noun followed by "for"/"of" and a proper-name tail heads the whole run.
  if (last.kind !== 'name' || !isHeadWord(headNorm)) {
    const tailHead = headBeforeNameTail(run);
    if (tailHead >= 0) {
      headNorm = nameNorm(run[tailHead]);
      headIndex = tailHead;
      headedByTail = true;
    }
  }
  const second = run[1];
  return {
    run,
    first,
    last,
    firstNorm: nameNorm(first),
    headNorm,
    headPreviousNorm: headIndex > 0 ? nameNorm(run[headIndex - 1]) : '',
    endsInName: last.kind === 'name' || headedByTail,
    linkNorm: second?.kind === 'connector' ? second.token.norm : '',
    hasEmbeddedOrganization: run.some(
      (element) => element.kind === 'embedded' && element.mention.type === 'organization',
    ),
    firstEmbedded: first.kind === 'embedded' ? first.mention : undefined,
  };
}

/** The index of a head noun before the run's last "for"/"of" when only name words follow it, else -1. */
function headBeforeNameTail(run: readonly RunElement[]): number {
  for (let i = run.length - 2; i > 0; i--) {
    const element = run[i];
    if (element?.kind !== 'connector') continue;
    const norm = element.token.norm;
    if (norm !== 'for' && norm !== 'of') break;
    const before = run[i - 1];
    if (
      before?.kind === 'name' &&
      i > 1 &&
      isHeadWord(before.token.norm) &&
      run.slice(i + 1).every((tail) => tail.kind === 'name' || tail.kind === 'embedded')
    )
      return i - 1;
    break;
  }
  return -1;
}

/**
 * Names read off their opening word: head-led official names, numbered military units, a legislature by its title,
 * documents.
 */
function classifyHeadLedName(analysis: Analysis, shape: RunShape): DraftMention | undefined {
  const { run, first, last, firstNorm, headNorm, linkNorm, endsInName } = shape;
  const whole = (type: MentionType, country: string | null): DraftMention =>
    draft(analysis, first.firstToken, last.lastToken, type, country);
  // "Convention on the Elimination of All Forms of Discrimination against Women", "Office for the
  // Coordination of Humanitarian Affairs": a head noun, a linking word, then a name heads the whole
  // run. Such bodies are international unless a state is named; a ministry is the actor's.
  if (first.kind === 'name' && last.kind === 'name' && run.length > 2 && longNameLinks.has(linkNorm)) {
    if (documentHeads.has(firstNorm)) return whole('document', ownerCountry(run));
    if (isOrganizationHead(firstNorm) && !(linkNorm === 'of' && stateOrganHeads.has(firstNorm))) {
      const organ = firstNorm === 'ministry' || firstNorm === 'department';
      return whole('organization', ownerCountry(run) ?? (organ ? analysis.actorCountry : null));
    }
  }
  // A unit named with a number ("Detachment 88", "Squadron 12") is a state's force: the actor's.
  if (run.length === 2 && first.kind === 'name' && militaryUnitHeads.has(firstNorm) && last.kind === 'number') {
    return whole('organization', analysis.actorCountry);
  }
  // A legislature by its bare title ("Parliament passed…") is the actor state's.
  if (run.length === 1 && first.kind === 'name' && legislatureWords.has(firstNorm)) {
    return draft(analysis, first.firstToken, first.lastToken, 'organization', analysis.actorCountry);
  }
  // Documents: "Strategy 2050", "Resolution 2593", "Bill C-41", "the Doha Agreement". National
  // legislation ("Criminal Code") without a state in its name is the actor's.
  if (
    (documentHeads.has(firstNorm) && (run[1]?.kind === 'number' || hasDesignation(run))) ||
    (documentHeads.has(headNorm) && endsInName && run.length > 1)
  ) {
    const legislation = legislationHeads.has(headNorm) || legislationHeads.has(firstNorm);
    return whole('document', embeddedCountry(run) ?? (legislation ? analysis.actorCountry : null));
  }
  return undefined;
}

/** Names read off their head noun: funds, programmes, logistics networks, bodies, places, projects, "CASA-1000". */
function classifyByHead(analysis: Analysis, shape: RunShape): DraftMention | undefined {
  const { run, first, last, firstNorm, headNorm, headPreviousNorm, endsInName, firstEmbedded } = shape;
  const whole = (type: MentionType, country: string | null): DraftMention =>
    draft(analysis, first.firstToken, last.lastToken, type, country);
  const named = endsInName && run.length > 1;
  // Trust funds, and funds named for the focus country ("Afghanistan Humanitarian Fund"), are
  // financing vehicles for programmes: projects without a state. A donor's fund ("Qatar Fund for
  // Development", "Kuwait Fund for Arab Economic Development") is an institution: an organisation.
  if (
    named &&
    headNorm === 'fund' &&
    (headPreviousNorm === 'trust' ||
      (firstEmbedded?.type === 'country' && firstEmbedded.country === analysis.focusCountry))
  ) {
    return whole('project', null);
  }
  // A named programme or scheme is an undertaking (a project); a national one ("Federal Admission
  // Programme", "Hungarian Admission Scheme") is its state's. Bodies named "Programme" are
  // organisations and, when unknown to the gazetteer, show it by holding one ("UN Development Programme").
  if (named && programmeHeads.has(headNorm) && !shape.hasEmbeddedOrganization) {
    const national = run.some((element) => element.kind === 'name' && nationalWords.has(element.token.norm));
    return whole('project', ownerCountry(run) ?? (national ? analysis.actorCountry : null));
  }
  if (named && headNorm === 'network' && logisticsNetworkWords.has(headPreviousNorm)) return whole('project', null);
  const secondIsOf = shape.linkNorm === 'of';
  if (
    (endsInName || secondIsOf) &&
    run.length > 1 &&
    (isOrganizationHead(headNorm) ||
      ((organizationHeads.has(firstNorm) || stateOrganHeads.has(firstNorm)) && secondIsOf))
  ) {
    return whole('organization', bodyCountry(analysis, shape));
  }
  if (
    named &&
    placeHeads.has(headNorm) &&
    !run.some((element) => element.kind === 'embedded' && element.mention.type === 'country')
  ) {
    return whole('place', null);
  }
  if (named && projectHeads.has(headNorm)) return whole('project', null);
  // Acronym with a number ("CASA-1000") names a project.
  if (
    first.kind === 'name' &&
    first.token.allCaps &&
    run.length === 3 &&
    run[1]?.kind === 'joiner' &&
    last.kind === 'number'
  )
    return whole('project', null);
  return undefined;
}

/** The state of a body read off its head noun: an organ's (or a military formation's) state, else none. */
function bodyCountry(analysis: Analysis, shape: RunShape): string | null {
  const { run, firstNorm, headNorm, headPreviousNorm } = shape;
  const military = militaryUnitHeads.has(headNorm) || (headNorm === 'force' && headPreviousNorm === 'air');
  const organ = stateOrganHeads.has(headNorm) || stateOrganHeads.has(firstNorm) || military;
  // An organ named without its state ("the Foreign Office") is, in a state's profile, that state's.
  // A country inside the name ("Peace Japan Medical Services") is part of the name, not its owner.
  let organCountry =
    ownerCountry(run) ??
    (shape.hasEmbeddedOrganization || embeddedCountry(run) !== null ? null : analysis.actorCountry);
  // A unit named for the focus country ("Afghanistan Affairs Unit") works on it: it is the actor's.
  if (headNorm === 'unit' && organCountry === analysis.focusCountry) organCountry = analysis.actorCountry;
  return organ ? organCountry : null;
}

/** A run no head noun classifies: split at embedded names, each part read as a role and/or a person. */
function readPeopleInRun(
  analysis: Analysis,
  range: SentenceRange,
  run: readonly RunElement[],
  coveredBy: CoverMap,
): DraftMention[] {
  const results: DraftMention[] = [];
  let part: TokenElement[] = [];
  let before: DraftMention | undefined;
  const flush = (): void => {
    results.push(...readPeople(analysis, range, coveredBy, part, before ?? precedingMention(part, coveredBy)));
    part = [];
  };
  for (const element of run) {
    if (element.kind === 'embedded') {
      if (part.length > 0) flush();
      before = element.mention;
      continue;
    }
    part.push(element);
  }
  if (part.length > 0) flush();
  attachRoleToFollowingPerson(analysis, run, coveredBy);
  return results;
}

const firstWordCache = new WeakMap<Analysis, Int32Array>();

/** The sentence's first word token (computed once per sentence: every run of the sentence asks). */
function firstWordIndex(analysis: Analysis, range: SentenceRange): number {
  let firstWords = firstWordCache.get(analysis);
  if (!firstWords) firstWordCache.set(analysis, (firstWords = new Int32Array(analysis.sentences.length).fill(-1)));
  const cached = firstWords[range.index] as number;
  if (cached >= 0) return cached;
  let first = range.first;
  for (let k = range.first; k < range.end; k++) {
    if ((analysis.tokens[k] as Token).kind !== TokenKind.Punct) {
      first = k;
      break;
    }
  }
  firstWords[range.index] = first;
  return first;
}

function precedingMention(part: readonly RunElement[], coveredBy: CoverMap): DraftMention | undefined {
  const first = part[0];
  if (!first) return undefined;
  return coverAt(coveredBy, first.firstToken - 1);
}

/** A run part's stretch from its first to its last name word (empty when it holds none). */
function nameWordSpan(part: readonly TokenElement[]): readonly TokenElement[] {
  const from = part.findIndex((element) => element.kind === 'name');
  if (from < 0) return [];
  return part.slice(from, part.findLastIndex((element) => element.kind === 'name') + 1);
}

/**
 * Where the personal name starts in a run part: the trailing run of name words that are not role words (what stands
 * before it is the role); -1 when a number shows the part is no person.
 */
function personNameStart(part: readonly TokenElement[]): number {
  let nameStart = part.length;
  for (let element = part[nameStart - 1]; element; element = part[nameStart - 1]) {
    if (element.kind === 'number') return -1;
    const norm = element.token.norm;
    if (element.kind === 'connector') {
      if (!joinedConnectors.has(norm) && !nameParticles.has(norm)) break;
    } else if (element.kind === 'name') {
      if (roleHeads.has(norm) || roleModifiers.has(norm)) break;
    } else if (element.token.raw === '.') break;
    nameStart--;
  }
  while (part[nameStart] && part[nameStart]?.kind !== 'name') nameStart++;
  return nameStart;
}

/** Persons in a run part: a role phrase then a name, or a bare 2–4-word personal name. */
function readPeople(
  analysis: Analysis,
  range: SentenceRange,
  coveredBy: CoverMap,
  input: readonly TokenElement[],
  before: DraftMention | undefined,
): DraftMention[] {
  const part = nameWordSpan(input);
  const nameStart = personNameStart(part);
  if (nameStart < 0) return [];
  const nameElements = part.slice(nameStart);
  const firstElement = nameElements[0];
  const lastElement = nameElements.at(-1);
  if (!firstElement || !lastElement) return [];
  const nameWords = nameElements.filter((element) => element.kind === 'name');
  // An all-caps word is an acronym (JICA, UNAMA), never part of a personal name.
  if (nameWords.some((element) => element.token.allCaps && element.token.raw.length > 1)) return [];
  // Particles ("Al", "bin", "von") do not count: "Juma Mohammed Abdullah Al Kaabi" has four name words.
  const fullWords = nameWords.filter((element) => !nameParticleWords.has(element.token.norm));
  if (fullWords.length > 4 || fullWords.length === 0) return [];
  const rolePart = part.slice(0, nameStart);
  let role: string | undefined;
  if (rolePart.some((element) => element.kind === 'name' && roleHeads.has(element.token.norm))) {
    role = rolePhrase(analysis, rolePart);
  } else {
    if (rolePart.length > 0 && rolePart.some((element) => element.kind === 'name')) return [];
    role = roleBeforeName(analysis.tokens, nameElements, fullWords.length);
    if (role === undefined && !isBarePersonName(analysis, range, nameElements, fullWords.length)) return [];
  }
  const country =
    before && (before.type === 'country' || before.type === 'organization' || before.type === 'place')
      ? before.country
      : roleCountry(analysis, range, coveredBy);
  return [draft(analysis, firstElement.firstToken, lastElement.lastToken, 'person', role ? country : null, role)];
}

/** The role phrase before a name: from its first role modifier or head to its last name word. */
function rolePhrase(analysis: Analysis, rolePart: readonly TokenElement[]): string {
  const roleStart = rolePart.findIndex(
    (element) =>
      element.kind === 'name' && (roleModifiers.has(element.token.norm) || roleHeads.has(element.token.norm)),
  );
  let roleLast = rolePart.length - 1;
  while (roleLast > 0 && rolePart[roleLast]?.kind !== 'name') roleLast--;
  const from = rolePart[Math.max(0, roleStart)];
  const to = rolePart[roleLast];
  return from && to ? spanText(analysis, from.firstToken, to.lastToken) : '';
}

/**
 * A lowercase role word just before a name ("foreign minister Amir Khan Muttaqi"), or a person noun in apposition
 * ("one of its soldiers, Yoon Jang-ho,"): the role of a name with no role phrase of its own.
 */
function roleBeforeName(
  tokens: readonly Token[],
  nameElements: readonly TokenElement[],
  fullWordCount: number,
): string | undefined {
  const first = nameElements[0]?.firstToken ?? 0;
  const last = nameElements.at(-1)?.lastToken ?? 0;
  const previous = tokens[first - 1];
  const apposed = previous?.raw === ',' ? tokens[first - 2] : undefined;
  if (previous && previous.kind === TokenKind.Word && roleHeads.has(previous.norm)) return previous.raw;
  if (
    apposed &&
    apposed.kind === TokenKind.Word &&
    !apposed.capitalised &&
    (personCueNouns.has(apposed.norm) || roleHeads.has(apposed.norm)) &&
    fullWordCount >= 2 &&
    tokens[last + 1]?.raw === ','
  )
    return singular(apposed.raw);
  return undefined;
}

/**
 * A bare capitalised name (no role) is a person's when it has two or more full words, none of them common, an acronym
 * or a head noun, no hyphen inside a word, and some sign of a person around it or elsewhere in the text.
 */
function isBarePersonName(
  analysis: Analysis,
  range: SentenceRange,
  nameElements: readonly TokenElement[],
  fullWordCount: number,
): boolean {
  if (fullWordCount < 2) return false;
  if (
    nameElements.some(
      (element) =>
        element.kind === 'name' &&
        ((!isSyllableElement(element) && isCommonWord(analysis, element.token)) ||
          element.token.allCaps ||
          placeHeads.has(element.token.norm) ||
          organizationHeads.has(element.token.norm)),
    )
  )
    return false;
  if (
    nameElements.some(
      (element, i) =>
        element.kind === 'joiner' &&
        isJoiner(element.token) &&
        !isSyllableElement(nameElements[i + 1]) &&
        !isParticleElement(nameElements[i - 1]),
    )
  )
    return false;
  const first = nameElements[0]?.firstToken ?? 0;
  const last = nameElements.at(-1)?.lastToken ?? 0;
  return (
    hasPersonEvidence(analysis, range, first, last) ||
    (nameElements.some((element) => isParticleElement(element)) &&
      hasParticleNameEvidence(analysis, range, first, last))
  );
}

/** With a role but no state named next to it, a person serves the profile's actor when the sentence names the actor. */
function roleCountry(analysis: Analysis, range: SentenceRange, coveredBy: CoverMap): string | null {
  const actor = analysis.actorCountry;
  if (!actor) return null;
  // Once per sentence: every person of the sentence asks.
  let bySentence = roleCountryCache.get(analysis);
  if (!bySentence) roleCountryCache.set(analysis, (bySentence = new Map()));
  const cached = bySentence.get(range.index);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  for (let k = range.first; k < range.end && found === null; k++) {
    const mention = coverAt(coveredBy, k);
    if (mention && mention.country === actor && (mention.type === 'country' || mention.entity.capitalOf === actor))
      found = actor;
  }
  bySentence.set(range.index, found);
  return found;
}

const roleCountryCache = new WeakMap<Analysis, Map<number, string | null>>();

/**
 * "Trade and Integration Minister Bakhyt Sultanov" where the gazetteer knows the person: the role read here is theirs.
 */
function attachRoleToFollowingPerson(analysis: Analysis, run: readonly RunElement[], coveredBy: CoverMap): void {
  const last = run.at(-1);
  if (!last || last.kind !== 'name' || !roleHeads.has(last.token.norm)) return;
  const person = coverAt(coveredBy, last.lastToken + 1);
  if (!person || person.type !== 'person' || person.firstToken !== last.lastToken + 1) return;
  const roleStart = run.find(
    (element) =>
      element.kind === 'name' && (roleModifiers.has(element.token.norm) || roleHeads.has(element.token.norm)),
  );
  if (roleStart) person.role = spanText(analysis, roleStart.firstToken, last.lastToken);
}

/** "soldiers" → "soldier", "missionaries" → "missionary": the role a plural person noun gives one of them. */
function singular(noun: string): string {
  if (noun.endsWith('ies')) return `${noun.slice(0, -3)}y`;
  if (noun.endsWith('s') && !noun.endsWith('ss')) return noun.slice(0, -1);
  return noun;
}

const speechVerbs = new Set([
  'said',
  'says',
  'told',
  'stated',
  'noted',
  'argued',
  'added',
  'warned',
  'announced',
  'declared',
  'met',
  'visited',
]);

/**
 * A bare capitalised pair is a person only with some sign of one: a role word soon after it
 * (", the foreign minister", "as ambassador"), a verb of speech or meeting next to it, or its last
 * word standing alone elsewhere in the text ("Rahmon").
 */
function hasPersonEvidence(analysis: Analysis, range: SentenceRange, first: number, last: number): boolean {
  const { tokens } = analysis;
  for (let k = last + 1; k < range.end && k <= last + 7; k++) {
    const token = tokens[k] as Token;
    if (roleHeads.has(token.norm)) return true;
  }
  if (speechVerbs.has(tokens[last + 1]?.norm ?? '')) return true;
  const previous = tokens[first - 1];
  if (previous && (previous.norm === 'by' || speechVerbs.has(previous.norm))) return true;
  // The name's own last word counts only elsewhere ("al-Amelki" stands alone after its hyphen).
  const own = isStandalone(tokens, last) ? 1 : 0;
  return (standaloneNames(analysis).get((tokens[last] as Token).norm) ?? 0) > own;
}

/** A capitalised word with no capitalised word before or after it, not opening a sentence or line. */
function isStandalone(tokens: readonly Token[], k: number): boolean {
  const token = tokens[k] as Token;
  if (k < 1 || token.kind !== TokenKind.Word || !token.capitalised) return false;
  const before = tokens[k - 1] as Token;
  const after = tokens[k + 1];
  if ((before.kind === TokenKind.Word && before.capitalised) || (after?.kind === TokenKind.Word && after.capitalised))
    return false;
  return before.raw !== '.' && !before.newlineBefore;
}

/** A lowercase person particle inside a name ("al" in "Saif al-Adel", "bin" in "Osama bin Laden"). */
function isParticleElement(element: RunElement | undefined): boolean {
  if (element?.kind !== 'connector') return false;
  return !element.token.capitalised && personParticles.has(element.token.norm);
}

/**
 * Words near a name that show it is a person's: verbs of speech, leading and killing, a leader's title, a personal
 * pronoun.
 */
const personCueWords = new Set([
  'said',
  'says',
  'met',
  'led',
  'leads',
  'killed',
  'leader',
  'founder',
  'co-founder',
  'deputy',
  'commander',
  'his',
  'he',
  'him',
  'himself',
]);

/**
 * "Saif al-Adel is said to lead…", "Abu Bakr al-Baghdadi was killed": a name with a lowercase
 * particle is a person when a person cue stands within a few words of it in the sentence, or when
 * the text writes the same name again.
 */
function hasParticleNameEvidence(analysis: Analysis, range: SentenceRange, first: number, last: number): boolean {
  const { tokens } = analysis;
  for (let k = Math.max(range.first, first - 4); k < Math.min(range.end, last + 6); k++) {
    if (k >= first && k <= last) continue;
    if (personCueWords.has((tokens[k] as Token).norm)) return true;
  }
  return (nameWindowCounts(analysis, last - first + 1).get(spanText(analysis, first, last)) ?? 0) >= 2;
}

const nameWindowCache = new WeakMap<Analysis, Map<number, Map<string, number>>>();

/**
 * How often each text of `length` tokens starting at a capitalised word occurs in the document,
 * built once per length (a search of the whole text per name would cost the square of its length).
 */
function nameWindowCounts(analysis: Analysis, length: number): Map<string, number> {
  let byLength = nameWindowCache.get(analysis);
  if (!byLength) nameWindowCache.set(analysis, (byLength = new Map()));
  let counts = byLength.get(length);
  if (counts) return counts;
  counts = new Map();
  const { tokens } = analysis;
  for (let k = 0; k + length - 1 < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind !== TokenKind.Word || !token.capitalised) continue;
    const key = spanText(analysis, k, k + length - 1);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  byLength.set(length, counts);
  return counts;
}

const standaloneCache = new WeakMap<Analysis, Map<string, number>>();

/** Capitalised words written alone (no capitalised word before or after), counted once per document. */
function standaloneNames(analysis: Analysis): Map<string, number> {
  const cached = standaloneCache.get(analysis);
  if (cached) return cached;
  const { tokens } = analysis;
  const counts = new Map<string, number>();
  for (let k = 1; k < tokens.length; k++) {
    if (!isStandalone(tokens, k)) continue;
    const norm = (tokens[k] as Token).norm;
    counts.set(norm, (counts.get(norm) ?? 0) + 1);
  }
  standaloneCache.set(analysis, counts);
  return counts;
}

export const nameDetectorStage: ExtractionStage<'analysis' | 'gazetteerMentions', 'detectedNames'> = {
  name: 'names',
  requires: ['analysis', 'gazetteerMentions'],
  provides: ['detectedNames'],
  run: ({ analysis, gazetteerMentions }) => ({ detectedNames: detectNames(analysis, gazetteerMentions) }),
};
