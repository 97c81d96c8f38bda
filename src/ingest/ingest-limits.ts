// The hard limits of ingest, in one table: each bounds the work a hostile document can cause,
// and each is far above anything a real profile, article, report or book comes near. A document
// over a limit is refused with DossierError LIMIT_EXCEEDED, the file, line and column of the
// offending place and the limit in `expected`. The checks run before the expensive parsing.
import { DossierError } from '../model/index.js';
import type { SourcePosition } from './source-position.js';

export interface IngestLimit {
  /** The largest value accepted. */
  readonly max: number;
  /** What is counted, for messages: "… (expected at most 256 nested HTML elements)". */
  readonly what: string;
}

export const ingestLimits = {
  /** HTML elements open inside each other (real pages: < 50). Keeps tree walks and library recursion shallow. */
  htmlNestingDepth: { max: 256, what: 'nested HTML elements' },
  /** Markdown containers on one line (block quotes `>` and list markers; real documents: < 10). */
  markdownContainerDepth: { max: 64, what: 'nested Markdown block quotes and list markers on one line' },
  /** Leading indentation of a Markdown line in columns (tab = 4): deep list nesting (real documents: < 40). */
  markdownIndentColumns: { max: 256, what: 'columns of indentation on one Markdown line' },
  /** Markdown `[` open at once inside one paragraph (links, images, footnotes; real documents: < 3). */
  markdownBracketDepth: { max: 32, what: 'nested Markdown brackets `[` in one paragraph' },
  /**
   * Markdown `[` in one paragraph (each link takes one or two; real paragraphs: < 50). Link resolution costs the square
   * of it.
   */
  markdownBracketsPerParagraph: { max: 512, what: 'Markdown brackets `[` in one paragraph' },
  /**
   * Runs of emphasis delimiters `*`/`_` in one paragraph (real paragraphs: < 20). Emphasis resolution costs the square
   * of it.
   */
  markdownEmphasisRuns: { max: 256, what: 'runs of Markdown emphasis markers `*` or `_` in one paragraph' },
  /**
   * Setext headings (a line of `=` or `-` under text) per document (real documents: < 50); each re-edits the parse so
   * far.
   */
  markdownSetextHeadings: { max: 200, what: 'Markdown setext headings (text underlined with = or -)' },
  /** Markdown link openings `](` without their closing `)` in one paragraph (real documents: 0–1). */
  markdownUnclosedLinks: { max: 32, what: 'unclosed Markdown link destinations `](` in one paragraph' },
  /**
   * Markdown headings (ATX `#` lines) per document (real documents, even books: < 1,000). Each costs the parser a
   * block.
   */
  markdownHeadings: { max: 2_000, what: 'Markdown headings' },
  /**
   * Markdown blocks per document: paragraphs, headings, list items and block quotes (a long report: < 3,000).
   * The Markdown parser costs roughly 0.1 ms per block, so this bounds the parse of block-dense documents to about 1 s.
   */
  markdownBlocks: { max: 10_000, what: 'Markdown blocks (paragraphs, headings, list items)' },
  /**
   * Length of one Markdown paragraph in UTF-16 code units (real paragraphs: < 10,000). Inline parsing of one paragraph
   * costs up to its length times its markers.
   */
  markdownParagraphLength: { max: 65_536, what: 'UTF-16 code units in one Markdown paragraph' },
  /**
   * Runs of backticks (code span openers and closers) in one paragraph (real paragraphs: < 40). Matching code spans
   * costs runs times paragraph length.
   */
  markdownBacktickRuns: { max: 256, what: 'runs of Markdown backticks ` in one paragraph' },
  /** Hard line breaks (backslash or two spaces at a line end) in one paragraph (real paragraphs: < 50). */
  markdownHardBreaks: { max: 1_000, what: 'Markdown hard line breaks in one paragraph' },
  /** Markdown link reference definitions (`[label]: url`) per document (real documents: < 200). */
  markdownLinkDefinitions: { max: 1000, what: 'Markdown link reference definitions' },
  /** Keys of the YAML front matter (it has six meaningful keys). */
  frontMatterKeys: { max: 200, what: 'front-matter keys' },
  /** Size of the YAML front matter in UTF-16 code units. */
  frontMatterSize: { max: 16_384, what: 'UTF-16 code units of front matter' },
  /** Nesting of YAML flow collections `[`/`{` and block indentation levels in the front matter. */
  frontMatterNestingDepth: { max: 32, what: 'nested front-matter collections' },
  /**
   * Parts (files) in a DOCX zip archive (Word writes 10–40; with many images a few hundred). Counted from the central
   * directory before any part is read.
   */
  docxArchiveEntries: { max: 10_000, what: 'parts in one DOCX archive' },
  /**
   * Declared uncompressed size of all parts of a DOCX together. The 5 MiB upload cap holds at most
   * ~50 MiB of real Word XML (it compresses about 10:1); anything beyond is padding or a zip bomb.
   */
  docxUncompressedBytes: { max: 64 * 1024 * 1024, what: 'bytes of DOCX parts once uncompressed' },
  /**
   * One uncompressed DOCX part, declared and actually inflated (document.xml of a 300-page report:
   * 2–8 MiB). mammoth reads 15 MiB of text-heavy XML in ~1 s and < 300 MB of heap.
   */
  docxPartBytes: { max: 16 * 1024 * 1024, what: 'bytes in one uncompressed DOCX part' },
  /**
   * Compression ratio (uncompressed / compressed) of a DOCX part over `docxRatioCheckedFrom` bytes.
   * Word XML compresses 5–30:1, images about 1:1; deflate's ceiling is ~1,030:1, which only bombs approach.
   */
  docxCompressionRatio: {
    max: 200,
    what: 'times compression (uncompressed / compressed size) of one DOCX part over 1 MiB',
  },
  /**
   * XML elements nested in one DOCX part (Word's deepest real nesting, text boxes in nested tables: < 60).
   * mammoth reads and converts its XML tree recursively: this keeps the recursion shallow.
   */
  docxXmlNestingDepth: { max: 256, what: 'nested XML elements in one DOCX part' },
  /**
   * XML elements in the parts of one DOCX that are read (document, styles, numbering, notes). What
   * mammoth costs grows with elements, not bytes: 240,000 elements (a 400-page, heavily formatted
   * report) take ~2.7 s and < 200 MB of heap; a million would take ~10 s and 1.6 GB.
   */
  docxXmlElements: { max: 250_000, what: 'XML elements in the parts of one DOCX' },
  /** Sentences per document: the 5 MiB document cap holds about 40,000-50,000 sentences of prose. */
  sentencesPerDocument: { max: 50_000, what: 'sentences in one document' },
  /** Length of one sentence in UTF-16 code units (the longest sentences of real prose: ~5,000). */
  sentenceLength: { max: 50_000, what: 'UTF-16 code units in one sentence' },
  /** Pages of a PDF (long reports and books: < 1,000). Checked from the page count before any page is read. */
  pdfPages: { max: 2_000, what: 'PDF pages' },
  /**
   * Text extracted from a PDF in UTF-16 code units, each text item counting at least one: the 5 MiB
   * document cap, applied to what the PDF holds (its streams are compressed). Checked page by page.
   */
  pdfTextLength: { max: 5 * 1024 * 1024, what: 'UTF-16 code units of text in the PDF' },
} as const satisfies Record<string, IngestLimit>;

/**
 * Parts at most this large (1 MiB) are not held to `docxCompressionRatio`: small XML parts of repeated markup compress
 * well.
 */
export const docxRatioCheckedFrom = 1024 * 1024;

/** Throws LIMIT_EXCEEDED for `limit` at `position` of `file`; `found` says how much was found (or "more"). */
export function refuseOverLimit(limit: IngestLimit, file: string, position: SourcePosition, found?: number): never {
  const amount = found === undefined ? `more than ${limit.max}` : `${found}`;
  throw new DossierError('LIMIT_EXCEEDED', `${file} has ${amount} ${limit.what}`, {
    file,
    line: position.line,
    column: position.column,
    expected: `at most ${limit.max} ${limit.what}`,
  });
}
