// Tests of the PDF reader on PDFs made at test time with pdfkit: every bundled example profile as
// a typeset PDF (title, headings, "1. Title" interests, wrapped and hyphenated body text, running
// header and "Page N" footer, two or more pages) read back to the same document as its Markdown,
// with the right page for every sentence; hyphenation and layout cases one by one; and hostile
// files (no text layer, password, truncated, garbage, too many pages, a text bomb) refused quickly.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { DossierError, ProfileDocumentSchema, type ProfileDocument } from '../model/index.js';
import { ingestDocument, ingestProfile } from './ingest-profile.js';
import { ingestLimits } from './ingest-limits.js';
import { readPdf } from './pdf-reader.js';

const examples = join(import.meta.dirname, '..', '..', 'examples');

/**
 * pdfkit's standard fonts are WinAnsi: the few Turkish letters of the examples outside it are written as their base
 * letters.
 */
const winAnsi = (text: string): string =>
  text.replace(/ğ/g, 'g').replace(/ı/g, 'i').replace(/ş/g, 's').replace(/İ/g, 'I');

interface Block {
  kind: 'title' | 'heading' | 'interest' | 'paragraph';
  text: string;
}

/** The blocks of an ingested document, in order, from its layout text. */
function blocksOf(document: ProfileDocument): Block[] {
  const blocks: Block[] = [];
  let offset = 0;
  for (const line of document.text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (line === '') continue;
    let kind: Block['kind'] = 'paragraph';
    if (start === document.titleSpan.start) kind = 'title';
    else if (document.sections.some((section) => section.headingStart === start)) kind = 'heading';
    else if (document.interests.some((interest) => interest.start === start)) kind = 'interest';
    blocks.push({ kind, text: winAnsi(line) });
  }
  return blocks;
}

interface Typeset {
  bytes: Uint8Array;
  pages: number;
  /** For each paragraph block (by block index), the page of each stretch of its text: [offset in the text, page]. */
  pagesOfParagraph: Map<number, Array<[number, number]>>;
  /** Lines that end inside a word split with a hyphen, and lines that end after the hyphen or dash of a compound. */
  hyphenated: number;
  compoundBreaks: number;
}

interface TypesetOptions {
  header?: string;
  /** Page size in points (default A5). */
  size?: [number, number];
  /** Split long lower-case words at line ends with a hyphen (default true). */
  hyphenate?: boolean;
  /** Break lines after the hyphen of a compound (default true). */
  breakCompounds?: boolean;
}

const styles: Record<Block['kind'], { font: string; size: number; before: number; after: number }> = {
  title: { font: 'Helvetica-Bold', size: 24, before: 0, after: 14 },
  heading: { font: 'Helvetica-Bold', size: 16, before: 10, after: 6 },
  interest: { font: 'Helvetica-Bold', size: 13, before: 8, after: 4 },
  paragraph: { font: 'Helvetica', size: 11, before: 0, after: 7 },
};

/**
 * Typesets blocks with pdfkit, line by line: words wrap at spaces, after the hyphen or dash of a
 * compound, and inside long lower-case words, which get a hyphen at the line end (the soft
 * hyphenation of a typesetter). Running header (`header`) and "Page N" footer on every page.
 */
async function typeset(blocks: Block[], options: TypesetOptions = {}): Promise<Typeset> {
  const [width, height] = options.size ?? [420, 595];
  const margin = 50;
  const doc = new PDFDocument({ size: [width, height], margin, bufferPages: true, compress: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const lineWidth = width - 2 * margin;
  let y = margin;
  const pagesOfParagraph = new Map<number, Array<[number, number]>>();
  let page = 1;
  let hyphenated = 0;
  let compoundBreaks = 0;
  const newPage = (): void => {
    doc.addPage();
    page++;
    y = margin;
  };

  blocks.forEach((block, blockIndex) => {
    const style = styles[block.kind];
    doc.font(style.font).fontSize(style.size);
    const lineHeight = style.size * 1.2;
    if (y > margin) y += style.before;
    // Keep a heading with the first lines of what follows it.
    if (block.kind !== 'paragraph' && y + lineHeight + 3 * 13.2 > height - margin) newPage();
    // Pieces: text between break opportunities; `glue` is what joins a piece to the next on the same line.
    const pieces: Array<{ text: string; start: number; glue: string }> = [];
    const tokenPattern = /\S+/g;
    for (let match = tokenPattern.exec(block.text); match; match = tokenPattern.exec(block.text)) {
      const token = match[0];
      const parts = options.breakCompounds === false ? [token] : token.split(/(?<=[\p{L}\p{N}][-–](?=\p{L}))/u);
      let at = match.index;
      parts.forEach((part, index) => {
        pieces.push({ text: part, start: at, glue: index < parts.length - 1 ? '' : ' ' });
        at += part.length;
      });
    }
    const stretches: Array<[number, number]> = [];
    let line = '';
    let lineStart = 0;
    const emit = (text: string, start: number): void => {
      if (y + lineHeight > height - margin) newPage();
      doc.text(text, margin, y, { lineBreak: false });
      if (stretches[stretches.length - 1]?.[1] !== page) stretches.push([start, page]);
      y += lineHeight;
    };
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as (typeof pieces)[number];
      const glue = i > 0 ? (pieces[i - 1] as (typeof pieces)[number]).glue : '';
      const candidate = line === '' ? piece.text : line + glue + piece.text;
      if (doc.widthOfString(candidate) <= lineWidth) {
        if (line === '') lineStart = piece.start;
        line = candidate;
        continue;
      }
      // Hyphenate a long lower-case word: as much as fits, at least four letters on each side.
      const word = /^(\p{Ll}{9,})([.,;:]?)$/u.exec(piece.text);
      if (options.hyphenate !== false && word && line !== '') {
        const letters = word[1] as string;
        let cut = 0;
        for (let k = 4; k <= letters.length - 4; k++)
          if (doc.widthOfString(`${line}${glue}${letters.slice(0, k)}-`) <= lineWidth) cut = k;
        if (cut > 0) {
          emit(`${line}${glue}${letters.slice(0, cut)}-`, lineStart);
          hyphenated++;
          line = piece.text.slice(cut);
          lineStart = piece.start + cut;
          continue;
        }
      }
      if (line !== '') emit(line, lineStart);
      if (line !== '' && glue === '') compoundBreaks++;
      line = piece.text;
      lineStart = piece.start;
    }
    if (line !== '') emit(line, lineStart);
    if (block.kind === 'paragraph') pagesOfParagraph.set(blockIndex, stretches);
    y += style.after;
  });

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    doc.font('Helvetica').fontSize(8);
    if (options.header) doc.text(options.header, margin, 24, { lineBreak: false });
    doc.text(`Page ${index + 1}`, width / 2 - 12, height - 32, { lineBreak: false });
  }
  doc.end();
  await ended;
  return {
    bytes: new Uint8Array(Buffer.concat(chunks)),
    pages: range.count,
    pagesOfParagraph,
    hyphenated,
    compoundBreaks,
  };
}

/** A PDF made with pdfkit by `draw`. */
async function pdfOf(
  draw: (doc: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A5', margin: 50, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  draw(doc);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const sentenceTexts = (document: ProfileDocument): string[] =>
  document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end));
const pageOf = (document: ProfileDocument, offset: number): number | undefined =>
  document.pages?.find((span) => span.start <= offset && offset < span.end)?.number;

async function refusal(run: () => Promise<unknown>): Promise<{ error: DossierError; cpuMs: number }> {
  const before = process.cpuUsage();
  try {
    await run();
  } catch (error) {
    const used = process.cpuUsage(before);
    expect(error).toBeInstanceOf(DossierError);
    return { error: error as DossierError, cpuMs: (used.user + used.system) / 1000 };
  }
  throw new Error('expected a DossierError');
}

const profileExamples = readdirSync(examples)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .sort();

describe('readPdf on the example profiles typeset as PDFs', () => {
  /**
   * What the typeset examples held: paragraphs across a page break, hyphenated words, compounds broken at their hyphen.
   */
  const counts = { crossings: 0, hyphenated: 0, compoundBreaks: 0 };

  it('finds all twelve example profiles', () => {
    expect(profileExamples).toHaveLength(12);
  });

  it.each(profileExamples)(
    '%s: the same actor, sections, interests and sentences as the Markdown, each sentence with its page',
    async (file) => {
      const markdown = ingestProfile({ bytes: readFileSync(join(examples, file)), name: file });
      const blocks = blocksOf(markdown);
      // The PDF's title is the front matter's actor (the Markdown's title may differ).
      blocks[0] = { kind: 'title', text: winAnsi(markdown.actor.name) };
      const typeset_ = await typeset(blocks, { header: winAnsi(markdown.actor.name) });
      expect(typeset_.pages).toBeGreaterThanOrEqual(2);

      const pdfName = file.replace(/\.md$/, '.pdf');
      // As a file read from disk: a Buffer (pdf.js itself takes plain Uint8Arrays only).
      const pdf = await ingestDocument({ bytes: Buffer.from(typeset_.bytes), name: pdfName });
      expect(ProfileDocumentSchema.parse(pdf)).toEqual(pdf);
      expect(pdf.source).toMatchObject({ name: pdfName, format: 'pdf', bytes: typeset_.bytes.length });
      expect(pdf.actor.name).toBe(winAnsi(markdown.actor.name));
      expect(pdf.actor.country).toBe(markdown.actor.country);
      expect(pdf.sections.map((section) => [section.heading, section.kind])).toEqual(
        markdown.sections.map((section) => [winAnsi(section.heading), section.kind]),
      );
      expect(pdf.interests.map(({ rank, title }) => ({ rank, title }))).toEqual(
        markdown.interests.map(({ rank, title }) => ({ rank, title: winAnsi(title) })),
      );
      expect(sentenceTexts(pdf)).toEqual(sentenceTexts(markdown).map(winAnsi));
      expect(pdf.sentences.map(({ section, interest }) => ({ section, interest }))).toEqual(
        markdown.sentences.map(({ section, interest }) => ({ section, interest })),
      );
      // No running header, footer or page number got into the text.
      expect(pdf.text).not.toMatch(/Page \d/);
      expect(pdf.text.split(winAnsi(markdown.actor.name)).length).toBe(markdown.text.split(markdown.actor.name).length);

      // Pages: spans cover the text in order, and each sentence is on the page it was typeset on.
      const pages = pdf.pages ?? [];
      expect(pages[0]?.start).toBe(0);
      expect(pages[pages.length - 1]?.end).toBe(pdf.text.length);
      for (let i = 1; i < pages.length; i++) expect(pages[i]?.start).toBe(pages[i - 1]?.end);
      expect(pages.map((span) => span.number)).toEqual([...Array(typeset_.pages).keys()].map((index) => index + 1));
      const expectedPages = markdown.sentences.map((sentence) => {
        const lineStart = markdown.text.lastIndexOf('\n', sentence.start) + 1;
        const blockIndex = markdown.text
          .slice(0, lineStart)
          .split('\n')
          .filter((line) => line !== '').length;
        const stretches = typeset_.pagesOfParagraph.get(blockIndex) ?? [];
        let page = stretches[0]?.[1];
        for (const [start, number] of stretches) if (start <= sentence.start - lineStart) page = number;
        return page;
      });
      expect(pdf.sentences.map((sentence) => pageOf(pdf, sentence.start))).toEqual(expectedPages);
      expect(expectedPages).toContain(2);
      counts.crossings += [...typeset_.pagesOfParagraph.values()].filter((stretches) => stretches.length > 1).length;
      counts.hyphenated += typeset_.hyphenated;
      counts.compoundBreaks += typeset_.compoundBreaks;
    },
  );

  it(
    'met among the examples paragraphs across page breaks, words hyphenated at line ends and compounds broken ' +
      'after their hyphen',
    () => {
      expect(counts.crossings).toBeGreaterThan(3);
      expect(counts.hyphenated).toBeGreaterThan(20);
      expect(counts.compoundBreaks).toBeGreaterThan(3);
    },
  );

  it(
    'reads the examples back the same at ten page widths (other ' + 'line breaks, hyphenations and page breaks)',
    async () => {
      const differences: string[] = [];
      for (let width = 270; width <= 630; width += 40) {
        for (const file of profileExamples) {
          const markdown = ingestProfile({ bytes: readFileSync(join(examples, file)), name: file });
          const blocks = blocksOf(markdown);
          blocks[0] = { kind: 'title', text: winAnsi(markdown.actor.name) };
          const { bytes } = await typeset(blocks, { header: winAnsi(markdown.actor.name), size: [width, 700] });
          const pdf = await ingestDocument({ bytes, name: file.replace(/\.md$/, '.pdf') });
          const expected = sentenceTexts(markdown).map(winAnsi);
          const read = sentenceTexts(pdf);
          if (
            JSON.stringify(pdf.interests.map(({ rank, title }) => [rank, title])) !==
            JSON.stringify(markdown.interests.map(({ rank, title }) => [rank, winAnsi(title)]))
          ) {
            differences.push(`${file} at ${width} pt: interests differ`);
          }
          expected.forEach((sentence, index) => {
            if (read[index] !== sentence)
              differences.push(`${file} at ${width} pt: "${read[index]}" for "${sentence}"`);
          });
          if (read.length !== expected.length)
            differences.push(`${file} at ${width} pt: ${read.length} sentences for ${expected.length}`);
        }
      }
      expect(differences).toEqual([]);
    },
    60_000,
  );

  it('keeps no pages key for the other formats', () => {
    const markdown = ingestProfile({ bytes: readFileSync(join(examples, 'china.md')), name: 'china.md' });
    expect('pages' in markdown).toBe(false);
  });
});

describe('readPdf cost', () => {
  it('reads a 100-page text PDF for a bounded multiple of the CPU of the same text as plain text', async () => {
    // The example profiles' paragraphs, over and over, under one title and section, as PDF and as plain text.
    const paragraphs = profileExamples.flatMap((file) =>
      blocksOf(ingestProfile({ bytes: readFileSync(join(examples, file)), name: file })).filter(
        (block) => block.kind === 'paragraph',
      ),
    );
    const head: Block[] = [
      { kind: 'title', text: 'Kazakhstan' },
      { kind: 'heading', text: 'Profile' },
    ];
    const letter: [number, number] = [612, 792];
    const once = await typeset([...head, ...paragraphs], { header: 'Kazakhstan', size: letter });
    const rounds = Math.ceil(100 / once.pages) + 1;
    const blocks = [...head, ...Array.from({ length: rounds }, () => paragraphs).flat()];
    const pdf = await typeset(blocks, { header: 'Kazakhstan', size: letter });
    expect(pdf.pages).toBeGreaterThanOrEqual(100);
    const text = new TextEncoder().encode(blocks.map((block) => block.text).join('\n'));

    const cpuMs = async (run: () => unknown): Promise<number> => {
      const before = process.cpuUsage();
      await run();
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    const best = async (run: () => unknown): Promise<number> => {
      await run();
      return Math.min(await cpuMs(run), await cpuMs(run));
    };
    const fromText = ingestProfile({ bytes: text, name: 'long.txt' });
    const fromPdf = await ingestDocument({ bytes: pdf.bytes, name: 'long.pdf' });
    expect(sentenceTexts(fromPdf)).toEqual(sentenceTexts(fromText));
    expect(fromPdf.pages?.length).toBe(pdf.pages);

    const textMs = await best(() => ingestProfile({ bytes: text, name: 'long.txt' }));
    const pdfMs = await best(() => ingestDocument({ bytes: pdf.bytes, name: 'long.pdf' }));
    const ratio = pdfMs / textMs;
    console.log(
      `100-page PDF: ${pdf.pages} pages, parse ${pdfMs.toFixed(0)} ms CPU (${(pdfMs / pdf.pages).toFixed(2)} ms ` +
        `a page); plain text ${textMs.toFixed(1)} ms; ratio ${ratio.toFixed(1)}×`,
    );
    // Parsing alone: pdf.js costs some 4 ms a page, the plain text almost nothing, so the ratio here is
    // large (about 30×). The 3× is for the whole ingest (parse + extraction), measured by
    // bench/pdf-ingest.mjs (about 2–3×). Here: generous bounds that still catch a reader gone quadratic.
    expect(pdfMs / pdf.pages).toBeLessThan(25);
    expect(ratio).toBeLessThan(150);
  }, 120_000);
});

describe('readPdf on layout details', () => {
  const profile = (body: string[]): Block[] => [
    { kind: 'title', text: 'Kazakhstan' },
    { kind: 'heading', text: 'Profile' },
    ...body.map((text): Block => ({ kind: 'paragraph', text })),
  ];

  /** The body text of a PDF typeset from lines placed one by one (each `[text, x, y]` on an A5 page). */
  async function placedLines(lines: Array<[string, number, number]>, size = 11): Promise<string> {
    const bytes = await pdfOf((doc) => {
      doc.font('Helvetica-Bold').fontSize(22).text('Kazakhstan', 50, 50, { lineBreak: false });
      doc.fontSize(15).text('Profile', 50, 90, { lineBreak: false });
      doc.font('Helvetica').fontSize(size);
      for (const [text, x, y] of lines) doc.text(text, x, y, { lineBreak: false });
    });
    const document = await ingestDocument({ bytes, name: 'placed.pdf' });
    return document.text.slice((document.sections[0]?.headingEnd ?? 0) + 1);
  }

  it('joins a word hyphenated at a line end when the next line goes on in lower case', async () => {
    expect(
      await placedLines([
        ['The regio-', 50, 130],
        ['nal railway opened.', 50, 143],
      ]),
    ).toBe('The regional railway opened.');
    expect(
      await placedLines([
        ['An unprece-', 50, 130],
        ['dented visit took place.', 50, 143],
      ]),
    ).toBe('An unprecedented visit took place.');
  });

  it('keeps the hyphen of a compound: a capital after it, a known compound part, a chain, a number', async () => {
    expect(
      await placedLines([
        ['Kazakh-', 50, 130],
        ['Afghan trade grew.', 50, 143],
      ]),
    ).toBe('Kazakh-Afghan trade grew.');
    expect(
      await placedLines([
        ['The Taliban-', 50, 130],
        ['led government.', 50, 143],
      ]),
    ).toBe('The Taliban-led government.');
    expect(
      await placedLines([
        ['Their day-to-', 50, 130],
        ['day work went on.', 50, 143],
      ]),
    ).toBe('Their day-to-day work went on.');
    expect(
      await placedLines([
        ['A ten-', 50, 130],
        ['year contract was signed.', 50, 143],
      ]),
    ).toBe('A ten-year contract was signed.');
    expect(
      await placedLines([
        ['Since mid-', 50, 130],
        ['2021 trade grew.', 50, 143],
      ]),
    ).toBe('Since mid-2021 trade grew.');
    expect(
      await placedLines([
        ['A state-', 50, 130],
        ['owned company.', 50, 143],
      ]),
    ).toBe('A state-owned company.');
  });

  it('reads a hyphen in a chain or after a number as a compound, and a word ending as a hyphenation', async () => {
    expect(
      await placedLines([
        ['A state-of-the-', 50, 130],
        ['art system.', 50, 143],
      ]),
    ).toBe('A state-of-the-art system.');
    expect(
      await placedLines([
        ['A 25-', 50, 130],
        ['year lease.', 50, 143],
      ]),
    ).toBe('A 25-year lease.');
    expect(
      await placedLines([
        ['The well-estab-', 50, 130],
        ['lished route.', 50, 143],
      ]),
    ).toBe('The well-established route.');
    expect(
      await placedLines([
        ['A republic-', 50, 130],
        ['era law and a cam-', 50, 143],
        ['era crew.', 50, 156],
      ]),
    ).toBe('A republic-era law and a camera crew.');
    expect(
      await placedLines([
        ['Over the years their under-', 50, 130],
        ['standing grew; talks were suspend-', 50, 143],
        ['ed.', 50, 156],
      ]),
    ).toBe('Over the years their understanding grew; talks were suspended.');
    expect(
      await placedLines([
        ['A follow-', 50, 130],
        ['up visit.', 50, 143],
      ]),
    ).toBe('A follow-up visit.');
  });

  it('decides by the document itself where it spells the word elsewhere', async () => {
    // "fibre-optic" is no known compound, but the document writes it with its hyphen on one line.
    expect(
      await placedLines([
        ['A fibre-optic cable. Another fibre-', 50, 130],
        ['optic link.', 50, 143],
      ]),
    ).toBe('A fibre-optic cable. Another fibre-optic link.');
    // "railway" is written whole elsewhere: "rail-" + "way" is a hyphenation.
    expect(
      await placedLines([
        ['The railway grew. A new rail-', 50, 130],
        ['way opened.', 50, 143],
      ]),
    ).toBe('The railway grew. A new railway opened.');
  });

  it('joins a dash or slash attached to a word without a space, and a spaced dash with one', async () => {
    expect(
      await placedLines([
        ['the China–', 50, 130],
        ['Pakistan corridor and/', 50, 143],
        ['or more – ', 50, 156],
        ['said.', 50, 169],
      ]),
    ).toBe('the China–Pakistan corridor and/or more – said.');
  });

  it('reads a two-column page left column first, after a full-width line', async () => {
    const left = [
      'Left one starts the first',
      'column with words that',
      'run down the left side',
      'of the page in order.',
      'Left five ends it here.',
    ];
    const right = [
      'Right one starts the',
      'second column, which',
      'is read after the left',
      'one has been read in',
      'full. Right six ends.',
    ];
    const lines: Array<[string, number, number]> = [
      ['A full-width opening line runs across both columns here.', 50, 120],
    ];
    left.forEach((text, index) => lines.push([text, 50, 140 + index * 13]));
    right.forEach((text, index) => lines.push([text, 220, 140 + index * 13]));
    const text = await placedLines(lines, 9);
    expect(text).toBe(`A full-width opening line runs across both columns here.\n${left.join(' ')} ${right.join(' ')}`);
  });

  it(
    'splits paragraphs at a vertical gap, at a first-line indent and after a line that stops far short of the ' +
      'margin',
    async () => {
      const text = await placedLines([
        ['First paragraph line one goes on and on to the right margin', 50, 130],
        ['and ends here.', 50, 143],
        ['Second paragraph after a gap runs right up to its margin', 50, 165],
        ['and ends.', 50, 178],
        ['A third paragraph starts indented and goes on to', 70, 191],
        ['its margin and ends.', 50, 204],
        ['A short line stands alone', 50, 217],
        ['when the next one starts with more words on it here.', 50, 230],
      ]);
      expect(text).toBe(
        [
          'First paragraph line one goes on and on to the right margin and ends here.',
          'Second paragraph after a gap runs right up to its margin and ends.',
          'A third paragraph starts indented and goes on to its margin and ends.',
          'A short line stands alone',
          'when the next one starts with more words on it here.',
        ].join('\n'),
      );
    },
  );

  it('removes a running header, "Page N of M" and "- N -" page numbers, and keeps the body', async () => {
    const blocks = profile(
      Array.from(
        { length: 30 },
        (_, index) =>
          `Paragraph ${index + 1} says that Kazakhstan supplies wheat to Afghanistan through Uzbekistan and ` +
          `Turkmenistan.`,
      ),
    );
    const bytes = await pdfOf(
      (doc) => {
        doc
          .font('Helvetica-Bold')
          .fontSize(22)
          .text(blocks[0]?.text ?? '');
        doc.fontSize(15).text('Profile');
        doc.font('Helvetica').fontSize(11);
        for (const block of blocks.slice(2)) doc.text(block.text, { paragraphGap: 6 });
        const range = doc.bufferedPageRange();
        for (let index = 0; index < range.count; index++) {
          doc.switchToPage(index);
          doc.fontSize(8).text('Central Asia Brief 2024 — Kazakhstan', 50, 20, { lineBreak: false });
          doc.text(index % 2 === 0 ? `Page ${index + 1} of ${range.count}` : `- ${index + 1} -`, 180, 575, {
            lineBreak: false,
          });
        }
      },
      { bufferPages: true },
    );
    const document = await ingestDocument({ bytes, name: 'brief.pdf' });
    expect(document.text).not.toMatch(/Brief 2024|Page \d|- \d -/);
    expect(sentenceTexts(document)).toEqual(blocks.slice(2).map((block) => block.text));
    expect(document.pages?.length).toBeGreaterThanOrEqual(2);
  });

  it('makes headings of larger print, depth by size, and keeps body-size lines as paragraphs', async () => {
    const bytes = await pdfOf((doc) => {
      doc.font('Helvetica-Bold').fontSize(24).text('Kazakhstan');
      doc.fontSize(16).text('Profile');
      doc
        .font('Helvetica')
        .fontSize(11)
        .text('Kazakhstan ships grain to Afghanistan. It also sends fuel.', { paragraphGap: 8 });
      doc.font('Helvetica-Bold').fontSize(16).text('Key Interests & Priorities');
      doc.fontSize(13).text('1. Spillover of Insecurity');
      doc.font('Helvetica').fontSize(11).text('Astana fears instability. It watches the border.', { paragraphGap: 8 });
      doc.font('Helvetica-Bold').fontSize(13).text('2. Trade');
      doc.font('Helvetica').fontSize(11).text('Trade matters most.', { paragraphGap: 8 });
    });
    const events = await readPdf(bytes, 'headings.pdf');
    expect(
      events
        .filter((event) => event.type === 'heading')
        .map((event) => event.type === 'heading' && [event.depth, event.text]),
    ).toEqual([
      [1, 'Kazakhstan'],
      [2, 'Profile'],
      [2, 'Key Interests & Priorities'],
      [3, '1. Spillover of Insecurity'],
      [3, '2. Trade'],
    ]);
    expect(events.every((event) => event.type === 'item-end' || event.source.column === 1)).toBe(true);
    expect(events.map((event) => (event.type === 'item-end' ? 0 : event.source.line))).toEqual(
      events.map((_, index) => index + 1),
    );
    const document = await ingestDocument({ bytes, name: 'headings.pdf' });
    expect(document.interests.map(({ rank, title }) => [rank, title])).toEqual([
      [1, 'Spillover of Insecurity'],
      [2, 'Trade'],
    ]);
    expect(document.pages).toEqual([{ number: 1, start: 0, end: document.text.length }]);
  });

  it('finds interests set in body print: "1. Title" lines that stop short of the margin stand alone', async () => {
    const bytes = await pdfOf((doc) => {
      doc.font('Helvetica-Bold').fontSize(22).text('Kazakhstan');
      doc.font('Helvetica').fontSize(11);
      doc.text('Profile');
      doc.text('Kazakhstan ships grain to Afghanistan and sends fuel across the long border through Uzbekistan.');
      doc.text('Key Interests & Priorities');
      doc.font('Helvetica-Bold').text('1. Spillover of Insecurity');
      doc
        .font('Helvetica')
        .text('Astana fears that instability could spread north into Central Asia and watches the border closely.');
      doc.font('Helvetica-Bold').text('2. Trade');
      doc.font('Helvetica').text('Trade matters most of all to the grain exporters of the north of the country today.');
    });
    const document = await ingestDocument({ bytes, name: 'plain.pdf' });
    expect(document.sections.map((section) => section.heading)).toEqual(['Profile', 'Key Interests & Priorities']);
    expect(document.interests.map(({ rank, title }) => [rank, title])).toEqual([
      [1, 'Spillover of Insecurity'],
      [2, 'Trade'],
    ]);
    expect(document.sentences.map((sentence) => sentence.interest)).toEqual([null, 1, 2]);
  });

  it('reads a PDF protected only by an owner password (opens without one)', async () => {
    const bytes = await pdfOf(
      (doc) => {
        doc.font('Helvetica-Bold').fontSize(22).text('Kazakhstan');
        doc.fontSize(15).text('Profile');
        doc.font('Helvetica').fontSize(11).text('Kazakhstan ships grain to Afghanistan.');
      },
      { ownerPassword: 'owner', permissions: { copying: false, printing: 'lowResolution' } },
    );
    const document = await ingestDocument({ bytes, name: 'restricted.pdf' });
    expect(sentenceTexts(document)).toEqual(['Kazakhstan ships grain to Afghanistan.']);
  });
});

describe('readPdf on hostile and broken files', () => {
  const cpuLimitMs = 5_000;

  it('refuses a PDF of images only (a scan) with the no-text-layer message', async () => {
    const scan = await pdfOf((doc) => {
      doc.rect(50, 50, 300, 400).fill('#777777');
      doc.addPage().rect(60, 60, 200, 200).fill('#333333');
    });
    // The same, stamped with page numbers: those are no text layer either.
    const stamped = await pdfOf((doc) => {
      for (let page = 1; page <= 3; page++) {
        if (page > 1) doc.addPage();
        doc.rect(50, 50, 300, 400).fill('#777777');
        doc.fillColor('black').fontSize(8).text(`${page}`, 200, 570, { lineBreak: false });
      }
    });
    for (const bytes of [scan, stamped]) {
      const { error, cpuMs } = await refusal(() => ingestDocument({ bytes, name: 'scan.pdf' }));
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.message).toBe(
        'scan.pdf has no text layer (a scanned PDF?); Dossier does not do OCR — export it with its text or run ' +
          'OCR first',
      );
      expect(error).toMatchObject({
        file: 'scan.pdf',
        line: 1,
        column: 1,
        expected: 'a PDF with a text layer (text that can be selected and copied)',
      });
      expect(cpuMs).toBeLessThan(cpuLimitMs);
    }
  });

  it('refuses a password-protected PDF with a clear message', async () => {
    const bytes = await pdfOf((doc) => doc.text('Secret profile of Kazakhstan.'), {
      userPassword: 'secret',
      ownerPassword: 'owner',
    });
    const { error, cpuMs } = await refusal(() => ingestDocument({ bytes, name: 'locked.pdf' }));
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toBe(
      'locked.pdf is encrypted: it needs a password to open, and Dossier does not read password-protected PDFs',
    );
    expect(error).toMatchObject({
      file: 'locked.pdf',
      line: 1,
      column: 1,
      expected: 'a PDF without a password (save an unprotected copy)',
    });
    expect(cpuMs).toBeLessThan(cpuLimitMs);
  });

  it('refuses truncated files, cut anywhere', async () => {
    const { bytes } = await typeset(
      blocksOf(ingestProfile({ bytes: readFileSync(join(examples, 'iran.md')), name: 'iran.md' })),
    );
    for (const length of [
      20,
      Math.floor(bytes.length / 3),
      Math.floor(bytes.length / 2),
      bytes.length - 40,
      bytes.length - 7,
    ]) {
      const { error, cpuMs } = await refusal(() => ingestDocument({ bytes: bytes.slice(0, length), name: 'cut.pdf' }));
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.message).toMatch(/^cut\.pdf (is truncated or damaged|cannot be read as a PDF)/);
      expect(error).toMatchObject({ file: 'cut.pdf', line: 1, column: 1 });
      expect(cpuMs).toBeLessThan(cpuLimitMs);
    }
  });

  it('refuses random bytes after %PDF-, with and without an end marker', async () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % 256;
    };
    for (const ending of ['', '\n%%EOF\n']) {
      const bytes = new Uint8Array([
        ...Buffer.from('%PDF-1.7\n'),
        ...Array.from({ length: 64 * 1024 }, random),
        ...Buffer.from(ending),
      ]);
      const { error, cpuMs } = await refusal(() => ingestDocument({ bytes, name: 'noise.pdf' }));
      expect(error.code).toBe('INVALID_DOCUMENT');
      expect(error.message).toMatch(/^noise\.pdf (is truncated or damaged|cannot be read as a PDF)/);
      expect(cpuMs).toBeLessThan(cpuLimitMs);
    }
  });

  it('refuses 3,000 empty pages before reading them', async () => {
    const bytes = await pdfOf((doc) => {
      for (let index = 1; index < 3_000; index++) doc.addPage();
    });
    const { error, cpuMs } = await refusal(() => ingestDocument({ bytes, name: 'pages.pdf' }));
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.message).toBe('pages.pdf has 3000 PDF pages');
    expect(error).toMatchObject({
      file: 'pages.pdf',
      line: 1,
      column: 1,
      expected: `at most ${ingestLimits.pdfPages.max} PDF pages`,
    });
    expect(cpuMs).toBeLessThan(cpuLimitMs);
  }, 60_000);

  it('refuses a small file whose compressed text runs over the document size cap', async () => {
    // One page whose content stream shows 900 lines of 7,000 characters in 0.1 pt print (all on the page):
    // a few KiB of zlib, 6.3 million characters of text.
    const line = `(${'a'.repeat(7_000)}) '\n`;
    const content = deflateSync(Buffer.from(`BT /F1 0.1 Tf 0.12 TL 5 590 Td\n${line.repeat(900)}ET\n`));
    const bytes = handMadePdf(content);
    expect(bytes.length).toBeLessThan(64 * 1024);
    const { error, cpuMs } = await refusal(() => ingestDocument({ bytes, name: 'bomb.pdf' }));
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.message).toBe(
      `bomb.pdf has more than ${ingestLimits.pdfTextLength.max} UTF-16 code units of text in the PDF`,
    );
    expect(cpuMs).toBeLessThan(cpuLimitMs * 2);
  }, 60_000);
});

/**
 * A one-page PDF with a Helvetica font and the given (Flate-compressed) content stream, with a correct cross-reference
 * table.
 */
function handMadePdf(content: Buffer): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  const add = (part: Buffer): void => {
    parts.push(part);
    length += part.length;
  };
  objects.forEach((body, index) => {
    offsets.push(length);
    add(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`));
  });
  offsets.push(length);
  add(Buffer.from(`5 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`));
  add(content);
  add(Buffer.from('\nendstream\nendobj\n'));
  const xref = length;
  add(
    Buffer.from(
      'xref\n0 6\n0000000000 65535 f \n' +
        offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join(''),
    ),
  );
  add(Buffer.from(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}
