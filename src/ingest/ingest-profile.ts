// Ingest entry point: bytes of a profile in plain text, Markdown, HTML, DOCX or PDF →
// ProfileDocument. Chooses the format (given, by extension, else sniffed), decodes, normalises
// line ends, parses the layout and assembles title, sections, interests and sentences. The
// readers of the formats are one list (document-readers.ts); binary formats are read first,
// asynchronously (`ingestDocument`).
import { createHash } from 'node:crypto';
import {
  DossierError,
  type DocumentKind,
  type PageSpan,
  type ProfileDocument,
  type SourceFormat,
} from '../model/index.js';
import { countryOfActor } from './actor-country.js';
import { decodeDocumentBytes } from './document-decoder.js';
import { documentReaders, type BinaryReading, type DocumentReaders } from './document-readers.js';
import { emptyFrontMatter, type FrontMatter } from './front-matter.js';
import {
  assembleProfile,
  assembleSource,
  documentKindOf,
  expectedActorTitle,
  type ProfileStructure,
} from './profile-assembler.js';
import { layoutFromEvents, type LayoutLine } from './profile-layout.js';
import { LineIndex } from './source-position.js';

export interface IngestInput {
  bytes: Uint8Array;
  /** File name or path (used for the format, messages and provenance). */
  name: string;
  format?: SourceFormat;
  /** A binary document (DOCX, PDF) already read into block events (see `ingestDocument`). */
  reading?: BinaryReading;
  /** Read it as this kind (over front matter `kind` and the layout). */
  kind?: DocumentKind;
}

/** The format named by a file's extension, or null. */
export function formatFromName(name: string): SourceFormat | null {
  return documentReaders.formatFromName(name);
}

/** Guesses the format of decoded text: an HTML tag first, else Markdown markers, else text. */
export function sniffFormat(text: string): SourceFormat {
  return documentReaders.sniffText(text);
}

/** LF line ends: CRLF and lone CR become LF. Returns the text itself when it has no CR. */
function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * The format of a document: given, else by extension, else a binary signature (DOCX, PDF), else null (text formats are
 * sniffed after decoding).
 */
function declaredOrBinaryFormat(input: IngestInput, readers: DocumentReaders): SourceFormat | null {
  return input.format ?? readers.formatFromName(input.name) ?? readers.sniffBinary(input.bytes);
}

/**
 * Parses a document of any format: binary ones (DOCX, PDF) are read first, asynchronously.
 * Throws DossierError only.
 */
export async function ingestDocument(
  input: IngestInput,
  readers: DocumentReaders = documentReaders,
): Promise<ProfileDocument> {
  const format = declaredOrBinaryFormat(input, readers);
  if (!input.reading && format && readers.isBinary(format))
    return ingestProfile(
      { ...input, format, reading: await readers.readBinary(input.bytes, input.name, format) },
      readers,
    );
  return ingestProfile(input, readers);
}

/**
 * Parses a profile document (a binary one only with its `reading`). Throws DossierError
 * (EMPTY/BINARY/UNDECODABLE/INVALID_DOCUMENT) only.
 */
export function ingestProfile(input: IngestInput, readers: DocumentReaders = documentReaders): ProfileDocument {
  const { bytes, name, reading } = input;
  if (reading)
    return assembleDocument(
      input,
      reading.format,
      'binary',
      layoutFromEvents(reading.events, null),
      emptyFrontMatter(),
      false,
    );
  const declared = declaredOrBinaryFormat(input, readers);
  if (declared && readers.isBinary(declared)) {
    throw new DossierError(
      'INVALID_DOCUMENT',
      `${name} is a ${declared.toUpperCase()} file: it has to be read before it is parsed (ingestDocument)`,
      { file: name, line: 1, column: 1 },
    );
  }
  const decoded = decodeDocumentBytes(bytes, name);
  const source = normaliseLineEnds(decoded.text);
  if (source.trim() === '') {
    throw new DossierError('EMPTY_DOCUMENT', `${name} has only whitespace`, {
      file: name,
      line: 1,
      column: 1,
      expected: expectedActorTitle,
    });
  }
  const reader = readers.reader(declared ?? readers.sniffText(source));
  if (reader.kind !== 'text') throw new Error(`${reader.format} is no text format`);
  const { text, lines, frontMatter } = reader.parse(source, name);
  return assembleDocument(input, reader.format, decoded.encoding, { text, lines }, frontMatter, reader.positionsInText);
}

/** Title, sections, interests and sentences of a parsed layout, and the document around them. */
function assembleDocument(
  input: IngestInput,
  format: SourceFormat,
  encoding: string,
  layout: { text: string; lines: LayoutLine[] },
  frontMatter: FrontMatter,
  positionsInText: boolean,
): ProfileDocument {
  const { bytes, name } = input;
  const { text, lines } = layout;
  // Whitespace, zero-width and format characters alone are no text.
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new DossierError('EMPTY_DOCUMENT', `${name} has no text`, {
      file: name,
      line: 1,
      column: 1,
      expected: expectedActorTitle,
    });
  }
  // Plain text is its own source: refusals point at the exact line and column.
  const positionOf = positionsInText ? (offset: number) => new LineIndex(text).positionAt(offset) : undefined;
  const kind = documentKindOf(text, lines, input.kind ?? frontMatter.kind);
  let structure: ProfileStructure;
  let actorName: string;
  let country: string | null;
  const metadata = { ...frontMatter.metadata, spans: { ...frontMatter.metadata.spans } };
  if (kind === 'profile') {
    structure = assembleProfile(text, lines, name, positionOf);
    actorName = frontMatter.actor ?? structure.title;
    country = frontMatter.country ?? countryOfActor(actorName) ?? countryOfActor(structure.title);
  } else {
    const givenTitle = frontMatter.title ?? frontMatter.actor;
    const source = assembleSource(text, lines, name, positionOf, givenTitle);
    structure = source;
    // A source's "actor" is the document itself: its title (a country only when the title is one).
    actorName = givenTitle ?? source.title;
    country = frontMatter.country ?? countryOfActor(source.title);
    // What the text states fills what front matter left empty, with its span.
    const fields = [
      ['author', source.metadata.author],
      ['published', source.metadata.published],
      ['publisher', source.metadata.publisher],
    ] as const;
    for (const [key, field] of fields) {
      if (!field || metadata[key] !== null) continue;
      metadata[key] = field.value;
      metadata.spans[key] = { start: field.start, end: field.end };
    }
  }
  const document: ProfileDocument = {
    kind,
    text,
    actor: { name: actorName, country },
    titleSpan: structure.titleSpan,
    sections: structure.sections,
    interests: structure.interests,
    sentences: structure.sentences,
    metadata,
    source: {
      name,
      format,
      encoding,
      bytes: bytes.length,
      hash: createHash('sha256').update(text).digest('hex'),
    },
  };
  const pages = pageSpansOfLayout(lines, text.length);
  if (pages) document.pages = pages;
  return document;
}

/**
 * The page spans of a layout whose lines know their pages (PDF): each page's stretch of the text,
 * in order, from 0 to `textLength` without gaps (a line break belongs to the page before it).
 * Null when no line has a page (every other format), so those documents get no `pages` at all.
 */
function pageSpansOfLayout(lines: LayoutLine[], textLength: number): PageSpan[] | null {
  const spans: PageSpan[] = [];
  const enter = (page: number, offset: number): void => {
    const last = spans[spans.length - 1];
    if (last?.number === page) return;
    if (last) last.end = offset;
    spans.push({ number: page, start: last ? offset : 0, end: textLength });
  };
  for (const line of lines) {
    if (line.page === undefined) continue;
    enter(line.page, line.start);
    for (const pageBreak of line.pageBreaks ?? []) enter(pageBreak.page, pageBreak.offset);
  }
  return spans.length > 0 ? spans : null;
}
