// DOCX and PDF end to end: written at test time from an example profile, ingested through the
// worker pool (files and uploads) into the store, they give the actor, interests and sentence
// texts of the Markdown profile; a PDF keeps the page of every sentence; a scanned (text-less)
// PDF is refused with its clear message and nothing is stored.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBlocks, exampleDocx } from '../ingest/test-support/docx-fixtures.js';
import { Dossier } from './dossier.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let folder: string;
let markdown: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-binary-'));
  markdown = await readFile(path.join(root, 'examples', 'china.md'), 'utf8');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/**
 * The example typeset as a PDF with pdfkit: title, section headings, "N. Title" interests, body text, "Page N" footers.
 */
function examplePdf(source: string): Promise<Uint8Array> {
  const { actor, blocks } = exampleBlocks(source);
  const document = new PDFDocument({
    size: 'A5',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) =>
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  for (const block of blocks) {
    if (block.kind === 'title') document.font('Helvetica-Bold').fontSize(22).text(actor).moveDown(0.5);
    else if (block.kind === 'section') document.font('Helvetica-Bold').fontSize(15).text(block.text).moveDown(0.3);
    else if (block.kind === 'interest')
      document.font('Helvetica-Bold').fontSize(12.5).text(`${block.rank}. ${block.text}`).moveDown(0.2);
    else document.font('Helvetica').fontSize(10).text(block.text).moveDown(0.6);
  }
  const pages = document.bufferedPageRange();
  for (let page = pages.start; page < pages.start + pages.count; page++) {
    document.switchToPage(page);
    document
      .font('Helvetica')
      .fontSize(8)
      .text(`Page ${page + 1}`, 50, document.page.height - 40, { lineBreak: false });
  }
  document.end();
  return done;
}

/** A PDF with pages but no text layer: what a scan looks like to a text reader. */
function scannedPdf(): Promise<Uint8Array> {
  const document = new PDFDocument({ size: 'A5' });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) =>
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  document.rect(40, 40, 300, 400).fill('#888');
  document.addPage().rect(40, 40, 300, 400).fill('#999');
  document.end();
  return done;
}

const sentenceTexts = (detail: { extraction: { text: string; sentences: Array<{ start: number; end: number }> } }) =>
  detail.extraction.sentences.map((sentence) => detail.extraction.text.slice(sentence.start, sentence.end));

describe('DOCX and PDF through the worker pool into the store', () => {
  it('stores the same actor, interests and sentences as the Markdown, from files and from uploads', async () => {
    const files = {
      md: path.join(folder, 'china.md'),
      docx: path.join(folder, 'china-brief.docx'),
      pdf: path.join(folder, 'china-report.pdf'),
      scan: path.join(folder, 'scan.pdf'),
    };
    await writeFile(files.md, markdown);
    await writeFile(
      files.docx,
      await exampleDocx(markdown, { title: 'Title', interests: 'numbered list', notes: false }),
    );
    await writeFile(files.pdf, await examplePdf(markdown));
    await writeFile(files.scan, await scannedPdf());

    const reference = await Dossier.open(path.join(folder, 'reference.db'));
    const fromFiles = await Dossier.open(path.join(folder, 'files.db'));
    const fromUploads = await Dossier.open(path.join(folder, 'uploads.db'));
    try {
      await reference.ingestFiles([files.md], { jobs: 0 });
      const expected = await reference.getActor('china');
      // Whole folder, worker threads: the .docx and .pdf are picked up by extension.
      const report = await fromFiles.ingestFiles([files.docx, files.pdf, files.scan], { jobs: 2, relativeTo: folder });
      expect(report.results.map((result) => [result.file, result.outcome?.status ?? result.error?.code])).toEqual([
        ['china-brief.docx', 'created'],
        ['china-report.pdf', 'unchanged'],
        ['scan.pdf', 'INVALID_DOCUMENT'],
      ]);
      expect(report.results[2]!.error!.message).toMatch(/no text layer/);
      const stored = await fromFiles.getActor('china');
      expect(stored.actor).toEqual(expected.actor);
      expect(stored.extraction.interests.map((interest) => interest.title)).toEqual(
        expected.extraction.interests.map((interest) => interest.title),
      );
      expect(sentenceTexts(stored)).toEqual(sentenceTexts(expected));
      expect(stored.version.format).toBe('docx');

      // Uploads (bytes with a name) take the same path; the PDF's text is the DOCX's: unchanged.
      expect(await fromUploads.ingestBytes(await readFile(files.pdf), 'china-report.pdf')).toMatchObject({
        status: 'created',
        actorId: 'china',
      });
      const document = await fromUploads.store.getDocument('china');
      expect(document?.source.format).toBe('pdf');
      expect(document?.pages?.length).toBeGreaterThanOrEqual(2);
      const lastSentence = document!.sentences.at(-1)!;
      const pageOf = (offset: number) =>
        document!.pages!.find((page) => page.start <= offset && offset < page.end)?.number;
      expect(pageOf(lastSentence.start)).toBe(document!.pages!.at(-1)!.number);
      expect(await fromUploads.ingestBytes(await readFile(files.docx), 'china-brief.docx')).toMatchObject({
        status: 'unchanged',
        version: 1,
      });
      await expect(fromUploads.ingestBytes(await readFile(files.scan), 'scan.pdf')).rejects.toMatchObject({
        code: 'INVALID_DOCUMENT',
      });
      expect((await fromUploads.listActors()).map((actor) => actor.id)).toEqual(['china']);
    } finally {
      await reference.close();
      await fromFiles.close();
      await fromUploads.close();
    }
  });
});
