// Reads a Word document (.docx) into the block events every profile parser emits: headings
// (Title and Heading 1–6), paragraphs, ranked items of numbered lists (with the numbers Word shows),
// and the text of footnotes and endnotes as paragraphs under a "Notes" heading after the body.
// mammoth converts the document to HTML, which the HTML parser's DOM walk turns into events; a
// block's position is its number in reading order (paragraph N, column 1).
//
// The file is untrusted, so mammoth never sees the zip itself. yauzl reads the central directory,
// which is held to the ingest limits (entry count, declared sizes, compression ratio) before any
// part is inflated; mammoth then reads parts through our own archive object, which inflates each
// part with node:zlib capped at its declared size (declared sizes can lie) and checks its CRC.
// Each XML part is scanned once, iteratively, before mammoth's recursive readers parse it: nesting
// depth, element count and DTDs are refused there, list numbering is collected, and the main
// document gets its list numbers written in and repeated note references (which mammoth would
// expand into a copy of the note each) left out. Images are never inflated. Every refusal is a
// DossierError at line 1, column 1 (or the paragraph where the problem is) with what was expected.
import { crc32, inflateRawSync } from 'node:zlib';
import type { AnyNode, Element as DomElement, ParentNode } from 'domhandler';
import { Element, Text, isTag, isText } from 'domhandler';
import { Parser } from 'htmlparser2';
import mammoth from 'mammoth';
import yauzl from 'yauzl';
import { DossierError } from '../model/index.js';
import { alwaysSkipped, htmlEvents, parseHtmlNodes } from './html-profile-parser.js';
import { docxRatioCheckedFrom, ingestLimits, type IngestLimit } from './ingest-limits.js';
import { expectedActorTitle } from './profile-assembler.js';
import type { ProfileEvent } from './profile-layout.js';
import type { SourcePosition } from './source-position.js';

const expectedDocx = 'a Word document (.docx: a zip archive with word/document.xml)';
const start: SourcePosition = { line: 1, column: 1 };
const oleSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const zipSignature = [0x50, 0x4b, 0x03, 0x04];
/** Prefix of the ids mammoth gives note references and notes (`<idPrefix>footnote-ref-1`, `<idPrefix>footnote-1`). */
const idPrefix = 'dossier-docx-';
/** Marks the number of an ordered-list paragraph in its text (`\uE000 3 \uE001`) until the DOM carries it as a rank. */
const rankMarker = /\uE000(\d+)\uE001/;
const blockTags = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

/** Title as h1; Heading 1–6 and lists keep mammoth's defaults (h1–h6, ol/ul). */
const styleMap = ["p[style-name='Title'] => h1:fresh", "p[style-name='title'] => h1:fresh"];

const startsWith = (bytes: Uint8Array, signature: number[]): boolean =>
  signature.every((byte, index) => bytes[index] === byte);
const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

function invalid(file: string, message: string, cause?: unknown): DossierError {
  return new DossierError('INVALID_DOCUMENT', `${file} ${message}`, {
    file,
    line: 1,
    column: 1,
    expected: expectedDocx,
    cause,
  });
}

function overLimit(
  limit: IngestLimit,
  file: string,
  message: string,
  details: Record<string, unknown>,
  position: SourcePosition = start,
): DossierError {
  return new DossierError('LIMIT_EXCEEDED', `${file} ${message}`, {
    file,
    line: position.line,
    column: position.column,
    expected: `at most ${limit.max} ${limit.what}`,
    details,
  });
}

/** Refuses what is not a zip archive before anything is parsed: an OLE file (encrypted DOCX, old .doc), a PDF, text. */
function checkSignature(bytes: Uint8Array, file: string): void {
  if (startsWith(bytes, oleSignature)) {
    throw new DossierError(
      'INVALID_DOCUMENT',
      `${file} is a password-protected or old .doc format Word file; save as .docx (without a password)`,
      {
        file,
        line: 1,
        column: 1,
        expected: expectedDocx,
      },
    );
  }
  if (bytes.length === 0)
    throw new DossierError('EMPTY_DOCUMENT', `${file} is empty`, { file, line: 1, column: 1, expected: expectedDocx });
  if (!startsWith(bytes, zipSignature)) {
    throw invalid(
      file,
      'is not a Word document: it is ' +
        (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]) ? 'a PDF file' : 'not a zip archive'),
    );
  }
}

/** The parts of a DOCX archive by name, read from its central directory and held to the limits. */
interface Archive {
  zip: yauzl.ZipFile;
  bytes: Buffer;
  parts: Map<string, yauzl.Entry>;
}

async function openArchive(bytes: Buffer, file: string): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (cause) {
    throw invalid(file, `is truncated or damaged: its zip directory cannot be read (${errorText(cause)})`, cause);
  }
  const entryLimit = ingestLimits.docxArchiveEntries;
  if (zip.entryCount > entryLimit.max) {
    zip.close();
    throw overLimit(entryLimit, file, `is a zip archive of ${zip.entryCount} parts; a Word document has far fewer`, {
      entries: zip.entryCount,
    });
  }
  const parts = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      checkEntry(entry, file);
      total += entry.uncompressedSize;
      const totalLimit = ingestLimits.docxUncompressedBytes;
      if (total > totalLimit.max) {
        throw overLimit(
          totalLimit,
          file,
          `declares more than ${mib(totalLimit.max)} of uncompressed parts (${mib(total)} up to and including ` +
            `${entry.fileName})`,
          {
            part: entry.fileName,
            declaredTotalBytes: total,
          },
        );
      }
      if (parts.has(entry.fileName)) throw invalid(file, `holds two parts named ${entry.fileName}`);
      parts.set(entry.fileName, entry);
    }
  } catch (cause) {
    zip.close();
    if (cause instanceof DossierError) throw cause;
    throw invalid(file, `is truncated or damaged: its zip directory cannot be read (${errorText(cause)})`, cause);
  }
  return { zip, bytes, parts };
}

/** Declared sizes, compression method and encryption of one part, before it is inflated. */
function checkEntry(entry: yauzl.Entry, file: string): void {
  const part = entry.fileName;
  const sizes = { part, uncompressedBytes: entry.uncompressedSize, compressedBytes: entry.compressedSize };
  if (entry.isEncrypted())
    throw invalid(file, `is password-protected (its part ${part} is encrypted); save it as .docx without a password`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw invalid(
      file,
      `stores its part ${part} with compression method ${entry.compressionMethod}; Word uses deflate (8) or none (0)`,
    );
  }
  const partLimit = ingestLimits.docxPartBytes;
  if (entry.uncompressedSize > partLimit.max) {
    throw overLimit(
      partLimit,
      file,
      `has a part ${part} of ${mib(entry.uncompressedSize)} uncompressed (${entry.compressedSize} bytes compressed)`,
      sizes,
    );
  }
  const ratioLimit = ingestLimits.docxCompressionRatio;
  if (
    entry.uncompressedSize > docxRatioCheckedFrom &&
    entry.uncompressedSize > ratioLimit.max * Math.max(entry.compressedSize, 1)
  ) {
    const ratio = Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1));
    throw overLimit(
      ratioLimit,
      file,
      `has a part ${part} that inflates ${ratio} times (${entry.compressedSize} bytes to ` +
        `${mib(entry.uncompressedSize)}): a zip bomb`,
      sizes,
    );
  }
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
    throw invalid(
      file,
      `is damaged: its stored part ${part} declares ${entry.uncompressedSize} bytes but holds ${entry.compressedSize}`,
    );
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A library's error message as part of ours: the XML parser quotes what it choked on, which in a
 * damaged part is raw bytes (controls, replacement characters) and its own unknown position
 * (`@#[line:undefined,col:undefined]`, `:undefined`); those go, and the rest is cut to 200 characters.
 */
function printableReason(message: string): string {
  const reason = message
    .replace(/^(?:error:\s*)?\[xmldom [a-z]+\]\s*/i, 'XML: ')
    .replace(/@?#?\[line:[^\]]*\]|:undefined\b/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason || 'the parser gave no reason';
}

/**
 * The bytes of one part: inflated with the output capped at its declared size, then checked against its size and CRC.
 */
async function inflatePart(archive: Archive, entry: yauzl.Entry, file: string): Promise<Buffer> {
  const part = entry.fileName;
  let dataStart: number;
  try {
    ({ fileDataStart: dataStart } = await archive.zip.readLocalFileHeaderPromise(entry, { minimal: true }));
  } catch (cause) {
    throw invalid(
      file,
      `is truncated or damaged: its part ${part} cannot be found in the archive (${errorText(cause)})`,
      cause,
    );
  }
  const raw = archive.bytes.subarray(dataStart, dataStart + entry.compressedSize);
  let data: Buffer;
  if (entry.compressionMethod === 0) data = raw;
  else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (cause) {
      if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DossierError(
          'LIMIT_EXCEEDED',
          `${file} has a part ${part} that declares ${entry.uncompressedSize} bytes but inflates to more: a zip bomb`,
          {
            file,
            line: 1,
            column: 1,
            expected:
              `a part that inflates to the ${entry.uncompressedSize} bytes it declares (at most ` +
              `${ingestLimits.docxPartBytes.max} ${ingestLimits.docxPartBytes.what})`,
            details: { part, uncompressedBytes: entry.uncompressedSize, compressedBytes: entry.compressedSize },
          },
        );
      }
      throw invalid(file, `is damaged: its part ${part} cannot be inflated (${errorText(cause)})`, cause);
    }
  }
  if (data.length !== entry.uncompressedSize) {
    throw invalid(
      file,
      `is damaged: its part ${part} declares ${entry.uncompressedSize} bytes but holds ${data.length}`,
    );
  }
  if (crc32(data) !== entry.crc32) throw invalid(file, `is damaged: its part ${part} fails its checksum`);
  return data;
}

/** XML elements of the parts read so far (the limit holds for the whole document). */
interface XmlTally {
  elements: number;
}

const wordNamespaces = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

/** An element of WordprocessingML by its local name, with its `w:`-prefixed attributes by local name. */
interface WordElement {
  name: string;
  attribute(local: string): string | undefined;
}

/** Sees the WordprocessingML elements of a part as the scan opens and closes them. */
interface WordVisitor {
  /** `at`: offset of the open tag. */
  open(element: WordElement, ancestors: readonly string[], at: number): void;
  /**
   * `closeTagAt`: offset of the explicit close tag (`</w:p>`), null for a self-closing element; `end`: offset of the
   * element's last character.
   */
  close(name: string, closeTagAt: number | null, end: number): void;
}

/**
 * Refuses XML that mammoth's recursive readers should not see: elements nested deeper than the
 * limit, more elements than the document's limit, and DTDs (Word writes none; they are the way to
 * entity expansion). One streaming pass, which also shows the Word elements to `visitorFor` (chosen
 * by the part's root element); a refusal in the main document names its paragraph.
 * Returns the Word prefix and the root's local name.
 */
function scanXmlPart(
  xml: string,
  part: string,
  file: string,
  tally: XmlTally,
  visitorFor: (root: string) => WordVisitor | null,
): { prefix: string; root: string } {
  const depthLimit = ingestLimits.docxXmlNestingDepth;
  const elementLimit = ingestLimits.docxXmlElements;
  let prefix = 'w:';
  let root = '';
  let isMainDocument = false;
  let visitor: WordVisitor | null = null;
  // Local names of the open Word elements ('' for other namespaces), innermost last.
  const open: string[] = [];
  let paragraphs = 0;
  let openParagraphs = 0;
  // Inside a paragraph: that paragraph; between paragraphs (a table's rows and cells): the next one.
  const position = (): SourcePosition =>
    isMainDocument ? { line: openParagraphs > 0 ? paragraphs : paragraphs + 1, column: 1 } : start;
  const where = (): string => `in its part ${part}${isMainDocument ? ` (paragraph ${position().line})` : ''}`;
  const localName = (name: string): string =>
    prefix === '' ? (name.includes(':') ? '' : name) : name.startsWith(prefix) ? name.slice(prefix.length) : '';
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        tally.elements++;
        if (open.length === 0) {
          for (const [key, value] of Object.entries(attribs)) {
            if (wordNamespaces.has(value) && (key === 'xmlns' || key.startsWith('xmlns:')))
              prefix = key === 'xmlns' ? '' : `${key.slice(6)}:`;
          }
          root = localName(name);
          isMainDocument = root === 'document';
          visitor = visitorFor(root);
        }
        const local = localName(name);
        if (local === 'p') {
          paragraphs++;
          openParagraphs++;
        }
        if (open.length + 1 > depthLimit.max)
          throw overLimit(
            depthLimit,
            file,
            `nests XML elements more than ${depthLimit.max} deep ${where()}`,
            { part },
            position(),
          );
        if (tally.elements > elementLimit.max) {
          throw overLimit(
            elementLimit,
            file,
            `has more than ${elementLimit.max} XML elements (the limit was reached ${where()})`,
            { part },
            position(),
          );
        }
        if (visitor && local)
          visitor.open(
            { name: local, attribute: (key) => attribs[prefix + key] ?? attribs[`w:${key}`] },
            open,
            parser.startIndex,
          );
        // mc:AlternateContent's Choice is what mammoth skips (it reads the Fallback): marked for visitors.
        open.push(local || (name.endsWith(':Choice') ? '!Choice' : ''));
      },
      onclosetag(name, isImplied) {
        const local = open.pop() ?? '';
        if (local === 'p') openParagraphs--;
        if (visitor && local && local !== '!Choice')
          visitor.close(local, isImplied ? null : parser.startIndex, parser.endIndex);
      },
      onprocessinginstruction(name) {
        if (/^!(doctype|entity)/i.test(name))
          throw invalid(file, `has a document type declaration in its part ${part}; Word writes none`);
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return { prefix, root };
}

// --- Word list numbering -----------------------------------------------------------------------
// mammoth renders each run of list paragraphs as its own `<ol>` counting from 1, and does not read
// `w:start` or `w:startOverride`: a numbered list interrupted by body paragraphs (1. title, text,
// 2. title, text) would come out as 1, 1, and lists that writers (pandoc, for one) number through
// start values would all be 1. So the numbers Word shows are computed here from numbering.xml,
// styles.xml and the paragraphs' `w:numPr`, and written into each numbered paragraph of the main
// document as a marker run that `applyRankMarkers` turns into the rank once mammoth is done.

interface ListLevel {
  start: number;
  ordered: boolean;
}

interface NumberingDefinitions {
  abstracts: Map<string, { levels: Map<number, ListLevel>; styleLink: string | null }>;
  nums: Map<string, { abstractId: string; startOverrides: Map<number, number> }>;
  /** Levels tied to a paragraph style (`w:lvl/w:pStyle`), as mammoth also reads them. */
  levelsByStyle: Map<string, { abstractId: string; level: number }>;
}

/** Paragraph (and numbering) styles: their own numbering and what they are based on. */
type StyleDefinitions = Map<string, { numId?: string; level?: number; basedOn?: string }>;

const listLevelOf = (value: string | undefined): number =>
  Math.min(8, Math.max(0, Number.parseInt(value ?? '0', 10) || 0));

function numberingVisitor(definitions: NumberingDefinitions): WordVisitor {
  let abstract: { levels: Map<number, ListLevel>; styleLink: string | null } | null = null;
  let abstractId = '';
  let level: ListLevel | null = null;
  let levelIndex = 0;
  let num: { abstractId: string; startOverrides: Map<number, number> } | null = null;
  let overrideLevel: number | null = null;
  return {
    open(element, ancestors) {
      const value = element.attribute('val');
      switch (element.name) {
        case 'abstractNum':
          abstractId = element.attribute('abstractNumId') ?? '';
          abstract = { levels: new Map(), styleLink: null };
          definitions.abstracts.set(abstractId, abstract);
          break;
        case 'num':
          num = { abstractId: '', startOverrides: new Map() };
          definitions.nums.set(element.attribute('numId') ?? '', num);
          break;
        case 'abstractNumId':
          if (num && ancestors.at(-1) === 'num') num.abstractId = value ?? '';
          break;
        case 'lvlOverride':
          overrideLevel = listLevelOf(element.attribute('ilvl'));
          break;
        case 'startOverride':
          if (num && overrideLevel !== null)
            num.startOverrides.set(overrideLevel, Number.parseInt(value ?? '1', 10) || 0);
          break;
        case 'lvl':
          levelIndex = listLevelOf(element.attribute('ilvl'));
          level = { start: 1, ordered: true };
          if (abstract && ancestors.at(-1) === 'abstractNum') abstract.levels.set(levelIndex, level);
          break;
        case 'start':
          if (level && value !== undefined) {
            level.start = Number.parseInt(value, 10) || 0;
            // A level redefined inside w:lvlOverride restarts that level of this list.
            if (num && overrideLevel !== null && ancestors.includes('lvlOverride'))
              num.startOverrides.set(overrideLevel, level.start);
          }
          break;
        case 'numFmt':
          if (level) level.ordered = value !== 'bullet' && value !== 'none';
          break;
        case 'pStyle':
          if (value && abstract && ancestors.at(-1) === 'lvl' && ancestors.at(-2) === 'abstractNum')
            definitions.levelsByStyle.set(value, { abstractId, level: levelIndex });
          break;
        case 'numStyleLink':
          if (abstract && value) abstract.styleLink = value;
          break;
      }
    },
    close(name) {
      if (name === 'abstractNum') abstract = null;
      else if (name === 'num') num = null;
      else if (name === 'lvl') level = null;
      else if (name === 'lvlOverride') overrideLevel = null;
    },
  };
}

function stylesVisitor(styles: StyleDefinitions): WordVisitor {
  let style: { numId?: string; level?: number; basedOn?: string } | null = null;
  return {
    open(element, ancestors) {
      const value = element.attribute('val');
      if (element.name === 'style') {
        style = {};
        styles.set(element.attribute('styleId') ?? '', style);
      } else if (style && element.name === 'basedOn' && value) style.basedOn = value;
      else if (style && ancestors.at(-1) === 'numPr' && ancestors.at(-2) === 'pPr') {
        if (element.name === 'numId' && value !== undefined) style.numId = value;
        else if (element.name === 'ilvl') style.level = listLevelOf(value);
      }
    },
    close(name) {
      if (name === 'style') style = null;
    },
  };
}

/** A paragraph of the main document as far as numbering goes. */
interface ParagraphNumbering {
  numId?: string;
  level?: number;
  styleId?: string;
  /** Offset of its `</w:p>` (null: self-closing, nothing to mark). */
  closeTagAt: number | null;
  /** Inside mc:Choice, which mammoth does not read. */
  skipped: boolean;
}

/** What the main document needs changed before mammoth reads it. */
interface MainDocument {
  paragraphs: ParagraphNumbering[];
  /**
   * Spans of repeated note references. Word references each footnote and endnote once; mammoth
   * writes a note's whole body again for every reference, so one large note referenced 100,000
   * times would make gigabytes of HTML. Repeats are dropped.
   */
  repeatedNoteReferences: Array<{ from: number; to: number }>;
}

function mainDocumentVisitor(main: MainDocument): WordVisitor {
  const open: ParagraphNumbering[] = [];
  const noteIds = new Set<string>();
  let repeatedNoteAt: number | null = null;
  return {
    open(element, ancestors, at) {
      const paragraph = open.at(-1);
      const value = element.attribute('val');
      if (element.name === 'p') {
        const entry: ParagraphNumbering = { closeTagAt: null, skipped: ancestors.includes('!Choice') };
        main.paragraphs.push(entry);
        open.push(entry);
      } else if (element.name === 'footnoteReference' || element.name === 'endnoteReference') {
        const key = `${element.name}/${element.attribute('id') ?? ''}`;
        if (noteIds.has(key)) repeatedNoteAt = at;
        noteIds.add(key);
      } else if (
        paragraph &&
        ancestors.at(-1) === 'pPr' &&
        ancestors.at(-2) === 'p' &&
        element.name === 'pStyle' &&
        value
      )
        paragraph.styleId = value;
      else if (paragraph && ancestors.at(-1) === 'numPr' && ancestors.at(-2) === 'pPr' && ancestors.at(-3) === 'p') {
        if (element.name === 'numId' && value !== undefined) paragraph.numId = value;
        else if (element.name === 'ilvl') paragraph.level = listLevelOf(value);
      }
    },
    close(name, closeTagAt, end) {
      if (name === 'p') {
        const paragraph = open.pop();
        if (paragraph) paragraph.closeTagAt = closeTagAt;
      } else if (repeatedNoteAt !== null && (name === 'footnoteReference' || name === 'endnoteReference')) {
        main.repeatedNoteReferences.push({ from: repeatedNoteAt, to: end + 1 });
        repeatedNoteAt = null;
      }
    },
  };
}

/**
 * The number Word shows for each ordered-list paragraph (by index in `paragraphs`): counters per
 * abstract list and level; a level starts at its `w:start` (or the list's `w:startOverride`, once
 * per list instance), deeper levels restart after a shallower item.
 */
function listNumbers(
  paragraphs: readonly ParagraphNumbering[],
  numbering: NumberingDefinitions,
  styles: StyleDefinitions,
): Map<number, number> {
  const numbers = new Map<number, number>();
  const counters = new Map<string, Array<number | undefined>>();
  const overridden = new Set<string>();
  const abstractOf = (numId: string): string | null => {
    let abstractId = numbering.nums.get(numId)?.abstractId ?? null;
    // w:numStyleLink: the list is defined by a numbering style, which names another list instance.
    for (let hops = 0; abstractId !== null && hops < 4; hops++) {
      const link = numbering.abstracts.get(abstractId)?.styleLink;
      if (!link) return abstractId;
      const linkedNum = styles.get(link)?.numId;
      abstractId = linkedNum === undefined ? null : (numbering.nums.get(linkedNum)?.abstractId ?? null);
    }
    return abstractId;
  };
  paragraphs.forEach((paragraph, index) => {
    if (paragraph.skipped) return;
    let { numId, level } = paragraph;
    // Numbering inherited from the paragraph style (and what it is based on).
    for (let styleId = paragraph.styleId, hops = 0; numId === undefined && styleId && hops < 20; hops++) {
      const style = styles.get(styleId);
      numId = style?.numId;
      level ??= style?.level;
      styleId = style?.basedOn;
    }
    let abstractId: string | null = null;
    if (numId !== undefined) abstractId = numId === '0' ? null : abstractOf(numId);
    else if (paragraph.styleId && numbering.levelsByStyle.has(paragraph.styleId)) {
      const linked = numbering.levelsByStyle.get(paragraph.styleId);
      abstractId = linked?.abstractId ?? null;
      level ??= linked?.level;
    }
    if (abstractId === null) return;
    const at = level ?? 0;
    const definition = numbering.abstracts.get(abstractId)?.levels.get(at);
    if (!definition) return;
    const counter = counters.get(abstractId) ?? [];
    counters.set(abstractId, counter);
    const override = numId === undefined ? undefined : numbering.nums.get(numId)?.startOverrides.get(at);
    if (override !== undefined && !overridden.has(`${numId}/${at}`)) {
      overridden.add(`${numId}/${at}`);
      counter[at] = override - 1;
    } else if (counter[at] === undefined) counter[at] = definition.start - 1;
    counter[at] = (counter[at] ?? 0) + 1;
    counter.length = at + 1;
    if (definition.ordered && paragraph.closeTagAt !== null) numbers.set(index, counter[at] ?? 0);
  });
  return numbers;
}

/**
 * The main document as mammoth should read it: a marker run (`\uE000N\uE001`) at the end of each
 * ordered-list paragraph, repeated note references left out. One pass over sorted edits.
 */
function editMainDocument(xml: string, prefix: string, main: MainDocument, numbers: Map<number, number>): string {
  const edits = [
    ...[...numbers].map(([index, number]) => {
      const at = main.paragraphs[index]?.closeTagAt ?? 0;
      return { from: at, to: at, insert: `<${prefix}r><${prefix}t>\uE000${number}\uE001</${prefix}t></${prefix}r>` };
    }),
    ...main.repeatedNoteReferences.map(({ from, to }) => ({ from, to, insert: '' })),
  ].sort((a, b) => a.from - b.from);
  const parts: string[] = [];
  let last = 0;
  for (const { from, to, insert } of edits) {
    if (from < last) continue; // inside a span already left out
    parts.push(xml.slice(last, from), insert);
    last = to;
  }
  parts.push(xml.slice(last));
  return parts.join('');
}

/**
 * Only what mammoth calls on a zip file: `exists` and `read` (text or bytes); it writes only when embedding style maps.
 */
interface MammothZipFile {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
  write(name: string, contents: string): void;
  toArrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The archive as mammoth reads it: each part inflated (capped) on first read; each XML part
 * scanned (limits, DTD) before mammoth parses it; the numbering and style definitions collected
 * as mammoth reads them (it reads them before the main document), and the main document marked
 * with the list numbers Word shows.
 */
function zipFileForMammoth(archive: Archive, file: string): MammothZipFile {
  const cache = new Map<string, Promise<Buffer>>();
  const tally: XmlTally = { elements: 0 };
  const numbering: NumberingDefinitions = { abstracts: new Map(), nums: new Map(), levelsByStyle: new Map() };
  const styles: StyleDefinitions = new Map();
  const seen = new Set<string>();
  const bytesOf = (name: string): Promise<Buffer> => {
    let bytes = cache.get(name);
    if (!bytes) {
      const entry = archive.parts.get(name);
      bytes = entry ? inflatePart(archive, entry, file) : Promise.reject(invalid(file, `has no part ${name}`));
      cache.set(name, bytes);
    }
    return bytes;
  };
  const readText = async (name: string, encoding: string): Promise<string> => {
    const text = new TextDecoder(encoding).decode(await bytesOf(name));
    // XML never holds NUL; binary data (an image, a zip stored under an XML name) almost always does.
    if (text.includes('\u0000'))
      throw invalid(file, `is damaged: its part ${name} is not XML text (it holds binary data)`);
    const main: MainDocument = { paragraphs: [], repeatedNoteReferences: [] };
    const { prefix, root } = scanXmlPart(text, name, file, tally, (rootName) => {
      if (seen.has(rootName)) return null;
      if (rootName === 'numbering') return numberingVisitor(numbering);
      if (rootName === 'styles') return stylesVisitor(styles);
      if (rootName === 'document') return mainDocumentVisitor(main);
      return null;
    });
    seen.add(root);
    if (root !== 'document') return text;
    // mammoth reads styles and numbering first; should it not have, they are read here.
    for (const [definitions, partName] of [
      ['styles', 'word/styles.xml'],
      ['numbering', 'word/numbering.xml'],
    ] as const) {
      if (!seen.has(definitions) && archive.parts.has(partName)) await readText(partName, 'utf-8');
    }
    return editMainDocument(text, prefix, main, listNumbers(main.paragraphs, numbering, styles));
  };
  return {
    exists: (name) => archive.parts.has(name),
    async read(name, encoding) {
      if (!encoding) {
        const bytes = await bytesOf(name);
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      if (encoding === 'base64') return (await bytesOf(name)).toString('base64');
      return readText(name, encoding);
    },
    write() {
      throw new Error('the archive is read-only');
    },
    toArrayBuffer() {
      return Promise.reject(new Error('the archive is read-only'));
    },
  };
}

/** All nodes under `roots` in document order (pre-order), without recursion. */
function* descendants(roots: readonly AnyNode[]): Generator<AnyNode> {
  const stack: AnyNode[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i] as AnyNode);
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    yield node;
    if (isTag(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
}

function closestBlock(node: AnyNode): DomElement | null {
  for (let parent: ParentNode | null = node.parent; parent; parent = parent.parent) {
    if (isTag(parent) && blockTags.has(parent.name)) return parent;
  }
  return null;
}

/** Takes `nodes` out of the tree: each parent's children are filtered once (no quadratic splicing). */
function detachAll(nodes: ReadonlySet<AnyNode>): void {
  const parents = new Set<ParentNode>();
  for (const node of nodes) if (node.parent) parents.add(node.parent);
  for (const parent of parents) {
    parent.children = parent.children.filter((child) => !nodes.has(child));
    parent.children.forEach((child, index) => {
      child.prev = parent.children[index - 1] ?? null;
      child.next = parent.children[index + 1] ?? null;
    });
  }
  for (const node of nodes) {
    node.parent = null;
    node.prev = null;
    node.next = null;
  }
}

/**
 * Rank markers become the `value` of their item in a top-level ordered list (the HTML walk's
 * rank) or `N. ` before a numbered heading ("3. Water", as Word shows it). Lists nested in a list
 * item are sub-points of that item, not ranked items of their own: they become bullet lists, and
 * their markers (and those of paragraphs mammoth renders as plain paragraphs) are dropped.
 */
function applyRankMarkers(roots: readonly AnyNode[]): void {
  const marked: Array<{ text: Text; rank: string }> = [];
  for (const node of descendants(roots)) {
    if (isTag(node) && node.name === 'ol' && closestBlock(node)?.name === 'li') node.name = 'ul';
    const match = isText(node) ? rankMarker.exec(node.data) : null;
    if (match) marked.push({ text: node as Text, rank: match[1] as string });
  }
  for (const { text, rank } of marked) {
    text.data = text.data.replace(rankMarker, '');
    const block = closestBlock(text);
    if (!block) continue;
    const list = block.parent;
    if (block.name === 'li' && list && isTag(list as AnyNode) && (list as DomElement).name === 'ol')
      block.attribs.value = rank;
    else if (/^h[1-6]$/.test(block.name)) {
      const first = [...descendants(block.children)].find(
        (node): node is Text => isText(node) && node.data.trim() !== '',
      );
      if (first) first.data = `${rank}. ${first.data.trimStart()}`;
    }
  }
}

const noteReferenceId = new RegExp(`^${idPrefix}(foot|end)note-ref-`);
const noteId = new RegExp(`^${idPrefix}(foot|end)note-(?!ref-)`);

/**
 * Footnotes and endnotes: mammoth marks each reference `<sup><a id="…footnote-ref-1">[1]</a></sup>`
 * in the text and lists the notes in an `<ol>` at the end, each with a back link "↑". The markers
 * go (the Markdown parser drops footnote references too, and "[1]" would stick to a sentence), the
 * back links go, and the list becomes a "Notes" heading followed by the notes' own paragraphs.
 * Returns the new top-level nodes and the heading (which takes the position of the first note).
 */
function notesAsSection(roots: AnyNode[]): { roots: AnyNode[]; heading: DomElement | null } {
  const listIndex = roots.findIndex(
    (node) =>
      isTag(node) &&
      node.name === 'ol' &&
      node.children.some((item) => isTag(item) && noteId.test(item.attribs.id ?? '')),
  );
  const list = roots[listIndex];
  const removed = new Set<AnyNode>();
  for (const node of descendants(roots)) {
    if (!isTag(node) || node.name !== 'a') continue;
    if (noteReferenceId.test(node.attribs.id ?? '')) {
      // The reference mark, with its <sup> when that holds nothing else.
      const parent = node.parent;
      removed.add(
        parent && isTag(parent as AnyNode) && (parent as DomElement).name === 'sup' && parent.children.length === 1
          ? (parent as DomElement)
          : node,
      );
    } else if (list && noteReferenceId.test((node.attribs.href ?? '').slice(1)) && isInside(node, list)) {
      // A note's back link "↑", and the space mammoth puts before it.
      removed.add(node);
      if (node.prev && isText(node.prev)) node.prev.data = node.prev.data.replace(/ $/, '');
    }
  }
  detachAll(removed);
  if (!list || !isTag(list)) return { roots, heading: null };
  const noteContent = list.children.flatMap((item) => (isTag(item) ? item.children : [item]));
  const heading = new Element('h1', {}, [new Text('Notes')]);
  return { roots: [...roots.slice(0, listIndex), heading, ...noteContent, ...roots.slice(listIndex + 1)], heading };
}

function isInside(node: AnyNode, ancestor: AnyNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent === ancestor) return true;
  return false;
}

/** Each node's block number in reading order (p, h1–h6 and list items each count one, as Word paragraphs do). */
function blockNumbers(roots: readonly AnyNode[], heading: DomElement | null): Map<AnyNode, number> {
  const numbers = new Map<AnyNode, number>();
  let count = 0;
  for (const node of descendants(roots)) {
    if (node === heading) numbers.set(node, count + 1);
    else {
      if (isTag(node) && blockTags.has(node.name)) count++;
      numbers.set(node, Math.max(count, 1));
    }
  }
  return numbers;
}

async function convertWithMammoth(zipFile: MammothZipFile, file: string): Promise<string> {
  // mammoth's documented inputs are a path or a buffer (which it unzips with JSZip, without
  // limits); its `file` input — an opened archive, as its own tests pass — lets us do the unzipping.
  const convert = mammoth.convertToHtml as unknown as (
    input: { file: MammothZipFile },
    options: Parameters<typeof mammoth.convertToHtml>[1],
  ) => Promise<{ value: string }>;
  try {
    const result = await convert(
      { file: zipFile },
      {
        styleMap,
        idPrefix,
        ignoreEmptyParagraphs: false,
        externalFileAccess: false,
        includeEmbeddedStyleMap: false,
        // Images are not text: never inflate them.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    // result.messages (unknown styles, unsupported elements) are mammoth's warnings: never text.
    return result.value;
  } catch (cause) {
    if (cause instanceof DossierError) throw cause;
    const message = printableReason(errorText(cause));
    if (/main document part/i.test(message))
      throw invalid(file, 'has no main document part (word/document.xml)', cause);
    throw invalid(file, `cannot be read as a Word document (${message})`, cause);
  }
}

/** Reads a DOCX file into block events in reading order; throws DossierError only. */
export async function readDocx(bytes: Uint8Array, name: string): Promise<ProfileEvent[]> {
  checkSignature(bytes, name);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const archive = await openArchive(buffer, name);
  let html: string;
  try {
    if (!archive.parts.has('word/document.xml') && !archive.parts.has('_rels/.rels')) {
      throw invalid(name, 'has no main document part (word/document.xml)');
    }
    html = await convertWithMammoth(zipFileForMammoth(archive, name), name);
  } finally {
    archive.zip.close();
  }

  const parsed = parseHtmlNodes(html, name, () => start);
  applyRankMarkers(parsed);
  const { roots, heading } = notesAsSection(parsed);
  const numbers = blockNumbers(roots, heading);
  const events = htmlEvents(roots, {
    skipped: alwaysSkipped,
    positionOf: (node) => ({ line: numbers.get(node) ?? 1, column: 1 }),
  });
  const hasText = events.some(
    (event) =>
      (event.type === 'heading' && event.text.trim() !== '') ||
      (event.type === 'paragraph' && event.lines.some((line) => line.trim() !== '')),
  );
  if (!hasText) {
    throw new DossierError('EMPTY_DOCUMENT', `${name} is a Word document without text`, {
      file: name,
      line: 1,
      column: 1,
      expected: expectedActorTitle,
    });
  }
  return events;
}
