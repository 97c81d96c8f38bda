// The gazetteer as a token trie: every name, alias and demonym of the reference data (countries
// from world-countries with their capitals, curated gazetteer entries) tokenised and normalised,
// so that matching a text is one walk per token position. Built once per ReferenceData.
// Beside the trie, a transliteration-key map (transliteration-key.ts) of the names of places,
// projects and countries, so that a spelling the gazetteer lacks (Kondouz, Ashqabat, Mazari
// Sharif) is found with one map look-up: see matchTransliteration. Demonyms, people and
// organisations are left out of it (Rahmon / Rahman, Karimov / Kerimov are different people), and
// the package's names (all the world's countries and capitals, many short) need a longer key.
import { slugify, type MentionType, type ReferenceData } from '../model/index.js';
import { TokenKind, isJoiner, tokenize, type Token } from './tokenizer.js';
import {
  keyDistance,
  keyDistanceAllowed,
  minimumKeyLength,
  transliterationKey,
  type TransliterationKey,
} from './transliteration-key.js';
import { LazyValueMap, type ItemList } from './lazy-value-map.js';

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

/** A name of the key map: its entity and how the name is written, class by class. */
export interface KeyTerminal {
  entity: KnownEntity;
  key: TransliterationKey;
  priority: number;
}

export interface GazetteerIndex {
  root: TrieNode;
  /** Transliteration key → the place, project and country names with that key. */
  byKey: Map<string, KeyTerminal[]>;
  /** The most words of a name in byKey (bounds the runs a text is read in). */
  maxKeyWords: number;
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
  if (last === 115 || last === 122 || last === 120 || last === 97 || form.endsWith('stan') || form.endsWith('men'))
    return null;
  return `${form}s`;
}

/** Izafat particles written between the parts of a name ("Pul-e-Khumri", "Mazar-i Sharif"). */
const izafatParticles: ReadonlySet<string> = new Set(['i', 'e', 'ye', 'yi']);

/** Keys of the country package's names must be this long: its short names (Niger, Timor, Tunis) have look-alikes. */
const minimumPackageKeyLength = 7;

/** Types whose names are looked up by transliteration key. */
const keyedTypes: ReadonlySet<MentionType> = new Set(['place', 'project', 'country']);

function addKey(
  index: GazetteerIndex,
  tokens: readonly Token[],
  entity: KnownEntity,
  priority: number,
  minimumLength: number,
): void {
  const words: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (isJoiner(token)) continue;
    // "N'Djamena", "CASA 1000", "Qosh Tepa canal": as written only. A text is read for keys in runs of
    // capitalised words and izafat particles between dashes, so only such names can match.
    if (token.kind !== TokenKind.Word) return;
    if (!token.capitalised && !(izafatParticles.has(token.norm) && k > 0 && isJoiner(tokens[k - 1] as Token))) return;
    words.push(token.raw);
  }
  const key = transliterationKey(words);
  if (key.key.length < Math.max(minimumKeyLength, minimumLength)) return;
  let terminals = index.byKey.get(key.key);
  if (!terminals) {
    terminals = [];
    index.byKey.set(key.key, terminals);
  }
  if (terminals.some((terminal) => terminal.entity.id === entity.id && keyDistance(terminal.key, key) === 0)) return;
  terminals.push({ entity, key, priority });
  if (words.length > index.maxKeyWords) index.maxKeyWords = words.length;
}

/**
 * Adds a name to the trie and, when `keyMinimum` is given (names of places, projects and
 * countries), to the key map, unless it is a short acronym (matched as written only).
 */
function addAlias(
  index: GazetteerIndex,
  alias: string,
  entity: KnownEntity,
  priority: number,
  keyMinimum?: number,
): void {
  const root = index.root;
  const tokens = tokenize(alias);
  const key = aliasKey(tokens);
  if (key.length === 0) return;
  const caseSensitive = isShortAcronym(alias);
  if (keyMinimum !== undefined && !caseSensitive) addKey(index, tokens, entity, priority, keyMinimum);
  let node = root;
  for (const part of key) {
    let child = node.next.get(part);
    if (!child) {
      child = newNode();
      node.next.set(part, child);
    }
    node = child;
  }
  if (
    node.terminals.some(
      (terminal) => terminal.entity.id === entity.id && terminal.rawTokens.join(' ') === key.join(' '),
    )
  )
    return;
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

/**
 * Indexes a country's capital (`country.capital` given): the curated entry of that id when there is one (the country's
 * own entity when even that is missing from the index), else a city entity of its own.
 */
function indexCapital(
  index: GazetteerIndex,
  country: ReferenceData['countries'][number],
  entity: KnownEntity,
  gazetteerById: ReadonlyMap<string, ReferenceData['gazetteer'][number]>,
): void {
  const capitalName = country.capital!;
  const capitalId = slugify(capitalName);
  index.capitalOfCountry.set(country.id, capitalId);
  index.countryOfCapital.set(capitalId, country.id);
  const curated = gazetteerById.get(capitalId);
  if (curated) {
    const known = index.entities.get(capitalId);
    if (known) known.capitalOf = country.id;
    addAlias(index, capitalName, known ?? entity, 1);
    return;
  }
  const capital: KnownEntity = {
    id: capitalId,
    type: 'place',
    name: capitalName,
    country: country.id,
    wikidata: null,
    aliases: [],
    kind: 'city',
    capitalOf: country.id,
  };
  index.entities.set(capitalId, capital);
  addAlias(index, capitalName, capital, 2, minimumPackageKeyLength);
}

export function buildGazetteerIndex(reference: ReferenceData): GazetteerIndex {
  const cached = indexCache.get(reference);
  if (cached) return cached;
  const entities = new Map<string, KnownEntity>();
  const capitalOfCountry = new Map<string, string>();
  const countryOfCapital = new Map<string, string>();
  const countryBorders = new Map<string, string[]>();
  const index: GazetteerIndex = {
    root: newNode(),
    byKey: new Map(),
    maxKeyWords: 0,
    entities,
    capitalOfCountry,
    countryOfCapital,
    countryBorders,
  };
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
    const keyMinimum = keyedTypes.has(entry.type) ? minimumKeyLength : undefined;
    for (const alias of [entry.name, ...entry.aliases]) addAlias(index, alias, entity, 0, keyMinimum);
  }

  for (const country of reference.countries) {
    countryBorders.set(country.id, country.borders);
    const entity: KnownEntity = {
      id: country.id,
      type: 'country',
      name: country.name,
      country: country.id,
      wikidata: country.wikidata,
      aliases: [country.officialName, ...country.aliases, ...country.demonyms].filter(
        (alias) => alias !== country.name,
      ),
    };
    entities.set(entity.id, entity);
    addAlias(index, country.name, entity, 1, minimumPackageKeyLength);
    for (const alias of [country.officialName, ...country.aliases])
      addAlias(index, alias, entity, 2, minimumPackageKeyLength);
    for (const demonym of country.demonyms) {
      addAlias(index, demonym, entity, 2);
      const plural = pluralOf(demonym);
      if (plural) addAlias(index, plural, entity, 3);
    }
    if (country.capital) indexCapital(index, country, entity, gazetteerById);
  }
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
export function matchGazetteer(
  index: GazetteerIndex,
  tokens: readonly Token[],
  from = 0,
  to = tokens.length,
): GazetteerMatch[] {
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
      matches.push({
        start: first.start,
        end: lastToken.end,
        firstToken: i,
        lastToken: best.last,
        entity: best.terminal.entity,
      });
      i = best.last + 1;
    } else {
      i++;
    }
  }
  return matches;
}

/**
 * The entity of the key map named by the first `count` of `words`, or null (none close enough, or two entities tie).
 */
function keyMatch(
  index: GazetteerIndex,
  tokens: readonly Token[],
  words: readonly number[],
  count: number,
  memo: Map<string, KnownEntity | null>,
): KnownEntity | null {
  const raws: string[] = [];
  for (let w = 0; w < count; w++) raws.push((tokens[words[w] as number] as Token).raw);
  // Names recur in a document: each written form is keyed once.
  const written = count === 1 ? (raws[0] as string) : raws.join(' ');
  const known = memo.get(written);
  if (known !== undefined) return known;
  const entity = lookUpKey(index, transliterationKey(raws));
  memo.set(written, entity);
  return entity;
}

function lookUpKey(index: GazetteerIndex, key: TransliterationKey): KnownEntity | null {
  if (key.key.length < minimumKeyLength) return null;
  const terminals = index.byKey.get(key.key);
  if (!terminals) return null;
  const allowed = keyDistanceAllowed(key);
  let best: KeyTerminal | null = null;
  let bestDistance = Infinity;
  let tied = false;
  for (const terminal of terminals) {
    const distance = keyDistance(key, terminal.key);
    if (distance < 0 || distance > allowed) continue;
    if (!best || distance < bestDistance || (distance === bestDistance && terminal.priority < best.priority)) {
      tied = false;
      best = terminal;
      bestDistance = distance;
    } else if (
      distance === bestDistance &&
      terminal.priority === best.priority &&
      terminal.entity.id !== best.entity.id
    ) {
      tied = true;
    }
  }
  return best && !tied ? best.entity : null;
}

/**
 * The run of name words from token `k` (a free name word), into `parts`: words joined by spaces or by izafat particles,
 * split at plain dashes. Answers the run's last token and how many name words it holds.
 */
function readNameRun(
  tokens: readonly Token[],
  k: number,
  free: (k: number) => boolean,
  parts: number[][],
): { last: number; nameWords: number } {
  parts.length = 0;
  let part = [k];
  let last = k;
  let nameWords = 1;
  for (;;) {
    const next = tokens[last + 1];
    if (!next || next.newlineBefore) break;
    if (next.kind === TokenKind.Word && next.spaceBefore && free(last + 1)) {
      last++;
      part.push(last);
      nameWords++;
      continue;
    }
    if (!isJoiner(next) || next.spaceBefore) break;
    const after = tokens[last + 2];
    if (!after || after.spaceBefore) break;
    if (free(last + 2)) {
      parts.push(part);
      last += 2;
      part = [last];
      nameWords++;
      continue;
    }
    // "Pul-e-Khumri", "Mazar-i Sharif": a particle between a dash and the next name word.
    const beyond = tokens[last + 3];
    if (
      after.kind !== TokenKind.Word ||
      after.capitalised ||
      !izafatParticles.has(after.norm) ||
      !beyond ||
      beyond.newlineBefore
    )
      break;
    const nameAt = isJoiner(beyond) && !beyond.spaceBefore ? last + 4 : beyond.spaceBefore ? last + 3 : -1;
    const nameToken = tokens[nameAt];
    if (nameAt < 0 || !nameToken || (nameAt === last + 4 && nameToken.spaceBefore) || !free(nameAt)) break;
    part.push(last + 2, nameAt);
    last = nameAt;
    nameWords++;
  }
  parts.push(part);
  return { last, nameWords };
}

/**
 * Names written in a spelling the gazetteer lacks, found by transliteration key where the trie
 * found nothing (`covered` marks the tokens of its matches). The text is read in runs of name
 * words (`isNameWord`: capitalised words that are not common words) joined by spaces or dashes,
 * with izafat particles between dashes ("Puli Alam", "Pul-e-Alam"). A run is looked up whole;
 * failing that, its dash-joined parts alone and together, left to right, longest first, so that
 * "Horog–Kirman" is two places. Trailing words `isDroppable` allows (a capitalised "Province")
 * may be left out. A word is never looked up alone out of a space-joined name, so "Timur" in
 * "Amir Timur" stays part of the person's name. One key map look-up per candidate (memoised per
 * written form); the match keeps the surface text as written.
 */
export function matchTransliteration(
  index: GazetteerIndex,
  tokens: readonly Token[],
  covered: Uint8Array,
  isNameWord: (k: number) => boolean,
  isDroppable: (k: number) => boolean,
): GazetteerMatch[] {
  const matches: GazetteerMatch[] = [];
  const memo = new Map<string, KnownEntity | null>();
  const free = (k: number): boolean => k < tokens.length && covered[k] === 0 && isNameWord(k);
  /** Looks up the words, dropping droppable trailing words; pushes the match and says whether there was one. */
  const lookUp = (words: readonly number[]): boolean => {
    for (let count = words.length; count > 0; count--) {
      const lastWord = words[count - 1] as number;
      const token = tokens[lastWord] as Token;
      const entity = token.capitalised ? keyMatch(index, tokens, words, count, memo) : null;
      if (entity) {
        const firstToken = words[0] as number;
        matches.push({
          start: (tokens[firstToken] as Token).start,
          end: token.end,
          firstToken,
          lastToken: lastWord,
          entity,
        });
        return true;
      }
      if (token.capitalised && !isDroppable(lastWord)) return false;
    }
    return false;
  };
  /** The run's parts: words joined by spaces or by izafat particles, split at plain dashes. */
  const parts: number[][] = [];
  let k = 0;
  while (k < tokens.length) {
    if (!free(k)) {
      k++;
      continue;
    }
    const { last, nameWords } = readNameRun(tokens, k, free, parts);
    // A run much longer than any name is a title-case heading, not a name.
    if (nameWords <= index.maxKeyWords + 1) {
      let from = 0;
      while (from < parts.length) {
        let to = parts.length - 1;
        while (to >= from && !lookUp(parts.slice(from, to + 1).flat())) to--;
        from = to >= from ? to + 1 : from + 1;
      }
    }
    k = last + 1;
  }
  return matches;
}

/** A trie node as JSON: its children in insertion order, and its terminals (entity as a number into `entities`). */
export type CompactTrieNode = [children: [token: string, node: CompactTrieNode][], terminals: CompactAliasTerminal[]];
export type CompactAliasTerminal = [
  entity: number,
  caseSensitive: 0 | 1,
  needsCapital: 0 | 1,
  rawTokens: string[],
  priority: number,
];
export type CompactKeyTerminal = [entity: number, fine: string[], priority: number];

/**
 * A GazetteerIndex as plain JSON data (written once at build time, see reference/compact-reference.ts): entity objects
 * listed once and named by their position, so that a revived index shares them exactly as a built one does. The three
 * large parts are item lists, which the compact file answers record by record as they are read: the entities, the
 * subtrees of the trie root's children, and the terminals of each transliteration key.
 */
export interface CompactGazetteerIndex {
  entities: ItemList<KnownEntity>;
  /** The entity map's keys, in order; its value under entityIds[i] is entities[entityNumbers[i]]. */
  entityIds: string[];
  entityNumbers: number[];
  /** The trie root's child under rootTokens[i] is rootChildren[i]. */
  rootTokens: string[];
  rootChildren: ItemList<CompactTrieNode>;
  rootTerminals: CompactAliasTerminal[];
  /** The key map's keys, in order, and the terminals under each. */
  keys: string[];
  keyTerminals: ItemList<CompactKeyTerminal[]>;
  maxKeyWords: number;
  capitalOfCountry: [string, string][];
  countryOfCapital: [string, string][];
  countryBorders: [string, string[]][];
}

/** A compact index whose lists are arrays (as `compactGazetteerIndex` makes it, for the file to write). */
export type CompactGazetteerIndexData = CompactGazetteerIndex & {
  entities: KnownEntity[];
  rootChildren: CompactTrieNode[];
  keyTerminals: CompactKeyTerminal[][];
};

/** The index as JSON-ready data; `reviveGazetteerIndex` turns it back into an equal index. */
export function compactGazetteerIndex(index: GazetteerIndex): CompactGazetteerIndexData {
  const numbers = new Map<KnownEntity, number>();
  const entities: KnownEntity[] = [];
  const numberOf = (entity: KnownEntity): number => {
    let number = numbers.get(entity);
    if (number === undefined) {
      number = entities.length;
      numbers.set(entity, number);
      entities.push(entity);
    }
    return number;
  };
  const entityIds = [...index.entities.keys()];
  const entityNumbers = [...index.entities.values()].map(numberOf);
  const compactTerminals = (node: TrieNode): CompactAliasTerminal[] =>
    node.terminals.map((terminal): CompactAliasTerminal => [
      numberOf(terminal.entity),
      terminal.caseSensitive ? 1 : 0,
      terminal.needsCapital ? 1 : 0,
      terminal.rawTokens,
      terminal.priority,
    ]);
  const compactNode = (node: TrieNode): CompactTrieNode => [
    [...node.next].map(([token, child]): [string, CompactTrieNode] => [token, compactNode(child)]),
    compactTerminals(node),
  ];
  const rootChildren = [...index.root.next.values()].map(compactNode);
  const keyTerminals = [...index.byKey.values()].map((terminals) =>
    terminals.map((terminal): CompactKeyTerminal => [numberOf(terminal.entity), terminal.key.fine, terminal.priority]),
  );
  return {
    entities,
    entityIds,
    entityNumbers,
    rootTokens: [...index.root.next.keys()],
    rootChildren,
    rootTerminals: compactTerminals(index.root),
    keys: [...index.byKey.keys()],
    keyTerminals,
    maxKeyWords: index.maxKeyWords,
    capitalOfCountry: [...index.capitalOfCountry],
    countryOfCapital: [...index.countryOfCapital],
    countryBorders: [...index.countryBorders],
  };
}

/**
 * A trie node revived on demand: its children and terminals are made from the compact node (`read`, called once) when
 * first read, so that a process reviving the index builds the few nodes its texts reach (a document touches a few
 * hundred of some 6,500). Both are own enumerable properties (getters) that read the same as a built node's.
 */
function lazyNode(read: () => CompactTrieNode, entityAt: (number: number) => KnownEntity): TrieNode {
  let compact: CompactTrieNode | undefined;
  let next: Map<string, TrieNode> | undefined;
  let terminals: AliasTerminal[] | undefined;
  return {
    get next(): Map<string, TrieNode> {
      compact ??= read();
      next ??= new Map(compact[0].map(([token, child]) => [token, lazyNode(() => child, entityAt)]));
      return next;
    },
    get terminals(): AliasTerminal[] {
      compact ??= read();
      terminals ??= reviveTerminals(compact[1], entityAt);
      return terminals;
    },
  };
}

function reviveTerminals(compact: CompactAliasTerminal[], entityAt: (number: number) => KnownEntity): AliasTerminal[] {
  return compact.map(([entity, caseSensitive, needsCapital, rawTokens, priority]) => ({
    entity: entityAt(entity),
    caseSensitive: caseSensitive === 1,
    needsCapital: needsCapital === 1,
    rawTokens,
    priority,
  }));
}

/** An item of a compact index's list, which must be there. */
function itemAt<T>(list: ItemList<T>, index: number): T {
  const item = list.at(index);
  if (item === undefined) throw new Error(`compact gazetteer index: no item ${index} of ${list.length}`);
  return item;
}

/**
 * The index a compact one describes, remembered as the index of `reference` (so `buildGazetteerIndex(reference)`
 * answers it without building). The caller vouches that the compact index was made from this reference data.
 * Nothing is read from its lists until matching reaches it: the trie is revived node by node (see lazyNode; the
 * root's children when first looked up), the entities and each key's terminals when first looked up (LazyValueMap);
 * an entity is made once, shared by all.
 */
export function reviveGazetteerIndex(reference: ReferenceData, compact: CompactGazetteerIndex): GazetteerIndex {
  const entities: KnownEntity[] = [];
  const entityAt = (number: number): KnownEntity => (entities[number] ??= itemAt(compact.entities, number));
  // The root's children too are made when first looked up: a text asks for each of its words, most of them no name.
  const root: TrieNode = {
    next: new LazyValueMap(compact.rootTokens, (position) =>
      lazyNode(() => itemAt(compact.rootChildren, position), entityAt),
    ),
    terminals: reviveTerminals(compact.rootTerminals, entityAt),
  };
  const index: GazetteerIndex = {
    root,
    byKey: new LazyValueMap(compact.keys, (position) =>
      itemAt(compact.keyTerminals, position).map(([entity, fine, priority]) => ({
        entity: entityAt(entity),
        key: { key: compact.keys[position] as string, fine },
        priority,
      })),
    ),
    maxKeyWords: compact.maxKeyWords,
    entities: new LazyValueMap(compact.entityIds, (position) => entityAt(compact.entityNumbers[position] as number)),
    capitalOfCountry: new Map(compact.capitalOfCountry),
    countryOfCapital: new Map(compact.countryOfCapital),
    countryBorders: new Map(compact.countryBorders),
  };
  indexCache.set(reference, index);
  return index;
}
