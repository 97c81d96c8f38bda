// Reads a Markdown document's YAML front matter into document metadata: actor, title (a source's), country
// (ISO alpha-3), as_of, source, author, focus (default AFG), published (or date), publisher, and
// kind (profile or source: how the document is read), actors (the actors a source concerns, kept in
// `extra.actors` as a list of names); other keys are kept in `extra`
// as plain JSON values. Known keys must be single values (a list or mapping is refused with its
// line and column); cyclic aliases are refused; keys such as `__proto__` are stored as ordinary
// own properties and never touch a prototype.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { DossierError, documentKinds, type DocumentKind, type DocumentMetadata } from '../model/index.js';
import { resolveCountryCode } from './actor-country.js';
import { ingestLimits, refuseOverLimit } from './ingest-limits.js';
import { LineIndex, type SourcePosition } from './source-position.js';

export interface FrontMatter {
  actor: string | null;
  /** A source's title (`title:`, the Jekyll/Hugo convention), when its text does not open with it. */
  title: string | null;
  country: string | null;
  /** `kind: profile` or `kind: source` forces how the document is read. */
  kind: DocumentKind | null;
  metadata: DocumentMetadata;
}

export const defaultFocus = 'AFG';

/** Front matter of a document that has none. */
export function emptyFrontMatter(): FrontMatter {
  return { actor: null, title: null, country: null, kind: null, metadata: emptyMetadata() };
}

export function emptyMetadata(): DocumentMetadata {
  return {
    asOf: null,
    source: null,
    author: null,
    published: null,
    publisher: null,
    spans: {},
    focus: defaultFocus,
    extra: {},
  };
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Sets `key` as an own, enumerable property (even `__proto__`, `constructor`, `prototype`). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

let yaml: typeof Yaml | undefined;
/** The yaml package (CommonJS), required on the first front matter: a process reading plain text never loads it. */
const loadYaml = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** The keys read into the front matter's fields: each must be a single value. */
const knownKeys = [
  'actor',
  'title',
  'country',
  'focus',
  'as_of',
  'asOf',
  'source',
  'author',
  'kind',
  'published',
  'date',
  'publisher',
];

/** Refuses the document with a message at a position of the front matter. */
type Invalid = (message: string, position: SourcePosition, expected: string) => never;
/** Refuses the document with a message at the key being read. */
type Refuse = (message: string, expected: string) => never;

/**
 * Parses the YAML between the `---` fences. `firstLine` is the source line of the opening
 * fence, so positions in errors are lines of the Markdown file.
 */
export function parseFrontMatter(yamlText: string, file: string, firstLine: number): FrontMatter {
  const { isScalar } = loadYaml();
  let index: LineIndex | undefined;
  const where = (offset: number): SourcePosition => {
    index ??= new LineIndex(yamlText);
    const inner = index.positionAt(offset);
    return { line: firstLine + inner.line, column: inner.column };
  };
  const invalid: Invalid = (message, position, expected) => {
    throw new DossierError('INVALID_DOCUMENT', `${file}: ${message}`, { file, ...position, expected });
  };

  const result = emptyFrontMatter();
  const read = readFrontMatterMap(yamlText, where, invalid);
  if (!read) return result;
  const { map, values } = read;
  const tooMany = map.items[ingestLimits.frontMatterKeys.max];
  if (tooMany)
    refuseOverLimit(
      ingestLimits.frontMatterKeys,
      file,
      where(isScalar(tooMany.key) ? (tooMany.key.range?.[0] ?? 0) : 0),
      map.items.length,
    );
  for (const pair of map.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const position = (): SourcePosition => where(isScalar(keyNode) ? (keyNode.range?.[0] ?? 0) : 0);
    const refuse: Refuse = (message, expected) => invalid(message, position(), expected);
    const jsValue: unknown = Object.prototype.hasOwnProperty.call(values, key) ? values[key] : null;
    if (knownKeys.includes(key) && jsValue !== null && typeof jsValue === 'object' && !(jsValue instanceof Date)) {
      refuse(
        `front matter ${key} is a ${Array.isArray(jsValue) ? 'list' : 'mapping'}, not a single value`,
        `one text value for ${key}, such as \`${key}: …\``,
      );
    }
    setFrontMatterKey(result, key, jsValue, refuse);
  }
  return result;
}

/** The front matter's mapping and its values as plain JavaScript; null when it is empty. */
function readFrontMatterMap(
  yamlText: string,
  where: (offset: number) => SourcePosition,
  invalid: Invalid,
): { map: Yaml.YAMLMap<unknown, unknown>; values: Record<string, unknown> } | null {
  const { isMap, parseDocument } = loadYaml();
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: false });
  const error = document.errors[0];
  if (error)
    invalid(
      `front matter is not valid YAML: ${error.message.split('\n')[0]}`,
      where(error.pos[0]),
      'YAML front matter of `key: value` lines',
    );
  if (document.contents === null) return null;
  if (!isMap(document.contents))
    invalid(
      'front matter is not a mapping',
      where(document.contents.range?.[0] ?? 0),
      'YAML front matter of `key: value` lines',
    );
  const map = document.contents;
  if (!isMap(map)) return null;
  let values: Record<string, unknown> = {};
  try {
    values = (document.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  } catch (cause) {
    invalid(
      `front matter cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      where(0),
      'YAML front matter of `key: value` lines',
    );
  }
  return { map, values };
}

/** Reads one key of the front matter into its field, or into `extra`. */
function setFrontMatterKey(result: FrontMatter, key: string, jsValue: unknown, refuse: Refuse): void {
  switch (key) {
    case 'actor':
      result.actor = asText(jsValue);
      break;
    case 'title':
      result.title = asText(jsValue);
      break;
    case 'country':
    case 'focus': {
      const text = asText(jsValue);
      if (text === null) break;
      const code = resolveCountryCode(text);
      if (!code)
        refuse(
          `front matter ${key} "${text}" is not a known country`,
          'an ISO 3166-1 alpha-3 country code such as KAZ',
        );
      if (key === 'country') result.country = code;
      else result.metadata.focus = code as string;
      break;
    }
    case 'as_of':
    case 'asOf':
      result.metadata.asOf = asText(jsValue);
      break;
    case 'source':
      result.metadata.source = asText(jsValue);
      break;
    case 'author':
      result.metadata.author = asText(jsValue);
      break;
    case 'published':
    case 'date':
      result.metadata.published = asText(jsValue);
      break;
    case 'publisher':
      result.metadata.publisher = asText(jsValue);
      break;
    case 'kind': {
      const text = asText(jsValue)?.toLowerCase() ?? null;
      if (text === null) break;
      if (!(documentKinds as readonly string[]).includes(text))
        refuse(`front matter kind "${text}" is not a document kind`, 'kind: profile or kind: source');
      result.kind = text as DocumentKind;
      break;
    }
    case 'actors':
      setOwn(result.metadata.extra, key, actorNames(jsValue, refuse));
      break;
    default:
      setOwn(result.metadata.extra, key, plainJson(key, jsValue, refuse));
  }
}

/** The actors a source concerns: one name, a comma-separated line, or a list of names or codes. */
function actorNames(jsValue: unknown, refuse: Refuse): string[] {
  const names = Array.isArray(jsValue)
    ? jsValue
    : jsValue === null
      ? []
      : typeof jsValue === 'object'
        ? null
        : String(jsValue).split(',');
  if (names === null || names.some((name) => name === null || typeof name === 'object')) {
    refuse(
      'front matter actors is not a list of names',
      'actors: [Uzbekistan, Tajikistan] or actors: Uzbekistan, Tajikistan',
    );
  }
  return (names as unknown[]).map((name) => String(name).trim()).filter((name) => name.length > 0);
}

/** A value of another key, stored as JSON: a cyclic alias (`a: &a [*a]`) cannot be, and is refused here. */
function plainJson(key: string, jsValue: unknown, refuse: Refuse): unknown {
  let json: unknown = null;
  try {
    json = jsValue === undefined ? null : (JSON.parse(JSON.stringify(jsValue) ?? 'null') as unknown);
  } catch {
    refuse(`front matter ${key} refers to itself (a cyclic alias)`, 'front-matter values without cyclic aliases');
  }
  return json;
}
