// The binary and HTML family of the malformed-documents class (issue 9): truncated DOCX and PDF
// cut at many points, DOCX zip bombs (honest sizes, sizes that lie, overlapping entries, nested
// zips), PDFs of 10,000 pages and page trees that promise pages they do not hold, HTML nested 200
// and 5,000 deep and 100,000 siblings. All generated in memory (src/ingest/test-support: the
// same generators as src/ingest/hostile-binary.test.ts); each goes through Dossier.ingestBytes in
// the class's worker process. Survived = the outcome the case expects (a refusal with its code
// that names the file, or a document that reads with every span inside its text), within 10 s
// of CPU (and, outside --reduced, 10 s of wall time, scaled by the load average on a busy
// machine), nothing stored of a refusal, and no
// BUDGET_EXCEEDED: an ingest limit has to refuse these before the pool's watchdog does.
import { readFileSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ingestLimits } from '../src/ingest/ingest-limits.js';
import { docxBombCases, exampleDocx } from '../src/ingest/test-support/docx-fixtures.js';
import {
  cutPoints,
  handWrittenPdf,
  htmlCases,
  pdfCases,
  proseLines,
  typesetProfilePdf,
  unexpectedOutcome,
  type HostileExpectation,
} from '../src/ingest/test-support/hostile-binary-fixtures.js';
import { Random, replayHint, repositoryRoot, type BatteryOptions, type ClassResult } from './battery-support.js';
import type { DocumentCaseReply } from './document-worker.js';
import type { HostileDocument } from './hostile-documents.js';

/** What one hostile binary document may cost (issue 9: a clear error or a sane result, never over 10 s). */
export const binaryCpuBudgetMs = 10_000;
export const binaryWallBudgetMs = 10_000;

export interface BinaryBatteryCase {
  /** `binary/<format>/<kind>`. */
  id: string;
  /** The name given to ingest (its extension picks the reader). */
  file: string;
  expect: HostileExpectation;
  make(): Promise<Uint8Array>;
}

/** Runs one case in the worker: its reply, or why there is none. */
export type RunCase = (item: {
  id: string;
  path: string;
  file: string;
}) => Promise<DocumentCaseReply | { failure: string }>;

const examplesFolder = path.join(repositoryRoot, 'examples');

/** Every case of the family for one run: `reduced` keeps every kind with fewer cut points and smaller bombs. */
export async function hostileBinaryCases(seed: number, reduced: boolean): Promise<BinaryBatteryCase[]> {
  const random = new Random(seed ^ 0xb1a7);
  const cases: BinaryBatteryCase[] = [];
  const add = (
    format: string,
    file: string,
    kind: string,
    expect: HostileExpectation,
    make: () => Uint8Array | Promise<Uint8Array>,
  ) => cases.push({ id: `binary/${format}/${kind}`, file, expect, make: async () => make() });

  // DOCX: zip bombs and lying archives.
  for (const item of docxBombCases(256)) add('docx', 'bomb.docx', item.kind, item.expect, item.make);
  if (!reduced)
    for (const item of docxBombCases(1024).filter((each) => each.kind.includes('1024MiB')))
      add('docx', 'bomb.docx', item.kind, item.expect, item.make);

  // DOCX: a seeded example written as Word, cut short at spread and random points, and with its middle cut out.
  const examples = readdirSync(examplesFolder)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort();
  const example = random.pick(examples);
  const docx = await exampleDocx(readFileSync(path.join(examplesFolder, example), 'utf8'), {
    title: random.chance(0.5) ? 'Title' : 'Heading 1',
    interests: random.chance(0.5) ? 'numbered list' : 'numbered heading',
    notes: random.chance(0.5),
  });
  const docxCuts = new Set([
    ...cutPoints(docx.length, reduced ? 6 : 40),
    ...Array.from({ length: reduced ? 2 : 20 }, () => random.int(1, docx.length - 1)),
  ]);
  for (const cut of [...docxCuts].sort((a, b) => a - b)) {
    add(
      'docx',
      'truncated.docx',
      `${example}-truncated-at-${cut}-of-${docx.length}`,
      { refused: 'INVALID_DOCUMENT' },
      () => docx.slice(0, cut),
    );
  }
  for (let i = 0; i < (reduced ? 1 : 6); i++) {
    const from = random.int(30, docx.length >> 1);
    const to = random.int(from + 1, docx.length - 30);
    add(
      'docx',
      'holed.docx',
      `${example}-bytes-${from}-to-${to}-cut-out`,
      { refused: 'INVALID_DOCUMENT' },
      () => new Uint8Array(Buffer.concat([docx.slice(0, from), docx.slice(to)])),
    );
  }

  // PDF: page counts, page trees that lie, truncation (of a typeset profile, and of the 10,000-page file).
  const pdf = await typesetProfilePdf();
  const pageLimit = ingestLimits.pdfPages.max;
  for (const item of pdfCases(pdf, { cuts: reduced ? 6 : 40, pageLimit })) {
    if (reduced && /full-text|over-full/.test(item.kind)) continue;
    add('pdf', 'hostile.pdf', item.kind, item.expect, item.make);
  }
  for (let i = 0; i < (reduced ? 1 : 8); i++) {
    const cutFraction = random.next();
    add(
      'pdf',
      'pages.pdf',
      `pages-10000-truncated-at-${(cutFraction * 100).toFixed(1)}pct`,
      { refused: 'INVALID_DOCUMENT' },
      () => {
        const whole = handWrittenPdf({ pages: 10_000, linesOf: proseLines(2) });
        return whole.slice(0, Math.max(1, Math.floor(whole.length * cutFraction)));
      },
    );
  }
  if (!reduced) {
    // A real writer's 10,000 pages (pdfkit: compressed streams, its own object layout).
    add('pdf', 'pdfkit-pages.pdf', 'pdfkit-pages-10000', { refused: 'LIMIT_EXCEEDED' }, () => pdfkitPages(10_000));
  }

  // HTML: deep nesting and very many siblings.
  for (const item of htmlCases({ siblings: 100_000, nestingLimit: ingestLimits.htmlNestingDepth.max }))
    add('html', 'hostile.html', item.kind, item.expect, item.make);
  return cases;
}

/** `pages` pages typeset with pdfkit, a short line on every 50th (10,000 pages: ~4 MB, under the upload cap). */
async function pdfkitPages(pages: number): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const document = new PDFDocument({ size: 'A6', margin: 20, autoFirstPage: false });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) =>
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  const lines = proseLines(1);
  for (let page = 0; page < pages; page++) {
    document.addPage();
    if (page % 50 === 0) document.fontSize(9).text(lines(page)[0] ?? '');
  }
  document.end();
  return done;
}

/**
 * How much slower than wall-clock-idle the machine is now: the 1-minute load average per core,
 * at least 1. A busy machine (other test runs) stretches every case's wall time by about this
 * much, so the wall limit is scaled by it; the CPU limit is not.
 */
export const machineLoadFactor = (): number => Math.max(1, (os.loadavg()[0] ?? 0) / os.availableParallelism());

/** Kinds of which the first case also goes through the CLI (`dossier ingest`, `dossier extract`). */
const cliSampleKinds = [
  /^binary\/docx\/bomb-declared-1KiB/,
  /^binary\/docx\/.*-truncated-at-/,
  /^binary\/pdf\/truncated-at-/,
  /^binary\/html\/div-nested-5000/,
];

/**
 * Judges one reply of the family: null when it survived. `judgeBase` is the class's own judgement (codes, messages,
 * spans, half-stored).
 */
export function judgeBinaryReply(
  item: BinaryBatteryCase,
  reply: DocumentCaseReply,
  judgeBase: (reply: DocumentCaseReply) => string | null,
  reduced: boolean,
): string | null {
  const problems: string[] = [];
  const base = judgeBase(reply);
  if (base) problems.push(base);
  const code = reply.error ? (reply.error.code ?? reply.error.name) : null;
  if (code === 'BUDGET_EXCEEDED')
    problems.push('it ran into the ingest pool\u2019s CPU or memory budget: no ingest limit refused it first');
  const mismatch = unexpectedOutcome(item.expect, code);
  if (mismatch) problems.push(mismatch);
  if (reply.error && reply.error.file !== item.file && !reply.error.message.includes(item.file))
    problems.push(`the refusal does not name the file: ${JSON.stringify(reply.error.message.slice(0, 160))}`);
  const wallLimit = binaryWallBudgetMs * machineLoadFactor();
  if (!reduced && reply.wallMs > wallLimit)
    problems.push(`took ${(reply.wallMs / 1000).toFixed(1)} s of wall time (limit ${(wallLimit / 1000).toFixed(1)} s)`);
  return problems.length ? problems.join('; ') : null;
}

/**
 * Runs the family into `result` (one row with the text formats): each case written to `folder`,
 * run by `runCase`, judged; failing inputs are kept. Returns the cases as HostileDocuments (bytes
 * made) for a CLI sample. Stops, recording the rest as not run, past `deadline`.
 */
export async function runHostileBinaryDocuments(
  options: BatteryOptions,
  result: ClassResult,
  folder: string,
  runCase: RunCase,
  judgeBase: (reply: DocumentCaseReply) => string | null,
  deadline: number,
): Promise<HostileDocument[]> {
  const only = process.env.BATTERY_CASE;
  const cases = (await hostileBinaryCases(options.seed, options.reduced)).filter(
    (item) => !only || item.id.includes(only),
  );
  const sample: HostileDocument[] = [];
  const sampled = new Set<RegExp>();
  const costs: Array<{ id: string; cpuMs: number; wallMs: number }> = [];
  for (const [index, item] of cases.entries()) {
    const file = path.join(
      folder,
      `binary-${String(index).padStart(3, '0')}-${item.id.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80)}` +
        `${path.extname(item.file)}`,
    );
    const reproduce =
      `bin/dossier ingest ${file} --db /tmp/x.db  (or ${replayHint(options, 'documents')} with ` +
      `BATTERY_CASE='${item.id}')`;
    if (performance.now() > deadline) {
      result.record(
        item.id,
        0,
        'not run: the binary family ran out of its time allowance (earlier cases were too slow)',
        reproduce,
      );
      continue;
    }
    const bytes = Buffer.from(await item.make());
    await writeFile(file, bytes);
    const started = performance.now();
    const reply = await runCase({ id: item.id, path: file, file: item.file });
    const elapsed = performance.now() - started;
    const failure = 'failure' in reply ? reply.failure : judgeBinaryReply(item, reply, judgeBase, options.reduced);
    if (!('failure' in reply)) costs.push({ id: item.id, cpuMs: reply.cpuMs, wallMs: reply.wallMs });
    result.record(item.id, 'failure' in reply ? elapsed : reply.cpuMs, failure, reproduce);
    if (failure === null) await rm(file, { force: true });
    else if (!('failure' in reply))
      result.failures[result.failures.length - 1]!.what +=
        ` [${reply.error ? `refused ${reply.error.code ?? reply.error.name}` : 'read'}, ` +
        `${Math.round(reply.cpuMs)} ms CPU, ${Math.round(reply.wallMs)} ms wall]`;
    // A sample for the CLI: the first case of each of a few kinds.
    const kind = cliSampleKinds.find((pattern) => pattern.test(item.id));
    if (kind && !sampled.has(kind)) {
      sampled.add(kind);
      sample.push({ id: item.id, file: item.file, make: () => bytes });
    }
  }
  const slowest = costs
    .sort((a, b) => b.cpuMs - a.cpuMs)
    .slice(0, 3)
    .map((cost) => `${cost.id} ${(cost.cpuMs / 1000).toFixed(2)} s CPU / ${(cost.wallMs / 1000).toFixed(2)} s wall`);
  result.notes.push(
    `${cases.length} binary/HTML documents (DOCX bombs and truncations, 10,000-page and lying PDFs, deep and ` +
      `wide HTML): CPU budget ${binaryCpuBudgetMs / 1000} s each` +
      (options.reduced
        ? ''
        : `, wall ${binaryWallBudgetMs / 1000} s × load factor (now ${machineLoadFactor().toFixed(1)})`) +
      `; most CPU: ${slowest.join(', ') || 'none run'}`,
  );
  return sample;
}
