// The reduced binary and HTML family of the hostile battery (battery/hostile-binary-documents.ts,
// issue 9), at the ingest layer: DOCX zip bombs (honest and lying sizes, overlapping entries,
// nested zips) and truncations, PDFs of 10,000 pages and page trees that lie, truncated PDFs,
// HTML nested 200 and 5,000 deep and 100,000 siblings. Each is refused with a clear DossierError
// (its code, the file, line and column, what was expected, no raw bytes or internals in the
// message) or read into a sane document, within a CPU budget (not wall time: the machine may be
// loaded). That nothing of a refusal is stored is checked through the store by the battery
// (src/battery.test.ts runs it reduced).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DossierError, type ProfileDocument } from '../model/index.js';
import { ingestLimits } from './ingest-limits.js';
import { ingestDocument } from './ingest-profile.js';
import { docxBombCases, exampleDocx } from './test-support/docx-fixtures.js';
import {
  cutPoints,
  htmlCases,
  nestedParagraphsPage,
  pdfCases,
  typesetProfilePdf,
  unexpectedOutcome,
  type HostileCase,
} from './test-support/hostile-binary-fixtures.js';

/**
 * CPU one hostile document may take here (the battery's budget; these take well under a second but for the 2,000-page
 * PDF).
 */
const cpuBudgetMs = 10_000;
const caseTimeoutMs = 60_000;
/** What a refusal message must not show: raw controls, replacement characters, internals. */
const unclearMessage = new RegExp(
  [
    String.raw`[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|`,
    String.raw`\bundefined\b|\[object |is not a function|cannot read propert|`,
    String.raw`maximum call stack`,
  ].join(''),
  'i',
);

interface Outcome {
  document: ProfileDocument | null;
  error: DossierError | null;
  cpuMs: number;
}

async function ingestMeasured(bytes: Uint8Array, name: string): Promise<Outcome> {
  const before = process.cpuUsage();
  let document: ProfileDocument | null = null;
  let error: DossierError | null = null;
  try {
    document = await ingestDocument({ bytes, name });
  } catch (caught) {
    if (!(caught instanceof DossierError)) throw caught;
    error = caught;
  }
  const used = process.cpuUsage(before);
  return { document, error, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Runs one case and checks the outcome it expects, the message of a refusal, the spans of a document and the CPU
 * budget.
 */
async function expectHandled(item: HostileCase, name: string): Promise<Outcome> {
  const outcome = await ingestMeasured(await item.make(), name);
  const { document, error, cpuMs } = outcome;
  expect(unexpectedOutcome(item.expect, error ? error.code : null), error?.message).toBeNull();
  if (error) {
    expect(error.file).toBe(name);
    expect(error.message.startsWith(`${name} `), error.message).toBe(true);
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.expected).toBeTruthy();
    expect(error.message).not.toMatch(unclearMessage);
  }
  if (document) {
    expect(document.text).toMatch(/[\p{L}\p{N}]/u);
    for (const span of [document.titleSpan, ...document.sections, ...document.sentences]) {
      expect(span.start).toBeGreaterThanOrEqual(0);
      expect(span.end).toBeLessThanOrEqual(document.text.length);
      expect(span.end).toBeGreaterThanOrEqual(span.start);
    }
  }
  expect(cpuMs).toBeLessThan(cpuBudgetMs);
  return outcome;
}

const examples = join(import.meta.dirname, '..', '..', 'examples');

describe('hostile DOCX: zip bombs and lying archives', () => {
  const cases = docxBombCases(256);
  it.each(cases.map((item) => [item.kind, item] as const))('%s', { timeout: caseTimeoutMs }, async (_kind, item) => {
    await expectHandled(item, 'bomb.docx');
  });

  it(
    'refuses a bomb before inflating it: its cost does not grow with what it would inflate to',
    { timeout: caseTimeoutMs },
    async () => {
      for (const size of [64, 1024]) {
        const honest = docxBombCases(size).find((item) => item.kind.startsWith('bomb-honest-sizes'))!;
        const lying = docxBombCases(size).find((item) => item.kind.startsWith('bomb-declared-1KiB'))!;
        const { error, cpuMs } = await expectHandled(honest, 'honest.docx');
        expect(error?.message).toMatch(
          new RegExp(`^honest\\.docx has a part word/document\\.xml of ${size}\\.0 MiB uncompressed`),
        );
        expect(cpuMs).toBeLessThan(2000);
        const refused = await expectHandled(lying, 'liar.docx');
        expect(refused.error?.message).toBe(
          'liar.docx has a part word/document.xml that declares 1024 bytes but inflates to more: a zip bomb',
        );
        expect(refused.cpuMs).toBeLessThan(2000);
      }
    },
  );

  it('names a part that holds binary data, and never quotes raw bytes from the XML parser', async () => {
    const nested = docxBombCases(64).find((item) => item.kind === 'nested-zip-as-document-xml')!;
    expect((await expectHandled(nested, 'nested.docx')).error?.message).toBe(
      'nested.docx is damaged: its part word/document.xml is not XML text (it holds binary data)',
    );
    const noise = docxBombCases(64).find((item) => item.kind === 'document-xml-is-high-byte-noise')!;
    expect((await expectHandled(noise, 'noise.docx')).error?.message).toMatch(
      /^noise\.docx cannot be read as a Word document \(XML: [^)]+\)$/,
    );
  });
});

describe('hostile DOCX: truncated at many points', () => {
  it('refuses an example cut short anywhere, and with its middle cut out', { timeout: caseTimeoutMs }, async () => {
    const bytes = await exampleDocx(readFileSync(join(examples, 'turkmenistan.md'), 'utf8'), {
      title: 'Heading 1',
      interests: 'numbered heading',
      notes: true,
    });
    const cuts = cutPoints(bytes.length, 6);
    expect(cuts.length).toBeGreaterThanOrEqual(8);
    for (const cut of cuts) {
      const { error } = await expectHandled(
        { kind: `cut-${cut}`, expect: { refused: 'INVALID_DOCUMENT' }, make: () => bytes.slice(0, cut) },
        'cut.docx',
      );
      expect(error?.message).toMatch(/^cut\.docx (is truncated or damaged|is not a Word document)/);
    }
    const holed = new Uint8Array(Buffer.concat([bytes.slice(0, 400), bytes.slice(bytes.length >> 1)]));
    await expectHandled({ kind: 'holed', expect: { refused: 'INVALID_DOCUMENT' }, make: () => holed }, 'holed.docx');
  });
});

describe('hostile PDF: page counts, lying page trees, truncation', () => {
  let base: Uint8Array | undefined;
  const baseOnce = async () => (base ??= await typesetProfilePdf());
  const kinds = [
    'pages-10000',
    'pages-10000-tree-fanout-10',
    `pages-at-the-limit-${ingestLimits.pdfPages.max}`,
    'declares-1000000-pages-holds-3',
    'declares-0-pages-holds-5',
    'declares-negative-pages',
  ];

  it.each(kinds)('%s', { timeout: caseTimeoutMs }, async (kind) => {
    const item = pdfCases(await baseOnce(), { cuts: 3, pageLimit: ingestLimits.pdfPages.max }).find(
      (each) => each.kind === kind,
    )!;
    const { error, document } = await expectHandled(item, 'hostile.pdf');
    if (kind.startsWith('pages-10000'))
      expect(error?.message).toBe(`hostile.pdf has 10000 ${ingestLimits.pdfPages.what}`);
    // A page tree that counts no pages is damaged (not "a scan without text").
    if (kind.startsWith('declares-0') || kind.startsWith('declares-negative'))
      expect(error?.message).toMatch(/^hostile\.pdf is damaged: its page tree declares -?\d+ pages$/);
    // pdf.js counts the pages there are when the last one promised is missing.
    if (kind === 'declares-1000000-pages-holds-3')
      expect(document?.pages?.map((page) => page.number)).toEqual([1, 2, 3]);
  });

  it(
    'refuses page trees that list missing objects, and a PDF cut short at every point',
    { timeout: caseTimeoutMs },
    async () => {
      const cases = pdfCases(await baseOnce(), { cuts: 5, pageLimit: ingestLimits.pdfPages.max }).filter(
        (item) => item.kind.includes('missing-objects') || item.kind.startsWith('truncated-'),
      );
      expect(cases.filter((item) => item.kind.startsWith('truncated-at-')).length).toBeGreaterThanOrEqual(8);
      for (const item of cases) await expectHandled(item, 'cut.pdf');
    },
  );
});

describe('hostile HTML: deep and wide', () => {
  const cases = htmlCases({ siblings: 100_000, nestingLimit: ingestLimits.htmlNestingDepth.max }).filter((item) =>
    new RegExp(
      [
        String.raw`^(div-nested-200|section-nested-200-unclosed|`,
        String.raw`div-nested-5000|span-nested-5000-unclosed|blockquote-nested-\d+|`,
        String.raw`paragraph-siblings|nav-link-siblings|empty-div-siblings|`,
        String.raw`byline-siblings|paragraphs-at-every-level)`,
      ].join(''),
    ).test(item.kind),
  );
  it.each(cases.map((item) => [item.kind, item] as const))('%s', { timeout: caseTimeoutMs }, async (_kind, item) => {
    const { document } = await expectHandled(item, 'hostile.html');
    if (document && item.kind.includes('nested-200')) {
      expect(document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end))).toContain(
        'Deep inside, Osh trades with Kunduz.',
      );
    }
  });
});

describe('hostile HTML: finding the main content stays linear in the nesting', () => {
  it('costs about the same for 5,000 paragraphs on 250 nested levels as on 5', { timeout: caseTimeoutMs }, async () => {
    // Without a <main>, every level is a scored candidate holding the levels below it: counting
    // each candidate's text afresh costs depth × size; counted once, bottom up, the depth hardly matters.
    const shallow = nestedParagraphsPage(5, 5000);
    const deep = nestedParagraphsPage(250, 5000);
    const cpuOf = async (bytes: Uint8Array): Promise<number> => {
      const costs: number[] = [];
      for (let run = 0; run < 5; run++) costs.push((await ingestMeasured(bytes, 'levels.html')).cpuMs);
      return Math.min(...costs);
    };
    const first = await ingestMeasured(deep, 'levels.html');
    // The first paragraph is the page's title (it has no heading): the rest are its sentences.
    expect(first.document?.sentences.length).toBe(4999);
    const [shallowMs, deepMs] = [await cpuOf(shallow), await cpuOf(deep)];
    expect(deepMs / shallowMs, `5 levels ${shallowMs.toFixed(0)} ms, 250 levels ${deepMs.toFixed(0)} ms`).toBeLessThan(
      2,
    );
  });
});
