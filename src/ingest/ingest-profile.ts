// Ingest entry point: bytes of a profile in plain text, Markdown or HTML → ProfileDocument.
// Chooses the format (given, by extension, else sniffed), decodes, normalises line ends,
// parses the layout and assembles title, sections, interests and sentences.
import { createHash } from 'node:crypto';
import { DossierError, type ProfileDocument, type SourceFormat } from '../model/index.js';
import { countryOfActor } from './actor-country.js';
import { decodeDocumentBytes } from './document-decoder.js';
import { emptyMetadata, type FrontMatter } from './front-matter.js';
import { parseHtmlProfile } from './html-profile-parser.js';
import { parseMarkdownProfile } from './markdown-profile-parser.js';
import { assembleProfile, expectedActorTitle } from './profile-assembler.js';
import type { LayoutLine } from './profile-layout.js';
import { LineIndex } from './source-position.js';
import { parseTextProfile } from './text-profile-parser.js';

export interface IngestInput {
  bytes: Uint8Array;
  /** File name or path (used for the format, messages and provenance). */
  name: string;
  format?: SourceFormat;
}

const formatByExtension: Record<string, SourceFormat> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
};

/** The format named by a file's extension, or null. */
export function formatFromName(name: string): SourceFormat | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return formatByExtension[base.slice(dot + 1).toLowerCase()] ?? null;
}

/** Guesses the format of decoded text: an HTML tag first, else Markdown markers, else text. */
export function sniffFormat(text: string): SourceFormat {
  const head = text.slice(0, 4096).trimStart();
  if (/^<(!doctype\s+html|html|head|body|main|article|section|div|h[1-6]|p)[\s>]/i.test(head)) return 'html';
  if (/^---\r?\n/.test(head) || /^#{1,6}[ \t]+\S/m.test(head) || /^(\s*\n)?={3,}\s*$/m.test(head)) return 'markdown';
  return 'text';
}

/** LF line ends: CRLF and lone CR become LF. Returns the text itself when it has no CR. */
function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Parses a profile document. Throws DossierError (EMPTY/BINARY/UNDECODABLE/INVALID_DOCUMENT) only. */
export function ingestProfile(input: IngestInput): ProfileDocument {
  const { bytes, name } = input;
  const decoded = decodeDocumentBytes(bytes, name);
  const source = normaliseLineEnds(decoded.text);
  if (source.trim() === '') {
    throw new DossierError('EMPTY_DOCUMENT', `${name} has only whitespace`, { file: name, line: 1, column: 1, expected: expectedActorTitle });
  }
  const format = input.format ?? formatFromName(name) ?? sniffFormat(source);

  let text: string;
  let lines: LayoutLine[];
  let frontMatter: FrontMatter = { actor: null, country: null, metadata: emptyMetadata() };
  if (format === 'text') {
    text = source;
    lines = parseTextProfile(text);
  } else if (format === 'markdown') {
    const parsed = parseMarkdownProfile(source, name);
    ({ text, lines, frontMatter } = parsed);
  } else {
    ({ text, lines } = parseHtmlProfile(source, name));
  }

  // Plain text is its own source: refusals point at the exact line and column.
  const positionOf = format === 'text' ? (offset: number) => new LineIndex(text).positionAt(offset) : undefined;
  const structure = assembleProfile(text, lines, name, positionOf);
  const actorName = frontMatter.actor ?? structure.title;
  const country = frontMatter.country ?? countryOfActor(actorName) ?? countryOfActor(structure.title);
  return {
    text,
    actor: { name: actorName, country },
    titleSpan: structure.titleSpan,
    sections: structure.sections,
    interests: structure.interests,
    sentences: structure.sentences,
    metadata: frontMatter.metadata,
    source: {
      name,
      format,
      encoding: decoded.encoding,
      bytes: bytes.length,
      hash: createHash('sha256').update(text).digest('hex'),
    },
  };
}
