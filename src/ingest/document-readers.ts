// The one list of document readers: each format's reader declares how it is recognised (file
// extension from the model's `sourceFormatInfo`, a byte signature or the look of decoded text) and
// how it reads. Text formats (plain text, Markdown, HTML) parse decoded text into layout lines;
// binary formats (DOCX, PDF) read bytes into block events first, asynchronously. Adding a reader is
// its format in the model's table, one reader object here and its tests (docs/ARCHITECTURE.md,
// "Adding a document reader"); a test adds a toy one through `with(reader)`. A binary reader (and
// its libraries: mammoth, unpdf) is imported when a document of its format comes, so a process that
// reads text profiles only (`dossier extract profile.txt`) never loads them.
import { DossierError, sourceFormatInfo, type SourceFormat } from '../model/index.js';
import { emptyFrontMatter, type FrontMatter } from './front-matter.js';
import { parseHtmlProfile } from './html-profile-parser.js';
import { parseMarkdownProfile } from './markdown-profile-parser.js';
import type { LayoutLine, ProfileEvent } from './profile-layout.js';
import { parseTextProfile } from './text-profile-parser.js';

interface ReaderBase {
  format: SourceFormat;
  /** File extensions (lower case, no dot) that name this format. */
  extensions: readonly string[];
}

/** A format read from decoded text. */
export interface TextDocumentReader extends ReaderBase {
  kind: 'text';
  /** Whether the start of a decoded text looks like this format; the last text reader is the fallback. */
  looksLike(head: string): boolean;
  /** Whether offsets in the parsed text are positions in the file itself, so refusals give its line and column. */
  positionsInText: boolean;
  parse(source: string, name: string): { text: string; lines: LayoutLine[]; frontMatter: FrontMatter };
}

/** A format read from bytes into block events (a refusal's "line" is the block's number in reading order). */
export interface BinaryDocumentReader extends ReaderBase {
  kind: 'binary';
  /** Whether the bytes carry this format's signature. */
  signature(bytes: Uint8Array): boolean;
  /** What a file of this format is, for the refusal of one that is not. */
  expected: string;
  /** Whether bytes without any known signature are this reader's to explain (an old .doc named .docx). */
  explainsUnknownBytes: boolean;
  read(bytes: Uint8Array, name: string): Promise<ProfileEvent[]>;
}

export type DocumentReader = TextDocumentReader | BinaryDocumentReader;

/** What a binary reader gives: block events in reading order. */
export interface BinaryReading {
  format: SourceFormat;
  events: ProfileEvent[];
}

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

const textReader: TextDocumentReader = {
  kind: 'text',
  format: 'text',
  extensions: sourceFormatInfo.text.extensions,
  looksLike: () => true,
  positionsInText: true,
  parse: (source) => ({ text: source, lines: parseTextProfile(source), frontMatter: emptyFrontMatter() }),
};

const markdownReader: TextDocumentReader = {
  kind: 'text',
  format: 'markdown',
  extensions: sourceFormatInfo.markdown.extensions,
  looksLike: (head) => /^---\r?\n/.test(head) || /^#{1,6}[ \t]+\S/m.test(head) || /^(\s*\n)?={3,}\s*$/m.test(head),
  positionsInText: false,
  parse: (source, name) => {
    const { text, lines, frontMatter } = parseMarkdownProfile(source, name);
    return { text, lines, frontMatter };
  },
};

const htmlReader: TextDocumentReader = {
  kind: 'text',
  format: 'html',
  extensions: sourceFormatInfo.html.extensions,
  looksLike: (head) => /^<(!doctype\s+html|html|head|body|main|article|section|div|h[1-6]|p)[\s>]/i.test(head),
  positionsInText: false,
  parse: (source, name) => {
    const { text, lines, page } = parseHtmlProfile(source, name);
    // What the page says about itself (og:site_name, article:published_time, <time>, author).
    const frontMatter = emptyFrontMatter();
    frontMatter.metadata.publisher = page.publisher;
    frontMatter.metadata.published = page.published;
    if (page.author) frontMatter.metadata.author = page.author;
    return { text, lines, frontMatter };
  },
};

const pdfReader: BinaryDocumentReader = {
  kind: 'binary',
  format: 'pdf',
  extensions: sourceFormatInfo.pdf.extensions,
  signature: (bytes) => startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  expected: 'a PDF file (starting with %PDF-)',
  explainsUnknownBytes: false,
  read: async (bytes, name) => (await import('./pdf-reader.js')).readPdf(bytes, name),
};

const docxReader: BinaryDocumentReader = {
  kind: 'binary',
  format: 'docx',
  extensions: sourceFormatInfo.docx.extensions,
  // A zip archive whose local file headers name a Word document's parts (word/document.xml) in clear.
  signature: (bytes) =>
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) &&
    Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1 << 20))
      .toString('latin1')
      .includes('word/'),
  expected: 'a Word document (.docx, a zip archive with word/document.xml)',
  explainsUnknownBytes: true,
  read: async (bytes, name) => (await import('./docx-reader.js')).readDocx(bytes, name),
};

/** A list of readers and the choices made over it: format by name, by signature, by the look of the text. */
export class DocumentReaders {
  readonly readers: readonly DocumentReader[];
  private readonly byExtension = new Map<string, DocumentReader>();

  constructor(readers: readonly DocumentReader[]) {
    const formats = new Set<string>();
    for (const reader of readers) {
      if (formats.has(reader.format)) throw new Error(`two document readers read "${reader.format}"`);
      formats.add(reader.format);
      for (const extension of reader.extensions) {
        const taken = this.byExtension.get(extension);
        if (taken) throw new Error(`the extension .${extension} is both ${taken.format} and ${reader.format}`);
        this.byExtension.set(extension, reader);
      }
    }
    if (readers.filter((reader) => reader.kind === 'text').length === 0)
      throw new Error('the readers need a text reader to fall back on');
    this.readers = readers;
  }

  /** The same readers and one more, asked before the others of its kind. */
  with(reader: DocumentReader): DocumentReaders {
    return new DocumentReaders([reader, ...this.readers]);
  }

  /** Every extension a reader is named by (for `dossier ingest FOLDER`). */
  extensions(): string[] {
    return [...this.byExtension.keys()];
  }

  reader(format: SourceFormat): DocumentReader {
    const reader = this.readers.find((candidate) => candidate.format === format);
    if (!reader)
      throw new DossierError('BAD_REQUEST', `no reader for the format "${format}"`, {
        expected: `one of ${this.readers.map((candidate) => candidate.format).join(', ')}`,
      });
    return reader;
  }

  isBinary(format: SourceFormat | null | undefined): boolean {
    return !!format && this.readers.some((reader) => reader.format === format && reader.kind === 'binary');
  }

  /** The format named by a file's extension, or null. */
  formatFromName(name: string): SourceFormat | null {
    const base = name.split(/[\\/]/).pop() ?? name;
    const dot = base.lastIndexOf('.');
    if (dot <= 0) return null;
    return this.byExtension.get(base.slice(dot + 1).toLowerCase())?.format ?? null;
  }

  /** The binary format whose signature the bytes carry, or null (text formats included). */
  sniffBinary(bytes: Uint8Array): SourceFormat | null {
    for (const reader of this.readers) if (reader.kind === 'binary' && reader.signature(bytes)) return reader.format;
    return null;
  }

  /** The text format a decoded text looks like: the first reader that recognises its start, else the last. */
  sniffText(text: string): SourceFormat {
    const head = text.slice(0, 4096).trimStart();
    const textReaders = this.readers.filter((reader): reader is TextDocumentReader => reader.kind === 'text');
    return (textReaders.find((reader) => reader.looksLike(head)) ?? textReaders[textReaders.length - 1]!).format;
  }

  /** Reads a binary document into block events; throws DossierError (clear refusals only). */
  async readBinary(bytes: Uint8Array, name: string, format: SourceFormat): Promise<BinaryReading> {
    const reader = this.reader(format);
    if (reader.kind !== 'binary') throw new Error(`${format} is no binary format`);
    const actual = this.sniffBinary(bytes);
    if (actual !== format && !(reader.explainsUnknownBytes && actual === null)) {
      throw new DossierError(
        'INVALID_DOCUMENT',
        `${name} is not a ${format.toUpperCase()} file${actual ? ` (it is ${actual.toUpperCase()})` : ''}`,
        { file: name, line: 1, column: 1, expected: reader.expected },
      );
    }
    return { format, events: await reader.read(bytes, name) };
  }
}

/** The application's readers: binary signatures are tried in this order, then text looks (plain text last). */
export const documentReaders = new DocumentReaders([pdfReader, docxReader, htmlReader, markdownReader, textReader]);
