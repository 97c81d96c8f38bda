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

type ElementKind = 'name' | 'number' | 'connector' | 'joiner' | 'embedded';

interface RunElement {
  kind: ElementKind;
  firstToken: number;
  lastToken: number;
  mention?: DraftMention;
}

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
      if (run.length === 0) {
        k++;
        continue;
      }
      k = (run[run.length - 1] as RunElement).lastToken + 1;
      for (const part of splitCoordination(analysis, run)) found.push(...classifyRun(analysis, range, part, coveredBy));
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
function splitCoordination(analysis: Analysis, run: RunElement[]): RunElement[][] {
  const { tokens } = analysis;
  const parts: RunElement[][] = [];
  let from = 0;
  let lastName = -1;
  for (let i = run.length - 1; i >= 0 && lastName < 0; i--)
    if ((run[i] as RunElement).kind === 'name' || (run[i] as RunElement).kind === 'embedded') lastName = i;
  for (let i = 1; i < run.length - 1; i++) {
    const element = run[i] as RunElement;
    const before = run[i - 1] as RunElement;
    if (element.kind !== 'connector' || (tokens[element.firstToken] as Token).norm !== 'and' || before.kind !== 'name')
      continue;
    if (!isHeadWord((tokens[before.firstToken] as Token).norm) || i - from < 2) continue;
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
        run.push({ kind: 'embedded', firstToken: k, lastToken: covering.lastToken, mention: covering });
        k = covering.lastToken + 1;
        continue;
      }
      break;
    }
    const previous = run[run.length - 1];
    if (isNameWord(token)) {
      run.push({ kind: 'name', firstToken: k, lastToken: k });
    } else if (
      token.kind === TokenKind.Number &&
      previous &&
      (previous.kind === 'name' || previous.kind === 'joiner')
    ) {
      run.push({ kind: 'number', firstToken: k, lastToken: k });
    } else if (
      previous &&
      previous.kind === 'name' &&
      token.raw === '.' &&
      !token.spaceBefore &&
      (titleAbbreviations.has((tokens[k - 1] as Token).norm) || (tokens[k - 1] as Token).raw.length === 1) &&
      isNameWord(tokens[k + 1] ?? token)
    ) {
      run.push({ kind: 'joiner', firstToken: k, lastToken: k });
    } else if (
      previous &&
      previous.kind === 'name' &&
      token.norm === "'" &&
      !token.spaceBefore &&
      (tokens[k - 1] as Token).norm.endsWith('s') &&
      isNameWord(tokens[k + 1] ?? token)
    ) {
      run.push({ kind: 'joiner', firstToken: k, lastToken: k });
    } else if (
      previous &&
      previous.kind !== 'connector' &&
      previous.kind !== 'joiner' &&
      isJoiner(token) &&
      !token.spaceBefore
    ) {
      run.push({ kind: 'joiner', firstToken: k, lastToken: k });
    } else if (previous && previous.kind === 'joiner' && isGivenNameSyllable(tokens, run, k)) {
      run.push({ kind: 'name', firstToken: k, lastToken: k });
    } else if (
      previous &&
      previous.kind === 'joiner' &&
      token.kind === TokenKind.Word &&
      joinedConnectors.has(token.norm)
    ) {
      run.push({ kind: 'connector', firstToken: k, lastToken: k });
    } else if (
      previous &&
      (previous.kind === 'name' ||
        previous.kind === 'embedded' ||
        (previous.kind === 'connector' &&
          nameParticles.has((tokens[previous.firstToken] as Token).norm) &&
          nameParticles.has(token.norm))) &&
      token.kind === TokenKind.Word &&
      connectors.has(token.norm)
    ) {
      run.push({ kind: 'connector', firstToken: k, lastToken: k });
    } else if (previous && token.kind === TokenKind.Word && continuesLongName(analysis, run, k, coveredBy)) {
      run.push({ kind: 'connector', firstToken: k, lastToken: k });
    } else if (
      previous?.kind === 'connector' &&
      isJoiner(token) &&
      !token.spaceBefore &&
      personParticles.has((tokens[previous.firstToken] as Token).norm) &&
      isNameWord(tokens[k + 1] ?? token)
    ) {
      // "Saif al-Adel": a particle glued to the next name part.
      run.push({ kind: 'joiner', firstToken: k, lastToken: k });
    } else {
      break;
    }
    k++;
  }
  // Trailing connectors and joiners are not part of a name.
  while (
    run.length > 0 &&
    ((run[run.length - 1] as RunElement).kind === 'connector' || (run[run.length - 1] as RunElement).kind === 'joiner')
  )
    run.pop();
  return run;
}

/** Lowercase particles of Arabic and Persian personal names ("Saif al-Adel", "Osama bin Laden", "Zorvan abu Amel"). */
const personParticles = new Set(['al', 'el', 'bin', 'ibn', 'abu']);
/** Function words inside long official names ("Convention on the Elimination … against Women"). */
const longNameLinks = new Set(['of', 'on', 'for', 'against', 'to', 'in']);

/** The run so far opens (after any leading function word) with a head noun: "the Office …", "Convention …". */
function opensWithHead(tokens: readonly Token[], run: readonly RunElement[]): boolean {
  for (const element of run) {
    if (element.kind !== 'name') return false;
    const norm = (tokens[element.firstToken] as Token).norm;
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
  const previous = run[run.length - 1] as RunElement;
  const next = tokens[k + 1];
  // "… against Torture in Geneva": a known place or country after the link is where, not part of the name.
  if (!next || next.newlineBefore || coverAt(coveredBy, k + 1) || coverAt(coveredBy, k + 2)) return false;
  const nextIsName = isNameWord(next) && !isCommonWord(analysis, next);
  if (previous.kind === 'name' && (token.norm === 'against' || token.norm === 'to' || token.norm === 'in')) {
    if (!nextIsName && !(next.norm === 'the' && isNameWord(tokens[k + 2] ?? token))) return false;
  } else if (
    previous.kind === 'connector' &&
    token.norm === 'the' &&
    longNameLinks.has((tokens[previous.firstToken] as Token).norm)
  ) {
    if (!nextIsName) return false;
  } else {
    return false;
  }
  return opensWithHead(tokens, run);
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
  const firstToken = tokens[firstSyllable.firstToken] as Token;
  const surnameToken = tokens[surname.firstToken] as Token;
  return (
    firstToken.raw.length <= 5 &&
    surnameToken.raw.length <= 5 &&
    !firstToken.allCaps &&
    !surnameToken.allCaps &&
    surname.lastToken === firstSyllable.firstToken - 1
  );
}

/** The lowercase syllable of a hyphenated given name (a name element not written with a capital). */
const isSyllableElement = (tokens: readonly Token[], element: RunElement): boolean =>
  element.kind === 'name' && !(tokens[element.firstToken] as Token).capitalised;

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
function ownerCountry(analysis: Analysis, run: readonly RunElement[]): string | null {
  for (let i = 0; i < run.length; i++) {
    const element = run[i] as RunElement;
    if (element.kind !== 'embedded' || !element.mention || element.mention.type === 'organization') continue;
    const previous = run[i - 1];
    const norm = previous ? (analysis.tokens[previous.firstToken] as Token).norm : '';
    if (i === 0 || (previous?.kind === 'connector' && norm === 'of')) return element.mention.country;
  }
  return null;
}

/** A head followed by an alphanumeric designation only: "Bill C-41" (a short capital, a hyphen, a number). */
function hasDesignation(tokens: readonly Token[], run: readonly RunElement[]): boolean {
  if (run.length !== 4) return false;
  const [, letters, joiner, number] = run as [RunElement, RunElement, RunElement, RunElement];
  const lettersToken = tokens[letters.firstToken] as Token;
  return (
    letters.kind === 'name' &&
    /^[A-Z]{1,3}$/.test(lettersToken.raw) &&
    joiner.kind === 'joiner' &&
    number.kind === 'number'
  );
}

function embeddedCountry(run: readonly RunElement[]): string | null {
  for (const element of run)
    if (element.kind === 'embedded' && element.mention && element.mention.type !== 'organization')
      return element.mention.country;
  return null;
}

function classifyRun(
  analysis: Analysis,
  range: SentenceRange,
  input: RunElement[],
  coveredBy: CoverMap,
): DraftMention[] {
  const { tokens } = analysis;
  // A sentence's first word is capitalised anyway: drop it when it is a common word. (One slice at
  // the end: slicing per dropped element would cost the square of the run's length.)
  const sentenceFirst = firstWordIndex(analysis, range);
  let dropped = 0;
  while (dropped < input.length) {
    const head = input[dropped] as RunElement;
    if (head.kind === 'connector' || head.kind === 'joiner') dropped++;
    else if (
      head.kind === 'name' &&
      (head.firstToken === sentenceFirst || functionWords.has((tokens[head.firstToken] as Token).norm)) &&
      isCommonWord(analysis, tokens[head.firstToken] as Token)
    )
      dropped++;
    else if (head.kind === 'name' && genericAcronyms.has((tokens[head.firstToken] as Token).norm)) dropped++;
    else break;
  }
  const run = dropped === 0 ? input : input.slice(dropped);
  if (!run.some((element) => element.kind === 'name')) return [];
  const first = run[0] as RunElement;
  const last = run[run.length - 1] as RunElement;
  const lastWord = [...run].reverse().find((element) => element.kind === 'name');
  let headNorm = lastWord ? (tokens[lastWord.firstToken] as Token).norm : '';
  // "Law and Order Trust Fund for Afghanistan", "Development Strategy of New Uzbekistan": a head
  // noun followed by "for"/"of" and a proper-name tail heads the whole run.
  let headIndex = lastWord ? run.lastIndexOf(lastWord) : -1;
  let headedByTail = false;
  if (last.kind !== 'name' || !isHeadWord(headNorm)) {
    for (let i = run.length - 2; i > 0; i--) {
      const element = run[i] as RunElement;
      if (element.kind !== 'connector') continue;
      const norm = (tokens[element.firstToken] as Token).norm;
      if (norm !== 'for' && norm !== 'of') break;
      const before = run[i - 1] as RunElement;
      if (
        before.kind === 'name' &&
        i > 1 &&
        isHeadWord((tokens[before.firstToken] as Token).norm) &&
        run.slice(i + 1).every((tail) => tail.kind === 'name' || tail.kind === 'embedded')
      ) {
        headNorm = (tokens[before.firstToken] as Token).norm;
        headIndex = i - 1;
        headedByTail = true;
      }
      break;
    }
  }
  const headPrevious = headIndex > 0 ? run[headIndex - 1] : undefined;
  const headPreviousNorm = headPrevious?.kind === 'name' ? (tokens[headPrevious.firstToken] as Token).norm : '';
  const endsInName = last.kind === 'name' || headedByTail;
  const hasEmbeddedOrganization = run.some(
    (element) => element.kind === 'embedded' && element.mention?.type === 'organization',
  );
  const firstEmbedded = run[0]?.kind === 'embedded' ? run[0].mention : undefined;
  const firstNorm = first.kind === 'name' ? (tokens[first.firstToken] as Token).norm : '';
  const secondIsOf = run[1]?.kind === 'connector' && (tokens[(run[1] as RunElement).firstToken] as Token).norm === 'of';

  // "Convention on the Elimination of All Forms of Discrimination against Women", "Office for the
  // Coordination of Humanitarian Affairs": a head noun, a linking word, then a name heads the whole
  // run. Such bodies are international unless a state is named; a ministry is the actor's.
  const linkNorm = run[1]?.kind === 'connector' ? (tokens[(run[1] as RunElement).firstToken] as Token).norm : '';
  if (first.kind === 'name' && last.kind === 'name' && run.length > 2 && longNameLinks.has(linkNorm)) {
    if (documentHeads.has(firstNorm))
      return [draft(analysis, first.firstToken, last.lastToken, 'document', ownerCountry(analysis, run))];
    if (isOrganizationHead(firstNorm) && !(secondIsOf && stateOrganHeads.has(firstNorm))) {
      const organ = firstNorm === 'ministry' || firstNorm === 'department';
      return [
        draft(
          analysis,
          first.firstToken,
          last.lastToken,
          'organization',
          ownerCountry(analysis, run) ?? (organ ? analysis.actorCountry : null),
        ),
      ];
    }
  }
  // A unit named with a number ("Detachment 88", "Squadron 12") is a state's force: the actor's.
  if (run.length === 2 && first.kind === 'name' && militaryUnitHeads.has(firstNorm) && last.kind === 'number') {
    return [draft(analysis, first.firstToken, last.lastToken, 'organization', analysis.actorCountry)];
  }
  // A legislature by its bare title ("Parliament passed…") is the actor state's.
  if (run.length === 1 && first.kind === 'name' && legislatureWords.has(firstNorm)) {
    return [draft(analysis, first.firstToken, first.lastToken, 'organization', analysis.actorCountry)];
  }
  // Documents: "Strategy 2050", "Resolution 2593", "Bill C-41", "the Doha Agreement". National
  // legislation ("Criminal Code") without a state in its name is the actor's.
  if (
    (documentHeads.has(firstNorm) && (run[1]?.kind === 'number' || hasDesignation(tokens, run))) ||
    (documentHeads.has(headNorm) && endsInName && run.length > 1)
  ) {
    const legislation = legislationHeads.has(headNorm) || legislationHeads.has(firstNorm);
    return [
      draft(
        analysis,
        first.firstToken,
        last.lastToken,
        'document',
        embeddedCountry(run) ?? (legislation ? analysis.actorCountry : null),
      ),
    ];
  }
  // Trust funds, and funds named for the focus country ("Afghanistan Humanitarian Fund"), are
  // financing vehicles for programmes: projects without a state. A donor's fund ("Qatar Fund for
  // Development", "Kuwait Fund for Arab Economic Development") is an institution: an organisation.
  if (
    endsInName &&
    run.length > 1 &&
    headNorm === 'fund' &&
    (headPreviousNorm === 'trust' ||
      (firstEmbedded?.type === 'country' && firstEmbedded.country === analysis.focusCountry))
  ) {
    return [draft(analysis, first.firstToken, last.lastToken, 'project', null)];
  }
  // A named programme or scheme is an undertaking (a project); a national one ("Federal Admission
  // Programme", "Hungarian Admission Scheme") is its state's. Bodies named "Programme" are
  // organisations and, when unknown to the gazetteer, show it by holding one ("UN Development Programme").
  if (endsInName && run.length > 1 && programmeHeads.has(headNorm) && !hasEmbeddedOrganization) {
    const national = run.some(
      (element) => element.kind === 'name' && nationalWords.has((tokens[element.firstToken] as Token).norm),
    );
    return [
      draft(
        analysis,
        first.firstToken,
        last.lastToken,
        'project',
        ownerCountry(analysis, run) ?? (national ? analysis.actorCountry : null),
      ),
    ];
  }
  if (endsInName && run.length > 1 && headNorm === 'network' && logisticsNetworkWords.has(headPreviousNorm)) {
    return [draft(analysis, first.firstToken, last.lastToken, 'project', null)];
  }
  if (
    (endsInName || secondIsOf) &&
    run.length > 1 &&
    (isOrganizationHead(headNorm) ||
      ((organizationHeads.has(firstNorm) || stateOrganHeads.has(firstNorm)) && secondIsOf))
  ) {
    const military = militaryUnitHeads.has(headNorm) || (headNorm === 'force' && headPreviousNorm === 'air');
    const organ = stateOrganHeads.has(headNorm) || stateOrganHeads.has(firstNorm) || military;
    // An organ named without its state ("the Foreign Office") is, in a state's profile, that state's.
    // A country inside the name ("Peace Japan Medical Services") is part of the name, not its owner.
    let organCountry =
      ownerCountry(analysis, run) ??
      (hasEmbeddedOrganization || embeddedCountry(run) !== null ? null : analysis.actorCountry);
    // A unit named for the focus country ("Afghanistan Affairs Unit") works on it: it is the actor's.
    if (headNorm === 'unit' && organCountry === analysis.focusCountry) organCountry = analysis.actorCountry;
    return [draft(analysis, first.firstToken, last.lastToken, 'organization', organ ? organCountry : null)];
  }
  if (
    endsInName &&
    run.length > 1 &&
    placeHeads.has(headNorm) &&
    !run.some((element) => element.kind === 'embedded' && element.mention?.type === 'country')
  ) {
    return [draft(analysis, first.firstToken, last.lastToken, 'place', null)];
  }
  if (endsInName && run.length > 1 && projectHeads.has(headNorm)) {
    return [draft(analysis, first.firstToken, last.lastToken, 'project', null)];
  }
  // Acronym with a number ("CASA-1000") names a project.
  if (
    first.kind === 'name' &&
    (tokens[first.firstToken] as Token).allCaps &&
    run.length === 3 &&
    run[1]?.kind === 'joiner' &&
    last.kind === 'number'
  ) {
    return [draft(analysis, first.firstToken, last.lastToken, 'project', null)];
  }
  // Otherwise split at embedded names and read each part as a role and/or a person.
  const results: DraftMention[] = [];
  let part: RunElement[] = [];
  let before: DraftMention | undefined;
  const flush = (after: DraftMention | undefined): void => {
    results.push(
      ...readPeople(analysis, range, coveredBy, part, before ?? precedingMention(analysis, part, coveredBy), after),
    );
    part = [];
  };
  for (const element of run) {
    if (element.kind === 'embedded') {
      if (part.length > 0) flush(element.mention);
      before = element.mention;
      continue;
    }
    part.push(element);
  }
  if (part.length > 0) flush(undefined);
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

function precedingMention(
  analysis: Analysis,
  part: readonly RunElement[],
  coveredBy: CoverMap,
): DraftMention | undefined {
  const first = part[0];
  if (!first) return undefined;
  return coverAt(coveredBy, first.firstToken - 1);
}

/** Persons in a run part: a role phrase then a name, or a bare 2–4-word personal name. */
function readPeople(
  analysis: Analysis,
  range: SentenceRange,
  coveredBy: CoverMap,
  part: RunElement[],
  before: DraftMention | undefined,
  _after: DraftMention | undefined,
): DraftMention[] {
  const { tokens } = analysis;
  while (part.length > 0 && (part[part.length - 1] as RunElement).kind !== 'name') part.pop();
  let leading = 0;
  while (leading < part.length && (part[leading] as RunElement).kind !== 'name') leading++;
  if (leading > 0) part = part.slice(leading);
  if (part.length === 0) return [];
  // The name is the trailing run of name words that are not role words; what stands before it is the role.
  let nameStart = part.length;
  while (nameStart > 0) {
    const element = part[nameStart - 1] as RunElement;
    if (element.kind === 'number') return [];
    if (element.kind === 'connector') {
      if (
        !joinedConnectors.has((tokens[element.firstToken] as Token).norm) &&
        !nameParticles.has((tokens[element.firstToken] as Token).norm)
      )
        break;
    } else if (element.kind === 'name') {
      const norm = (tokens[element.firstToken] as Token).norm;
      if (roleHeads.has(norm) || roleModifiers.has(norm)) break;
    } else if ((tokens[element.firstToken] as Token).raw === '.') break;
    nameStart--;
  }
  while (nameStart < part.length && (part[nameStart] as RunElement).kind !== 'name') nameStart++;
  const nameElements = part.slice(nameStart);
  if (nameElements.length === 0) return [];
  const nameWords = nameElements.filter((element) => element.kind === 'name');
  // An all-caps word is an acronym (JICA, UNAMA), never part of a personal name.
  if (
    nameWords.some(
      (element) =>
        (tokens[element.firstToken] as Token).allCaps && (tokens[element.firstToken] as Token).raw.length > 1,
    )
  )
    return [];
  // Particles ("Al", "bin", "von") do not count: "Juma Mohammed Abdullah Al Kaabi" has four name words.
  const fullWords = nameWords.filter((element) => !nameParticleWords.has((tokens[element.firstToken] as Token).norm));
  if (fullWords.length > 4 || fullWords.length === 0) return [];
  const rolePart = part.slice(0, nameStart);
  const hasRoleHead = rolePart.some(
    (element) => element.kind === 'name' && roleHeads.has((tokens[element.firstToken] as Token).norm),
  );
  let role: string | undefined;
  if (hasRoleHead) {
    const roleStart = rolePart.findIndex(
      (element) =>
        element.kind === 'name' &&
        (roleModifiers.has((tokens[element.firstToken] as Token).norm) ||
          roleHeads.has((tokens[element.firstToken] as Token).norm)),
    );
    let roleLast = rolePart.length - 1;
    while (roleLast > 0 && (rolePart[roleLast] as RunElement).kind !== 'name') roleLast--;
    role = spanText(
      analysis,
      (rolePart[Math.max(0, roleStart)] as RunElement).firstToken,
      (rolePart[roleLast] as RunElement).lastToken,
    );
  } else {
    if (rolePart.length > 0 && rolePart.some((element) => element.kind === 'name')) return [];
    // A lowercase role word just before the name: "foreign minister Amir Khan Muttaqi".
    const previous = tokens[(nameElements[0] as RunElement).firstToken - 1];
    const apposed = previous?.raw === ',' ? tokens[(nameElements[0] as RunElement).firstToken - 2] : undefined;
    if (previous && previous.kind === TokenKind.Word && roleHeads.has(previous.norm)) role = previous.raw;
    // "one of its soldiers, Yoon Jang-ho,": a person noun in apposition is the role.
    else if (
      apposed &&
      apposed.kind === TokenKind.Word &&
      !apposed.capitalised &&
      (personCueNouns.has(apposed.norm) || roleHeads.has(apposed.norm)) &&
      fullWords.length >= 2 &&
      tokens[(nameElements[nameElements.length - 1] as RunElement).lastToken + 1]?.raw === ','
    )
      role = singular(apposed.raw);
    else if (fullWords.length < 2) return [];
    else if (
      nameWords.some(
        (element) =>
          (!isSyllableElement(tokens, element) && isCommonWord(analysis, tokens[element.firstToken] as Token)) ||
          (tokens[element.firstToken] as Token).allCaps ||
          placeHeads.has((tokens[element.firstToken] as Token).norm) ||
          organizationHeads.has((tokens[element.firstToken] as Token).norm),
      )
    )
      return [];
    else if (
      nameElements.some(
        (element, i) =>
          element.kind === 'joiner' &&
          isJoiner(tokens[element.firstToken] as Token) &&
          !(nameElements[i + 1] && isSyllableElement(tokens, nameElements[i + 1] as RunElement)) &&
          !isParticleElement(tokens, nameElements[i - 1]),
      )
    )
      return [];
    else if (
      !hasPersonEvidence(
        analysis,
        range,
        (nameElements[0] as RunElement).firstToken,
        (nameElements[nameElements.length - 1] as RunElement).lastToken,
      ) &&
      !(
        nameElements.some((element) => isParticleElement(tokens, element)) &&
        hasParticleNameEvidence(analysis, range, nameElements)
      )
    )
      return [];
  }
  const country =
    before && (before.type === 'country' || before.type === 'organization' || before.type === 'place')
      ? before.country
      : roleCountry(analysis, range, coveredBy);
  const first = (nameElements[0] as RunElement).firstToken;
  const last = (nameElements[nameElements.length - 1] as RunElement).lastToken;
  return [draft(analysis, first, last, 'person', role ? country : null, role)];
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
  const { tokens } = analysis;
  const last = run[run.length - 1];
  if (!last || last.kind !== 'name' || !roleHeads.has((tokens[last.firstToken] as Token).norm)) return;
  const person = coverAt(coveredBy, last.lastToken + 1);
  if (!person || person.type !== 'person' || person.firstToken !== last.lastToken + 1) return;
  const roleStart = run.find(
    (element) =>
      element.kind === 'name' &&
      (roleModifiers.has((tokens[element.firstToken] as Token).norm) ||
        roleHeads.has((tokens[element.firstToken] as Token).norm)),
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
function isParticleElement(tokens: readonly Token[], element: RunElement | undefined): boolean {
  if (element?.kind !== 'connector') return false;
  const token = tokens[element.firstToken] as Token;
  return !token.capitalised && personParticles.has(token.norm);
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
function hasParticleNameEvidence(
  analysis: Analysis,
  range: SentenceRange,
  nameElements: readonly RunElement[],
): boolean {
  const { tokens } = analysis;
  const first = (nameElements[0] as RunElement).firstToken;
  const last = (nameElements[nameElements.length - 1] as RunElement).lastToken;
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
