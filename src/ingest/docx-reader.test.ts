// Tests of the DOCX reader: every bundled example written as a Word document at test time (with
// the `docx` package) reads into the same actor, sections, interests and sentences as its
// Markdown; hostile files (zip bombs, lying sizes, truncation, missing parts, encryption, old .doc,
// deep nesting, DTDs) are refused with a clear DossierError, fast.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { DossierError, ProfileDocumentSchema, type ProfileDocument } from '../model/index.js';
import { documentReaders } from './document-readers.js';
import { readDocx } from './docx-reader.js';
import { ingestLimits } from './ingest-limits.js';
import { ingestDocument, ingestProfile } from './ingest-profile.js';
import type { ProfileEvent } from './profile-layout.js';
import { endnoteText, exampleDocx, footnoteText, type DocxStyle } from './test-support/docx-fixtures.js';

const examplesDirectory = join(import.meta.dirname, '..', '..', 'examples');
/** The profiles among examples/*.md (README.md describes them and is no profile). */
const exampleFiles = readdirSync(examplesDirectory)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .sort();
const cpuBoundMs = 2000;
const MiB = 1024 * 1024;

const sentenceTexts = (document: ProfileDocument): string[] =>
  document.sentences.map((sentence) => document.text.slice(sentence.start, sentence.end));
const interestsOf = (document: ProfileDocument) => document.interests.map(({ rank, title }) => ({ rank, title }));
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

// ---------------------------------------------------------------------------------------------
// The examples as Word documents

const styleOf = (index: number): DocxStyle => ({
  title: index % 2 === 0 ? 'Title' : 'Heading 1',
  interests: index % 3 === 1 ? 'numbered heading' : 'numbered list',
  notes: index === 0,
});

describe('readDocx on the bundled examples', () => {
  it('has examples to read', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(12);
  });

  it.each(exampleFiles.map((file, index) => [file, index] as const))(
    '%s as DOCX reads like its Markdown',
    async (file, index) => {
      const markdownBytes = readFileSync(join(examplesDirectory, file));
      const markdown = ingestProfile({ bytes: markdownBytes, name: file });
      const style = styleOf(index);
      const bytes = await exampleDocx(markdownBytes.toString('utf8'), style);
      const name = file.replace(/\.md$/, '.docx');
      expect(documentReaders.sniffBinary(bytes)).toBe('docx');

      const docx = await ingestDocument({ bytes, name });
      expect(docx.source).toMatchObject({ format: 'docx', name, bytes: bytes.length });
      expect(docx.actor).toEqual(markdown.actor);
      expect(interestsOf(docx)).toEqual(interestsOf(markdown));
      expect(interestsOf(docx).length).toBeGreaterThanOrEqual(3);
      expect(ProfileDocumentSchema.safeParse(docx).success).toBe(true);
      for (const interest of docx.interests)
        expect(docx.text.slice(interest.titleStart, interest.titleEnd)).toBe(interest.title);

      if (!style.notes) {
        expect(docx.sections.map((section) => [section.heading, section.kind])).toEqual(
          markdown.sections.map((section) => [section.heading, section.kind]),
        );
        expect(sentenceTexts(docx)).toEqual(sentenceTexts(markdown));
        expect(docx.sentences.map((sentence) => [sentence.section, sentence.interest])).toEqual(
          markdown.sentences.map((sentence) => [sentence.section, sentence.interest]),
        );
        expect(docx.text).toBe(markdown.text);
        return;
      }
      // With notes: the same body, then a "Notes" section holding the notes' own sentences.
      expect(docx.sections.map((section) => section.heading)).toEqual([
        ...markdown.sections.map((section) => section.heading),
        'Notes',
      ]);
      expect(docx.sections.at(-1)?.kind).toBe('other');
      expect(sentenceTexts(docx)).toEqual([...sentenceTexts(markdown), footnoteText, endnoteText]);
      const notesSection = docx.sections.length - 1;
      expect(docx.sentences.slice(-2).map((sentence) => [sentence.section, sentence.interest])).toEqual([
        [notesSection, null],
        [notesSection, null],
      ]);
      expect(docx.text).not.toMatch(/\[\d+\]|↑/);
    },
  );

  it('numbers blocks in reading order: a block position is its paragraph number, column 1', async () => {
    const bytes = await exampleDocx(
      readFileSync(join(examplesDirectory, exampleFiles[0] as string), 'utf8'),
      styleOf(0),
    );
    const events = await readDocx(bytes, 'profile.docx');
    const positioned = events.filter(
      (event): event is Exclude<ProfileEvent, { type: 'item-end' }> => event.type !== 'item-end',
    );
    expect(positioned[0]).toMatchObject({ type: 'heading', depth: 1, source: { line: 1, column: 1 } });
    // The notice is paragraph 2, the Profile heading paragraph 3.
    expect(positioned[1]).toMatchObject({ type: 'paragraph', source: { line: 2, column: 1 } });
    expect(positioned[2]).toMatchObject({ type: 'heading', text: 'Profile', source: { line: 3, column: 1 } });
    const lines = positioned.map((event) => event.source.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const notes = positioned.findIndex((event) => event.type === 'heading' && event.text === 'Notes');
    expect(positioned[notes + 1]).toMatchObject({ type: 'paragraph', lines: [footnoteText] });
    expect(positioned[notes]?.source.line).toBe(positioned[notes + 1]?.source.line);
  });
});

describe('readDocx on Word structures', () => {
  it('keeps Word numbering across body paragraphs, list levels, bullets, tables and empty paragraphs', async () => {
    const levels = Array.from({ length: 9 }, (_, level) => ({
      level,
      format: LevelFormat.DECIMAL,
      text: `%${level + 1}.`,
      alignment: AlignmentType.START,
    }));
    const document = new Document({
      numbering: { config: [{ reference: 'list', levels }] },
      sections: [
        {
          children: [
            new Paragraph({ text: 'Tajikistan', heading: HeadingLevel.TITLE }),
            new Paragraph({ text: 'Profile', heading: HeadingLevel.HEADING_2 }),
            new Paragraph(''),
            new Paragraph({ text: 'Dushanbe watches the border.', bullet: { level: 0 } }),
            new Table({
              rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('A cell sentence.')] })] })],
            }),
            new Paragraph({ text: 'Key Interests & Priorities', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: 'Border Security', numbering: { reference: 'list', level: 0 } }),
            new Paragraph('The border is long.'),
            new Paragraph({ text: 'Water', numbering: { reference: 'list', level: 0 } }),
            ...levels
              .slice(1)
              .map(
                ({ level }) =>
                  new Paragraph({ text: `Level ${level} detail.`, numbering: { reference: 'list', level } }),
              ),
            new Paragraph('The Amu Darya matters.'),
            new Paragraph({ text: 'Electricity', numbering: { reference: 'list', level: 0 } }),
            new Paragraph('Power lines run south.'),
          ],
        },
      ],
    });
    const document_ = await ingestDocument({
      bytes: new Uint8Array(await Packer.toBuffer(document)),
      name: 'tajikistan.docx',
    });
    expect(document_.actor).toEqual({ name: 'Tajikistan', country: 'TJK' });
    // Nested levels are sub-points of "Water", not interests of their own.
    expect(interestsOf(document_)).toEqual([
      { rank: 1, title: 'Border Security' },
      { rank: 2, title: 'Water' },
      { rank: 3, title: 'Electricity' },
    ]);
    expect(sentenceTexts(document_)).toContain('Dushanbe watches the border.');
    expect(sentenceTexts(document_)).toContain('A cell sentence.');
    expect(sentenceTexts(document_)).toContain('Power lines run south.');
    expect(sentenceTexts(document_)).toContain('Level 8 detail.');
    expect(
      document_.sentences.find((sentence) => document_.text.slice(sentence.start, sentence.end) === 'Level 1 detail.')
        ?.interest,
    ).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made archives for hostile input

interface ZipEntrySpec {
  name: string;
  data?: Uint8Array | string;
  /** 8 (deflate, default) or 0 (stored). */
  method?: number;
  /** Declared uncompressed size (default: the real one). */
  uncompressedSize?: number;
  /** The bytes stored for the entry instead of `data` compressed (sizes may then lie). */
  stored?: Uint8Array;
  flags?: number;
}

/** A zip archive (local headers, central directory, end record) of the entries as given, lies included. */
function makeZip(specs: ZipEntrySpec[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of specs) {
    const name = Buffer.from(spec.name, 'utf8');
    const data =
      typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : Buffer.from(spec.data ?? new Uint8Array(0));
    const method = spec.method ?? 8;
    const stored = spec.stored ? Buffer.from(spec.stored) : method === 8 ? deflateRawSync(data) : data;
    const size = spec.uncompressedSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(spec.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(spec.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const wordNamespace = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const documentXml = (body: string, prologue = ''): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prologue}<w:document ` +
  `xmlns:w="${wordNamespace}"><w:body>${body}</w:body></w:document>`;
const paragraphXml = (text: string, styleId?: string): string =>
  `<w:p>${styleId ? `<w:pPr><w:pStyle w:val="${styleId}"/></w:pPr>` : ''}<w:r><w:t ` +
  `xml:space="preserve">${text}</w:t></w:r></w:p>`;
/** A DOCX of only word/document.xml (mammoth needs nothing else) holding `body`. */
const minimalDocx = (body: string, prologue = ''): Uint8Array =>
  makeZip([{ name: 'word/document.xml', data: documentXml(body, prologue) }]);
const profileBody =
  paragraphXml('Kyrgyzstan', 'Heading1') + paragraphXml('Profile', 'Heading2') + paragraphXml('Bishkek sells power.');

/** The DossierError `run` rejects with, and the CPU time it took (user + system, this process). */
async function refusal(run: () => Promise<unknown>): Promise<{ error: DossierError; cpuMs: number }> {
  const before = process.cpuUsage();
  try {
    await run();
  } catch (error) {
    const used = process.cpuUsage(before);
    expect(error).toBeInstanceOf(DossierError);
    const refused = error as DossierError;
    // A clear refusal: where, what was expected, no stack trace in what the user sees.
    expect(refused.message).not.toMatch(/\n\s+at /);
    expect(refused.expected).toBeTruthy();
    return { error: refused, cpuMs: (used.user + used.system) / 1000 };
  }
  throw new Error('expected a DossierError');
}

const ingest =
  (bytes: Uint8Array, name = 'hostile.docx') =>
  () =>
    ingestDocument({ bytes, name });

describe('readDocx computes the list numbers Word shows', () => {
  const numberingXml = (body: string): string => `<w:numbering xmlns:w="${wordNamespace}">${body}</w:numbering>`;
  const decimalList = (id: number, start: number, pStyle = ''): string =>
    `<w:abstractNum w:abstractNumId="${id}"><w:lvl w:ilvl="0"><w:start w:val="${start}"/><w:numFmt ` +
    `w:val="decimal"/>${pStyle ? `<w:pStyle w:val="${pStyle}"/>` : ''}</w:lvl><w:lvl w:ilvl="1"><w:start ` +
    `w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>`;
  const listItem = (text: string, numId: number, level = 0): string =>
    `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${level}"/><w:numId ` +
    `w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
  const head = paragraphXml('Uzbekistan', 'Heading1') + paragraphXml('Key Interests & Priorities', 'Heading2');
  const read = (body: string, numbering: string, styles?: string) =>
    ingestDocument({
      bytes: makeZip([
        { name: 'word/document.xml', data: documentXml(body) },
        { name: 'word/numbering.xml', data: numbering },
        ...(styles ? [{ name: 'word/styles.xml', data: styles }] : []),
      ]),
      name: 'numbers.docx',
    });

  it('honours w:startOverride per list instance, as pandoc writes interrupted lists', async () => {
    // Each item is its own list instance of one abstract list, restarted at its number.
    const numbering = numberingXml(
      decimalList(10, 1) +
        [1, 2, 3]
          .map(
            (n) =>
              `<w:num w:numId="${n}"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride ` +
              `w:val="${n}"/></w:lvlOverride></w:num>`,
          )
          .join(''),
    );
    const body =
      head +
      listItem('Border Security', 1) +
      paragraphXml('Termez is guarded.') +
      listItem('Trade', 2) +
      paragraphXml('Trucks cross.') +
      listItem('Water', 3) +
      paragraphXml('The Amu Darya flows.');
    const document = await read(body, numbering);
    expect(interestsOf(document)).toEqual([
      { rank: 1, title: 'Border Security' },
      { rank: 2, title: 'Trade' },
      { rank: 3, title: 'Water' },
    ]);
    expect(document.sentences.map((sentence) => sentence.interest)).toEqual([1, 2, 3]);
  });

  it('continues a list across body paragraphs and sub-items, and starts at w:start', async () => {
    const numbering = numberingXml(decimalList(10, 4) + '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>');
    const body =
      head +
      listItem('Energy', 1) +
      listItem('Hydropower detail.', 1, 1) +
      paragraphXml('Power flows south.') +
      listItem('Rail', 1) +
      paragraphXml('A railway is planned.');
    const document = await read(body, numbering);
    expect(interestsOf(document)).toEqual([
      { rank: 4, title: 'Energy' },
      { rank: 5, title: 'Rail' },
    ]);
    expect(sentenceTexts(document)).toEqual(['Hydropower detail.', 'Power flows south.', 'A railway is planned.']);
  });

  it('numbers headings whose style carries the numbering', async () => {
    const numbering = numberingXml(
      decimalList(20, 1, 'Heading3') + '<w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>',
    );
    const styles =
      `<w:styles xmlns:w="${wordNamespace}"><w:style w:type="paragraph" w:styleId="Heading3"><w:name ` +
      `w:val="heading 3"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style></w:styles>`;
    const body =
      head +
      paragraphXml('Security', 'Heading3') +
      paragraphXml('The border is long.') +
      paragraphXml('Migration', 'Heading3') +
      paragraphXml('Refugees arrive.');
    const document = await read(body, numbering, styles);
    expect(interestsOf(document)).toEqual([
      { rank: 1, title: 'Security' },
      { rank: 2, title: 'Migration' },
    ]);
    expect(document.text).toContain('\n1. Security\n');
  });
});

describe('readDocx refuses zip bombs before inflating', () => {
  it('refuses a part whose declared size is a zip bomb (compression ratio)', async () => {
    const bytes = makeZip([{ name: 'word/document.xml', data: new Uint8Array(12 * MiB).fill(0x20) }]);
    expect(bytes.length).toBeLessThan(100_000);
    const { error, cpuMs } = await refusal(ingest(bytes, 'bomb.docx'));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', file: 'bomb.docx', line: 1, column: 1 });
    expect(error.message).toMatch(
      /^bomb\.docx has a part word\/document\.xml that inflates \d+ times \(\d+ bytes to 12\.0 MiB\): a zip bomb$/,
    );
    expect(error.expected).toBe(
      `at most ${ingestLimits.docxCompressionRatio.max} ${ingestLimits.docxCompressionRatio.what}`,
    );
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });

  it('refuses a part over the per-part limit', async () => {
    const bytes = makeZip([
      { name: 'word/document.xml', data: documentXml(profileBody) },
      { name: 'word/media/image1.bmp', stored: new Uint8Array(200_000), uncompressedSize: 20 * MiB },
    ]);
    const { error, cpuMs } = await refusal(ingest(bytes));
    expect(error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      line: 1,
      column: 1,
      details: { part: 'word/media/image1.bmp', uncompressedBytes: 20 * MiB, compressedBytes: 200_000 },
    });
    expect(error.message).toBe(
      'hostile.docx has a part word/media/image1.bmp of 20.0 MiB uncompressed (200000 bytes compressed)',
    );
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });

  it('refuses parts whose declared sizes add up over the total limit', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({
      name: `word/media/image${i}.png`,
      stored: new Uint8Array(150_000),
      uncompressedSize: 15 * MiB,
    }));
    const bytes = makeZip([{ name: 'word/document.xml', data: documentXml(profileBody) }, ...parts]);
    const { error, cpuMs } = await refusal(ingest(bytes));
    expect(error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      line: 1,
      column: 1,
      details: { part: 'word/media/image4.png' },
    });
    expect(error.message).toMatch(
      /declares more than 64\.0 MiB of uncompressed parts \(75\.0 MiB up to and including word\/media\/image4\.png\)/,
    );
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });

  it('refuses an archive of absurdly many parts from its directory', async () => {
    const specs = Array.from({ length: ingestLimits.docxArchiveEntries.max + 1 }, (_, i) => ({
      name: `word/p${i}.xml`,
      method: 0,
    }));
    const bytes = makeZip(specs);
    const { error, cpuMs } = await refusal(ingest(bytes));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', line: 1, column: 1, details: { entries: 10_001 } });
    expect(error.message).toBe('hostile.docx is a zip archive of 10001 parts; a Word document has far fewer');
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });

  it('caps what a part actually inflates to when its declared size lies', async () => {
    // 20 MiB of XML-looking text declared as 1,000 bytes: the directory checks pass, inflation stops.
    const huge = documentXml(paragraphXml('x'.repeat(20 * MiB)));
    const bytes = makeZip([{ name: 'word/document.xml', data: huge, uncompressedSize: 1000 }]);
    const { error, cpuMs } = await refusal(ingest(bytes, 'liar.docx'));
    expect(error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      file: 'liar.docx',
      line: 1,
      column: 1,
      details: { part: 'word/document.xml', uncompressedBytes: 1000 },
    });
    expect(error.message).toBe(
      'liar.docx has a part word/document.xml that declares 1000 bytes but inflates to more: a zip bomb',
    );
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });

  it('refuses a part that inflates to less than it declares, or fails its checksum', async () => {
    const short = makeZip([{ name: 'word/document.xml', data: documentXml(profileBody), uncompressedSize: 100_000 }]);
    const { error } = await refusal(ingest(short));
    expect(error).toMatchObject({ code: 'INVALID_DOCUMENT', line: 1, column: 1 });
    expect(error.message).toMatch(
      /^hostile\.docx is damaged: its part word\/document\.xml declares 100000 bytes but holds \d+$/,
    );

    const good = makeZip([{ name: 'word/document.xml', data: documentXml(profileBody), method: 0 }]);
    const flipped = Buffer.from(good);
    flipped[flipped.indexOf('Bishkek')] = 0x62; // 'b': same size, other checksum
    const { error: checksum } = await refusal(ingest(new Uint8Array(flipped)));
    expect(checksum).toMatchObject({
      code: 'INVALID_DOCUMENT',
      message: 'hostile.docx is damaged: its part word/document.xml fails its checksum',
    });
  });
});

describe('readDocx refuses broken and foreign files clearly', () => {
  const expectedDocx = 'a Word document (.docx: a zip archive with word/document.xml)';

  it('refuses a truncated DOCX', async () => {
    const bytes = await exampleDocx(
      readFileSync(join(examplesDirectory, exampleFiles[1] as string), 'utf8'),
      styleOf(1),
    );
    for (const cut of [bytes.length >> 1, bytes.length - 10, 200]) {
      const { error, cpuMs } = await refusal(ingest(bytes.subarray(0, cut), 'cut.docx'));
      expect(error).toMatchObject({
        code: 'INVALID_DOCUMENT',
        file: 'cut.docx',
        line: 1,
        column: 1,
        expected: expectedDocx,
      });
      expect(error.message).toMatch(/^cut\.docx is truncated or damaged: its zip directory cannot be read/);
      expect(cpuMs).toBeLessThan(cpuBoundMs);
    }
  });

  it('refuses a zip without word/document.xml', async () => {
    const bytes = makeZip([
      { name: 'word/styles.xml', data: '<w:styles/>' },
      { name: 'docProps/app.xml', data: '<Properties/>' },
    ]);
    const { error } = await refusal(ingest(bytes, 'parts.docx'));
    expect(error).toMatchObject({
      code: 'INVALID_DOCUMENT',
      file: 'parts.docx',
      line: 1,
      column: 1,
      expected: expectedDocx,
    });
    expect(error.message).toBe('parts.docx has no main document part (word/document.xml)');
    // Package relationships that point nowhere: mammoth finds no main part either.
    const rels = makeZip([
      {
        name: '_rels/.rels',
        data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
      },
      { name: 'word/styles.xml', data: '<w:styles/>' },
    ]);
    expect((await refusal(ingest(rels))).error.message).toBe(
      'hostile.docx has no main document part (word/document.xml)',
    );
  });

  it('refuses a DOCX without text', async () => {
    const empty = new Document({
      sections: [
        {
          children: [
            new Paragraph(''),
            new Paragraph({ text: '', heading: HeadingLevel.HEADING_1 }),
            new Paragraph('   '),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(empty));
    const { error } = await refusal(ingest(bytes, 'blank.docx'));
    expect(error).toMatchObject({
      code: 'EMPTY_DOCUMENT',
      file: 'blank.docx',
      line: 1,
      column: 1,
      message: 'blank.docx is a Word document without text',
    });
    const { error: noBody } = await refusal(ingest(minimalDocx(''), 'nobody.docx'));
    expect(noBody).toMatchObject({ code: 'EMPTY_DOCUMENT', line: 1, column: 1 });
  });

  const oleHeader = (): Uint8Array => {
    const bytes = new Uint8Array(1536);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    return bytes;
  };

  it('refuses a password-protected DOCX and an old .doc (OLE compound files)', async () => {
    const encrypted = oleHeader();
    encrypted.set(Buffer.from('EncryptedPackage', 'utf16le'), 1024);
    const oldDoc = oleHeader();
    oldDoc.set(Buffer.from('WordDocument', 'utf16le'), 1024);
    for (const bytes of [encrypted, oldDoc]) {
      const { error, cpuMs } = await refusal(() => readDocx(bytes, 'secret.docx'));
      expect(error).toMatchObject({
        code: 'INVALID_DOCUMENT',
        file: 'secret.docx',
        line: 1,
        column: 1,
        expected: expectedDocx,
      });
      expect(error.message).toMatch(/password-protected or old \.doc format.*; save as \.docx/);
      expect(cpuMs).toBeLessThan(cpuBoundMs);
      // Through ingest, the same explanation.
      const { error: ingested } = await refusal(ingest(bytes, 'secret.docx'));
      expect(ingested).toMatchObject({ code: 'INVALID_DOCUMENT', file: 'secret.docx', line: 1, column: 1 });
      expect(ingested.message).toBe(error.message);
    }
  });

  it('refuses encrypted zip entries and compression methods Word does not use', async () => {
    const encrypted = makeZip([{ name: 'word/document.xml', data: documentXml(profileBody), flags: 1 }]);
    expect((await refusal(ingest(encrypted))).error).toMatchObject({
      code: 'INVALID_DOCUMENT',
      message:
        'hostile.docx is password-protected (its part word/document.xml is encrypted); save it as .docx without ' +
        'a password',
    });
    const lzma = makeZip([
      { name: 'word/document.xml', data: documentXml(profileBody), method: 14, stored: new Uint8Array(64) },
    ]);
    expect((await refusal(ingest(lzma))).error.message).toBe(
      'hostile.docx stores its part word/document.xml with compression method 14; Word uses deflate (8) or none (0)',
    );
  });

  it('refuses a PDF or plain text named .docx', async () => {
    const pdf = encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const { error: fromPdf } = await refusal(ingest(pdf, 'report.docx'));
    expect(fromPdf).toMatchObject({ code: 'INVALID_DOCUMENT', file: 'report.docx', line: 1, column: 1 });
    expect(fromPdf.message).toMatch(/not a DOCX file.*PDF/);
    const text = encode('Kazakhstan\n\nProfile\nKazakhstan is large.\n');
    const { error: fromText } = await refusal(ingest(text, 'notes.docx'));
    expect(fromText).toMatchObject({ code: 'INVALID_DOCUMENT', file: 'notes.docx', line: 1, column: 1 });
    // A .docx that is no zip archive at all is the reader's to explain (it also names old .doc and password-protected
    // files).
    expect(fromText.message).toBe('notes.docx is not a Word document: it is not a zip archive');
    // The reader itself says the same when called directly.
    expect((await refusal(() => readDocx(pdf, 'report.docx'))).error.message).toBe(
      'report.docx is not a Word document: it is a PDF file',
    );
    expect((await refusal(() => readDocx(text, 'notes.docx'))).error.message).toBe(
      'notes.docx is not a Word document: it is not a zip archive',
    );
  });

  it('refuses damaged part data', async () => {
    const good = makeZip([{ name: 'word/document.xml', data: documentXml(profileBody) }]);
    const damaged = Buffer.from(good);
    damaged.fill(0xff, 60, 90);
    const { error } = await refusal(ingest(new Uint8Array(damaged)));
    expect(error).toMatchObject({ code: 'INVALID_DOCUMENT', line: 1, column: 1 });
    expect(error.message).toMatch(
      /^hostile\.docx is damaged: its part word\/document\.xml (cannot be inflated|declares|fails)/,
    );
  });

  it('refuses XML that is not well formed, and document type declarations', async () => {
    const broken = minimalDocx(`${paragraphXml('Kyrgyzstan')}<w:p><w:r>`);
    const { error } = await refusal(ingest(broken));
    expect(error).toMatchObject({ code: 'INVALID_DOCUMENT', line: 1, column: 1 });
    expect(error.message).toMatch(/^hostile\.docx cannot be read as a Word document/);
    const laughs =
      '<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c ' +
      '"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    const { error: dtd, cpuMs } = await refusal(ingest(minimalDocx(paragraphXml('&c;'), laughs)));
    expect(dtd).toMatchObject({
      code: 'INVALID_DOCUMENT',
      message: 'hostile.docx has a document type declaration in its part word/document.xml; Word writes none',
    });
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });
});

describe('readDocx bounds nesting and size without recursion', () => {
  const nestedTables = (depth: number, inner: string): string =>
    '<w:tbl><w:tr><w:tc>'.repeat(depth) + inner + '</w:tc></w:tr></w:tbl>'.repeat(depth);
  const eleven = Array.from({ length: 11 }, (_, i) =>
    paragraphXml(
      i === 0 ? 'Kyrgyzstan' : i === 1 ? 'Profile' : `Sentence ${i}.`,
      i === 0 ? 'Heading1' : i === 1 ? 'Heading2' : undefined,
    ),
  ).join('');

  it('reads tables nested as deep as real documents go', async () => {
    const document = await ingestDocument({
      bytes: minimalDocx(eleven + nestedTables(60, paragraphXml('Deep in the tables.'))),
      name: 'tables.docx',
    });
    expect(sentenceTexts(document)).toContain('Deep in the tables.');
  });

  it('refuses deeper nesting at the paragraph where it is, before mammoth recurses', async () => {
    for (const depth of [100, 100_000]) {
      // Stored: 100,000 nested tables deflate over 1,000:1, which the bomb check would refuse first.
      const bytes = makeZip([
        {
          name: 'word/document.xml',
          data: documentXml(eleven + nestedTables(depth, paragraphXml('Too deep.'))),
          method: 0,
        },
      ]);
      const { error, cpuMs } = await refusal(ingest(bytes, 'nest.docx'));
      expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', file: 'nest.docx', line: 12, column: 1 });
      expect(error.message).toBe(
        `nest.docx nests XML elements more than ${ingestLimits.docxXmlNestingDepth.max} deep in its part ` +
          `word/document.xml (paragraph 12)`,
      );
      expect(error.describe()).toMatch(/^nest\.docx:12:1: /);
      expect(cpuMs).toBeLessThan(cpuBoundMs);
    }
  });

  it('refuses nesting inside a paragraph at that paragraph', async () => {
    const deepRuns =
      `<w:p>${'<w:hyperlink>'.repeat(1000)}` + `<w:r><w:t>x</w:t></w:r>${'</w:hyperlink>'.repeat(1000)}</w:p>`;
    const { error } = await refusal(ingest(minimalDocx(eleven + deepRuns), 'links.docx'));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', line: 12, column: 1 });
  });

  it('refuses more XML elements than the limit, whatever their size', async () => {
    // Stored, not deflated: a compression ratio of 1 passes the bomb checks.
    const body = profileBody + '<w:p/>'.repeat(ingestLimits.docxXmlElements.max);
    const bytes = makeZip([{ name: 'word/document.xml', data: documentXml(body), method: 0 }]);
    const { error, cpuMs } = await refusal(ingest(bytes, 'many.docx'));
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', file: 'many.docx', column: 1 });
    expect(error.message).toMatch(
      new RegExp(
        [
          String.raw`^many\.docx has more than 250000 XML elements \(the limit was reached in its part word\/`,
          String.raw`document\.xml \(paragraph \d+\)\)$`,
        ].join(''),
      ),
    );
    expect(cpuMs).toBeLessThan(cpuBoundMs);
  });

  it('reads a note referenced 50,000 times once (mammoth would copy its body for every reference)', async () => {
    const reference = '<w:r><w:footnoteReference w:id="1"/></w:r>';
    const body = profileBody + `<w:p><w:r><w:t>Bishkek exports power.</w:t></w:r>${reference.repeat(50_000)}</w:p>`;
    const note = Array.from({ length: 2000 }, (_, i) => paragraphXml(`Note paragraph ${i}.`)).join('');
    const footnotes = `<w:footnotes xmlns:w="${wordNamespace}"><w:footnote w:id="1">${note}</w:footnote></w:footnotes>`;
    const bytes = makeZip([
      { name: 'word/document.xml', data: documentXml(body), method: 0 },
      { name: 'word/footnotes.xml', data: footnotes },
    ]);
    const before = process.cpuUsage();
    const document = await ingestDocument({ bytes, name: 'echo.docx' });
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(cpuBoundMs);
    const texts = sentenceTexts(document);
    expect(texts.filter((text) => text === 'Note paragraph 0.')).toHaveLength(1);
    expect(texts).toContain('Bishkek exports power.');
    expect(document.sections.map((section) => section.heading)).toEqual(['Profile', 'Notes']);
  });

  it('reads a hostile list level without deep HTML', async () => {
    const numbering =
      `<w:numbering xmlns:w="${wordNamespace}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt ` +
      `w:val="decimal"/></w:lvl><w:lvl w:ilvl="999999"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num ` +
      `w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const listItem = (text: string, level: number): string =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr>` +
      `<w:r><w:t>${text}</w:t></w:r></w:p>`;
    const body =
      paragraphXml('Kyrgyzstan', 'Heading1') +
      paragraphXml('Key Interests', 'Heading2') +
      listItem('Energy', 0) +
      listItem('Deep detail.', 999999) +
      listItem('Trade', 0);
    const bytes = makeZip([
      { name: 'word/document.xml', data: documentXml(body) },
      { name: 'word/numbering.xml', data: numbering },
    ]);
    const document = await ingestDocument({ bytes, name: 'levels.docx' });
    expect(interestsOf(document)).toEqual([
      { rank: 1, title: 'Energy' },
      { rank: 2, title: 'Trade' },
    ]);
    expect(sentenceTexts(document)).toContain('Deep detail.');
  });
});
