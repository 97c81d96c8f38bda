// Stage: gazetteer mentions. Longest-match of every known name over the whole text (title,
// headings and body); where it found nothing, names written in another transliteration
// ("Kondouz", "Ashqabat", "Mazari Sharif") by their transliteration key. Then a known project's
// kind noun written after it joins its span ("TAPI pipeline"), a "trans-" prefix plus a kind noun
// makes a project ("trans-Afghan railway"), and places or countries chained by dashes before a
// kind noun name one project ("Baku–Tbilisi–Kars railway", "China–Kyrgyzstan–Uzbekistan
// railway"; the rule for chains of two and for acronyms in parentheses: joinDashedChains).
import { slugify } from '../../model/index.js';
import type { Analysis } from '../analysis.js';
import {
  matchGazetteer,
  matchTransliteration,
  type GazetteerMatch,
  type KnownEntity,
  type TrieNode,
} from '../gazetteer-index.js';
import { functionWords, monthNumbers, placeHeads, projectHeads, weekdays } from '../lexicons.js';
import { TokenKind, isJoiner, type Token } from '../tokenizer.js';
import { englishLookalikes } from '../transliteration-key.js';
import { byStart, type DraftMention } from './draft-mention.js';
import type { ExtractionStage } from '../stage.js';

/** Administrative division nouns that name a unit only when capitalised as part of its name. */
const divisionNouns: ReadonlySet<string> = new Set([
  'province',
  'region',
  'district',
  'oblast',
  'county',
  'governorate',
  'prefecture',
  'state',
]);

/**
 * Exact matches, and matches by transliteration key over the words they leave: capitalised words
 * (not all capitals: acronyms) that are no common word — not a function word, month or weekday,
 * not written in lowercase anywhere in the document, not an English word known to look like a
 * name's variant (englishLookalikes). A trailing capitalised head noun ("Province") may be left
 * out of the name.
 */
function findNameMatches(analysis: Analysis): GazetteerMatch[] {
  const { tokens, gazetteer, lowercaseWords } = analysis;
  const exact = matchGazetteer(gazetteer, tokens);
  if (gazetteer.byKey.size === 0) return exact;
  const covered = new Uint8Array(tokens.length);
  for (const match of exact) covered.fill(1, match.firstToken, match.lastToken + 1);
  const isNameWord = (k: number): boolean => {
    const token = tokens[k] as Token;
    if (token.kind !== TokenKind.Word || !token.capitalised || token.allCaps) return false;
    const norm = token.norm;
    return (
      !functionWords.has(norm) &&
      !lowercaseWords.has(norm) &&
      !monthNumbers.has(norm) &&
      !weekdays.has(norm) &&
      !englishLookalikes.has(norm)
    );
  };
  const isDroppable = (k: number): boolean => {
    const norm = (tokens[k] as Token).norm;
    return placeHeads.has(norm) || projectHeads.has(norm) || divisionNouns.has(norm);
  };
  const byKey = matchTransliteration(gazetteer, tokens, covered, isNameWord, isDroppable);
  if (byKey.length === 0) return exact;
  return [...exact, ...byKey].sort((a, b) => a.firstToken - b.firstToken);
}

export function findGazetteerMentions(analysis: Analysis): DraftMention[] {
  const { tokens, gazetteer } = analysis;
  const mentions: DraftMention[] = [];
  for (const match of findNameMatches(analysis)) {
    const entity = match.entity;
    let lastToken = match.lastToken;
    let first = match.firstToken;
    let type = entity.type;
    let resolved: KnownEntity = entity;
    const next = tokens[lastToken + 1];
    const headFollows =
      next !== undefined && next.kind === TokenKind.Word && !next.newlineBefore && projectHeads.has(next.norm);
    const secondNext = tokens[lastToken + 2];
    if (entity.type === 'project' && headFollows && !next.capitalised) {
      lastToken++;
    } else if (
      entity.type === 'project' &&
      next &&
      secondNext &&
      (next.norm === 'power' || next.norm === 'transmission' || next.norm === 'gas' || next.norm === 'oil') &&
      secondNext.norm !== next.norm &&
      projectHeads.has(secondNext.norm) &&
      !next.capitalised &&
      !secondNext.capitalised
    ) {
      lastToken += 2;
    } else if ((entity.type === 'country' || entity.type === 'place') && headFollows) {
      // "trans-Afghan railway", "Trans-Caspian pipeline": prefix + joiner + name + kind noun.
      const joiner = tokens[first - 1];
      const prefix = tokens[first - 2];
      if (
        joiner &&
        prefix &&
        isJoiner(joiner) &&
        !joiner.spaceBefore &&
        !joiner.newlineBefore &&
        (prefix.norm === 'trans' || prefix.norm === 'cross')
      ) {
        first -= 2;
        lastToken++;
        const name = analysis.text.slice((tokens[first] as Token).start, (tokens[lastToken] as Token).end);
        const id = slugify(name);
        resolved = gazetteer.entities.get(id) ?? {
          id,
          type: 'project',
          name,
          country: null,
          wikidata: null,
          aliases: [],
        };
        type = resolved.type;
      }
    }
    // "Faryab province", "Sughd region": a generic division noun written in lowercase after a
    // place name is not part of the name (the annotators' rule); "Faryab Province" stays whole.
    const last = tokens[lastToken] as Token;
    if (type === 'place' && lastToken > first && !last.capitalised && divisionNouns.has(last.norm)) lastToken--;
    const startToken = tokens[first] as Token;
    const endToken = tokens[lastToken] as Token;
    mentions.push({
      start: startToken.start,
      end: endToken.end,
      firstToken: first,
      lastToken,
      type,
      entity: resolved,
      country: resolved.country,
      source: 'gazetteer',
    });
  }
  return joinDashedChains(analysis, mentions);
}

/** Lowercase words between a chain and its kind noun that belong to the name ("power line", "gas pipeline"). */
const kindModifiers: ReadonlySet<string> = new Set([
  'power',
  'transmission',
  'gas',
  'oil',
  'rail',
  'railway',
  'electricity',
  'energy',
  'transport',
]);

/** Kind nouns that make a chain of only two names a project: built routes, not a "line" or a "zone". */
const routeHeads: ReadonlySet<string> = new Set([
  'railway',
  'railroad',
  'pipeline',
  'highway',
  'road',
  'canal',
  'corridor',
  'interconnector',
  'tunnel',
]);

interface KindPhrase {
  /** Last token of the kind phrase ("line" of "power line"). */
  last: number;
  /** A two-name chain before it names a project. */
  route: boolean;
}

/** The lowercase kind phrase at k: a project head, or a kind modifier and a head ("power line"). */
function kindPhraseAt(tokens: readonly Token[], k: number): KindPhrase | null {
  const word = tokens[k];
  if (!word || word.kind !== TokenKind.Word || word.capitalised || word.newlineBefore) return null;
  if (kindModifiers.has(word.norm)) {
    const head = tokens[k + 1];
    if (
      head &&
      head.kind === TokenKind.Word &&
      !head.capitalised &&
      !head.newlineBefore &&
      head.norm !== word.norm &&
      projectHeads.has(head.norm)
    )
      return { last: k + 1, route: true };
  }
  return projectHeads.has(word.norm) ? { last: k, route: routeHeads.has(word.norm) } : null;
}

/** The acronym in parentheses at k ("(TUTAP)"): the token range inside them, or null. */
function parenthesisedAt(tokens: readonly Token[], k: number): { first: number; last: number } | null {
  if (tokens[k]?.raw !== '(') return null;
  for (let close = k + 2; close <= k + 4 && close < tokens.length; close++) {
    const token = tokens[close] as Token;
    if (token.newlineBefore) return null;
    if (token.raw === ')') return { first: k + 1, last: close - 1 };
  }
  return null;
}

/**
 * A project mention written as a chain ("Tajikistan–Afghanistan–Pakistan railway"): capitalised
 * names joined by dashes, then its kind phrase up to the mention's end. The last token of the
 * names and how many dash-joined names there are, or null.
 */
function chainProjectNames(tokens: readonly Token[], mention: DraftMention): { last: number; links: number } | null {
  let links = 1;
  let k = mention.firstToken;
  for (; k < mention.lastToken; k++) {
    const token = tokens[k] as Token;
    if (isJoiner(token)) links++;
    else if (
      token.kind === TokenKind.Word &&
      !token.capitalised &&
      (token.norm === 'i' || token.norm === 'e') &&
      isJoiner(tokens[k + 1] as Token)
    )
      links -= 2; // "Mazar-i-Sharif" is one name
    else if (token.kind !== TokenKind.Word || !token.capitalised) break;
  }
  const kind = kindPhraseAt(tokens, k);
  return links >= 2 && k > mention.firstToken && kind?.last === mention.lastToken ? { last: k - 1, links } : null;
}

/**
 * The project the gazetteer names with a chain's links [first..last] and the kind phrase the text
 * writes after them (kindFirst..kindLast; an acronym in parentheses may stand between, as in
 * "Turkmenistan–Afghanistan–Pakistan–India (TAPI) pipeline"). A bare "project" stands for any kind
 * the gazetteer gives those links, if it gives exactly one project ("Turkmenistan–Uzbekistan–
 * Tajikistan–Afghanistan–Pakistan project" → the power project): the trie is walked below the links
 * through at most two lowercase kind words, never another name, so "Uzbekistan–Afghanistan" is not
 * read as the Uzbekistan–Afghanistan–Pakistan railway.
 */
function projectNamedByLinks(
  analysis: Analysis,
  first: number,
  last: number,
  kindFirst: number,
  kindLast: number,
): KnownEntity | null {
  const { tokens, gazetteer } = analysis;
  let node: TrieNode | undefined = gazetteer.root;
  for (let k = first; k <= last && node; k++) {
    const token = tokens[k] as Token;
    if (!isJoiner(token)) node = node.next.get(token.norm);
  }
  if (!node) return null;
  let written: TrieNode | undefined = node;
  for (let k = kindFirst; k <= kindLast && written; k++) written = written.next.get((tokens[k] as Token).norm);
  const named = written?.terminals.find((terminal) => terminal.entity.type === 'project');
  if (named) return named.entity;
  if (kindFirst !== kindLast || (tokens[kindLast] as Token).norm !== 'project') return null;
  let found: KnownEntity | null = null;
  const visit = (at: TrieNode, depth: number): boolean => {
    for (const [word, child] of at.next) {
      if (!kindModifiers.has(word) && !projectHeads.has(word)) continue;
      for (const terminal of child.terminals) {
        if (terminal.entity.type !== 'project') continue;
        if (found && found.id !== terminal.entity.id) return false;
        found = terminal.entity;
      }
      if (depth < 2 && !visit(child, depth + 1)) return false;
    }
    return true;
  };
  return visit(node, 1) ? found : null;
}

/**
 * The project a dashed chain (tokens `chain.first` to `chain.last`) and its kind phrase (from `kindStart`, if any)
 * name: the gazetteer project of that name, else the one named by the links and the kind phrase, else a new project
 * with the slug of the name as id.
 */
function chainProject(
  analysis: Analysis,
  chain: { first: number; last: number },
  kindStart: number,
  kind: ReturnType<typeof kindPhraseAt>,
): KnownEntity {
  const { tokens, gazetteer } = analysis;
  const chainText = analysis.text.slice((tokens[chain.first] as Token).start, (tokens[chain.last] as Token).end);
  const name = kind
    ? `${chainText} ${analysis.text.slice((tokens[kindStart] as Token).start, (tokens[kind.last] as Token).end)}`
    : chainText;
  const id = slugify(name);
  const named = gazetteer.entities.get(id);
  const byLinks = kind ? projectNamedByLinks(analysis, chain.first, chain.last, kindStart, kind.last) : null;
  return (
    (named?.type === 'project' ? named : null) ??
    byLinks ?? { id, type: 'project', name, country: null, wikidata: null, aliases: [] }
  );
}

/**
 * "Baku–Tbilisi–Kars railway", "Termez–Mazar-i-Sharif railway", "China–Kyrgyzstan–Uzbekistan
 * railway", "Turkmenistan–Uzbekistan–Tajikistan–Afghanistan–Pakistan (TUTAP) project": two or more
 * places, countries (or capitalised names) joined by dashes written without spaces, then a
 * lowercase kind phrase ("railway", "power line"), are one project; the longest name wins over the
 * places inside it. At least one link must be a known place or country, so that any hyphenated
 * capitalised pair before "line" does not become a route.
 * - An acronym in parentheses may stand between the chain and its kind phrase; the mention is then
 *   the chain alone, and the acronym is a mention of the same project (as the gazetteer knows it,
 *   or as the name detector reads a parenthesised acronym). A known project acronym names the
 *   project even with no kind phrase after it.
 * - Chains of three or more links take any project head. A chain of two links is a project only
 *   before a route noun (railway, pipeline, highway, road, canal, corridor, tunnel…) or a kind
 *   modifier and head ("power line"): "the Uzbekistan–Afghanistan railway" is a project,
 *   "Tajik–Afghan line", "Kazakhstan–Afghanistan trade", "the Uzbek–Afghan border" and
 *   "Pakistan–Afghanistan relations" stay country mentions.
 * - The entity is the acronym's project, else the gazetteer project named by the links and the
 *   kind phrase (projectNamedByLinks), else a new project with the slug of the chain and its kind
 *   phrase as id.
 */
function joinDashedChains(analysis: Analysis, mentions: DraftMention[]): DraftMention[] {
  const { tokens } = analysis;
  const startingAt = new Map<number, DraftMention>();
  for (const mention of mentions) startingAt.set(mention.firstToken, mention);
  const replaced = new Set<DraftMention>();
  const added: DraftMention[] = [];
  /** Links read by the last linkAt (more than one for a project chain read as a tail). */
  let linksRead = 1;
  /** The last token of the chain link starting at k, or -1. */
  const linkAt = (k: number, inner: DraftMention[], first: boolean): number => {
    linksRead = 1;
    const mention = startingAt.get(k);
    if (mention) {
      if (mention.type === 'project' && !first) {
        // "Kyrgyzstan–[Tajikistan–Afghanistan–Pakistan railway]": a known chain project as the
        // tail of a longer chain; its names are links, its kind phrase the chain's.
        const tail = chainProjectNames(tokens, mention);
        if (!tail) return -1;
        inner.push(mention);
        linksRead = tail.links;
        return tail.last;
      }
      if (mention.type !== 'place' && mention.type !== 'country') return -1;
      inner.push(mention);
      return mention.lastToken;
    }
    const token = tokens[k];
    return token && token.kind === TokenKind.Word && token.capitalised && !token.allCaps ? k : -1;
  };
  for (let k = 0; k < tokens.length; k++) {
    const inner: DraftMention[] = [];
    let last = linkAt(k, inner, true);
    if (last < 0) continue;
    let links = 1;
    for (;;) {
      const dash = tokens[last + 1];
      const following = tokens[last + 2];
      if (!dash || !following || !isJoiner(dash) || dash.spaceBefore || following.spaceBefore || dash.newlineBefore)
        break;
      const linkLast = linkAt(last + 2, inner, false);
      if (linkLast < 0) break;
      last = linkLast;
      links += linksRead;
    }
    if (links < 2 || inner.length === 0) {
      // Skip past the links read, so that a chain is never read again from its middle.
      if (links >= 2) k = last;
      continue;
    }
    const parenthesised = parenthesisedAt(tokens, last + 1);
    const acronym = parenthesised ? startingAt.get(parenthesised.first) : undefined;
    const knownAcronym =
      acronym && acronym.lastToken === parenthesised?.last && acronym.type === 'project' ? acronym.entity : null;
    const kindStart = parenthesised ? parenthesised.last + 2 : last + 1;
    const kind = kindPhraseAt(tokens, kindStart);
    if (!knownAcronym && (!kind || (links === 2 && !kind.route))) {
      k = last;
      continue;
    }
    const first = tokens[k] as Token;
    const chainEnd = parenthesised || !kind ? last : kind.last;
    const entity = knownAcronym ?? chainProject(analysis, { first: k, last }, kindStart, kind);
    for (const mention of inner) replaced.add(mention);
    added.push({
      start: first.start,
      end: (tokens[chainEnd] as Token).end,
      firstToken: k,
      lastToken: chainEnd,
      type: entity.type,
      entity,
      country: entity.country,
      source: 'gazetteer',
    });
    k = chainEnd;
  }
  if (added.length === 0) return mentions;
  return [...mentions.filter((mention) => !replaced.has(mention)), ...added].sort(byStart);
}

export const gazetteerStage: ExtractionStage<'analysis', 'gazetteerMentions'> = {
  name: 'gazetteer',
  requires: ['analysis'],
  provides: ['gazetteerMentions'],
  run: ({ analysis }) => ({ gazetteerMentions: findGazetteerMentions(analysis) }),
};
