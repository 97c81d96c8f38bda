// The gazetteer as a token trie: every name, alias and demonym of the reference data (countries
// from world-countries with their capitals, curated gazetteer entries) tokenised and normalised,
// so that matching a text is one walk per token position. Built once per ReferenceData.
import { slugify, type MentionType, type ReferenceData } from '../model/index.js';
import { TokenKind, isJoiner, tokenize, type Token } from './tokenizer.js';

export interface KnownEntity {
  id: string;
  type: MentionType;
  name: string;
  country: string | null;
  wikidata: string | null;
  aliases: string[];
  kind?: string;
  role?: string;
  /** For countries: their capital's entity id. For capitals: the country they govern. */
  capitalOf?: string;
}

export interface AliasTerminal {
  entity: KnownEntity;
  /** Short all-caps aliases (JA, IMU) match only as written. */
  caseSensitive: boolean;
  /** The alias holds capitals, so a match must hold at least one. */
  needsCapital: boolean;
  rawTokens: string[];
  /** Lower number wins when two entities share an alias. */
  priority: number;
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  terminals: AliasTerminal[];
}

export interface GazetteerIndex {
  root: TrieNode;
  entities: Map<string, KnownEntity>;
  /** ISO alpha-3 → capital entity id, and back. */
  capitalOfCountry: Map<string, string>;
  countryOfCapital: Map<string, string>;
  /** Country → demonym forms (normalised), used to read "Kazakh" as the actor. */
  countryBorders: Map<string, string[]>;
}

const newNode = (): TrieNode => ({ next: new Map(), terminals: [] });

/** Normalised key tokens of an alias: hyphens and dashes dropped (they match spaces), ’ folded. */
export function aliasKey(tokens: readonly Token[]): string[] {
  return tokens.filter((token) => !isJoiner(token)).map((token) => token.norm);
}

function isShortAcronym(alias: string): boolean {
  let letters = 0;
  for (let i = 0; i < alias.length; i++) {
    const c = alias.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
  }
  return letters > 0 && letters <= 5;
}

function pluralOf(form: string): string | null {
  if (form.includes(' ') || form.length < 4) return null;
  const last = form.charCodeAt(form.length - 1);
  // Country names among the forms ("America", "Korea", "Persia") take no plural: "the Americas",
  // "the two Koreas" are not the country.
  if (last === 115 || last === 122 || last === 120 || last === 97 || form.endsWith('stan') || form.endsWith('men')) return null;
  return `${form}s`;
}

function addAlias(root: TrieNode, alias: string, entity: KnownEntity, priority: number): void {
  const tokens = tokenize(alias);
  const key = aliasKey(tokens);
  if (key.length === 0) return;
  let node = root;
  for (const part of key) {
    let child = node.next.get(part);
    if (!child) {
      child = newNode();
      node.next.set(part, child);
    }
    node = child;
  }
  if (node.terminals.some((terminal) => terminal.entity.id === entity.id && terminal.rawTokens.join(' ') === key.join(' '))) return;
  const caseSensitive = isShortAcronym(alias);
  node.terminals.push({
    entity,
    caseSensitive,
    needsCapital: alias !== alias.toLowerCase(),
    rawTokens: tokens.filter((token) => !isJoiner(token)).map((token) => token.raw),
    priority,
  });
  node.terminals.sort((a, b) => a.priority - b.priority);
}

const indexCache = new WeakMap<ReferenceData, GazetteerIndex>();

export function buildGazetteerIndex(reference: ReferenceData): GazetteerIndex {
  const cached = indexCache.get(reference);
  if (cached) return cached;
  const root = newNode();
  const entities = new Map<string, KnownEntity>();
  const capitalOfCountry = new Map<string, string>();
  const countryOfCapital = new Map<string, string>();
  const countryBorders = new Map<string, string[]>();
  const gazetteerById = new Map(reference.gazetteer.map((entry) => [entry.id, entry]));

  // Curated entries first: they win ties with names derived from the country package.
  for (const entry of reference.gazetteer) {
    const entity: KnownEntity = {
      id: entry.id,
      type: entry.type,
      name: entry.name,
      country: entry.country,
      wikidata: entry.wikidata,
      aliases: [...entry.aliases],
      ...(entry.kind ? { kind: entry.kind } : {}),
      ...(entry.role ? { role: entry.role } : {}),
    };
    entities.set(entity.id, entity);
    for (const alias of [entry.name, ...entry.aliases]) addAlias(root, alias, entity, 0);
  }

  for (const country of reference.countries) {
    countryBorders.set(country.id, country.borders);
    const entity: KnownEntity = {
      id: country.id,
      type: 'country',
      name: country.name,
      country: country.id,
      wikidata: country.wikidata,
      aliases: [country.officialName, ...country.aliases, ...country.demonyms].filter((alias) => alias !== country.name),
    };
    entities.set(entity.id, entity);
    addAlias(root, country.name, entity, 1);
    for (const alias of [country.officialName, ...country.aliases]) addAlias(root, alias, entity, 2);
    for (const demonym of country.demonyms) {
      addAlias(root, demonym, entity, 2);
      const plural = pluralOf(demonym);
      if (plural) addAlias(root, plural, entity, 3);
    }
    if (country.capital) {
      const capitalId = slugify(country.capital);
      capitalOfCountry.set(country.id, capitalId);
      countryOfCapital.set(capitalId, country.id);
      const curated = gazetteerById.get(capitalId);
      if (curated) {
        const known = entities.get(capitalId);
        if (known) known.capitalOf = country.id;
        addAlias(root, country.capital, known ?? entity, 1);
        continue;
      }
      const capital: KnownEntity = {
        id: capitalId,
        type: 'place',
        name: country.capital,
        country: country.id,
        wikidata: null,
        aliases: [],
        kind: 'city',
        capitalOf: country.id,
      };
      entities.set(capitalId, capital);
      addAlias(root, country.capital, capital, 2);
    }
  }
  const index: GazetteerIndex = { root, entities, capitalOfCountry, countryOfCapital, countryBorders };
  indexCache.set(reference, index);
  return index;
}

export interface GazetteerMatch {
  start: number;
  end: number;
  /** Token range [firstToken, lastToken]. */
  firstToken: number;
  lastToken: number;
  entity: KnownEntity;
}

function acceptable(terminal: AliasTerminal, tokens: readonly Token[], matched: readonly number[]): boolean {
  if (terminal.caseSensitive) {
    for (let k = 0; k < matched.length; k++) {
      if ((tokens[matched[k] as number] as Token).raw !== terminal.rawTokens[k]) return false;
    }
    return true;
  }
  if (terminal.needsCapital) {
    for (const index of matched) {
      const token = tokens[index] as Token;
      if (token.capitalised || token.kind === TokenKind.Number) return true;
    }
    return false;
  }
  return true;
}

/**
 * Greedy left-to-right longest match of the trie over a token range. Hyphens and dashes between
 * words are skipped (they match spaces); a match never crosses a line break; a match must not
 * start or end inside a word joined by an apostrophe-less letter run (tokens guarantee that).
 */
export function matchGazetteer(index: GazetteerIndex, tokens: readonly Token[], from = 0, to = tokens.length): GazetteerMatch[] {
  const matches: GazetteerMatch[] = [];
  const matched: number[] = [];
  let i = from;
  while (i < to) {
    const first = tokens[i] as Token;
    let node = first.kind === TokenKind.Punct && first.norm !== '.' ? undefined : index.root.next.get(first.norm);
    if (!node) {
      i++;
      continue;
    }
    matched.length = 0;
    matched.push(i);
    let best: { terminal: AliasTerminal; last: number } | null = null;
    let j = i;
    for (;;) {
      for (const terminal of node.terminals) {
        if (acceptable(terminal, tokens, matched)) {
          best = { terminal, last: j };
          break;
        }
      }
      let k = j + 1;
      if (k < to && isJoiner(tokens[k] as Token) && !(tokens[k] as Token).newlineBefore) k++;
      if (k >= to) break;
      const nextToken = tokens[k] as Token;
      if (nextToken.newlineBefore) break;
      const child = node.next.get(nextToken.norm);
      if (!child) break;
      node = child;
      j = k;
      matched.push(k);
    }
    if (best) {
      const lastToken = tokens[best.last] as Token;
      matches.push({ start: first.start, end: lastToken.end, firstToken: i, lastToken: best.last, entity: best.terminal.entity });
      i = best.last + 1;
    } else {
      i++;
    }
  }
  return matches;
}
