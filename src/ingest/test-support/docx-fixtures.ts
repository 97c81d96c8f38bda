// Word documents of the example profiles, written at test time with the `docx` package: the
// title (Word's Title style or Heading 1), sections as Heading 2, interests as a Word-numbered
// list or numbered Heading 3 paragraphs, and optionally a footnote and an endnote. Shared by the
// DOCX reader's tests and the end-to-end ingest tests. Also hand-built zip archives (sizes, CRCs,
// entry counts and offsets that lie) and the hostile DOCX family (zip bombs, overlapping entries,
// nested zips) of the battery and src/ingest/hostile-binary.test.ts.
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import {
  AlignmentType,
  Document,
  EndnoteReferenceRun,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import type { HostileCase } from './hostile-binary-fixtures.js';

export interface ExampleBlock {
  kind: 'title' | 'section' | 'interest' | 'paragraph';
  text: string;
  rank?: number;
}

/** The blocks of an example profile (title, `##` sections, `### N.` interests, paragraphs and the notice). */
export function exampleBlocks(markdown: string): { actor: string; blocks: ExampleBlock[] } {
  const actor = /^actor:\s*(.+)$/m.exec(markdown)?.[1]?.trim() ?? '';
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const blocks: ExampleBlock[] = [];
  for (const chunk of body.split(/\n\s*\n/)) {
    const text = chunk
      .split('\n')
      .map((line) => line.replace(/^>\s?/, '').trim())
      .join(' ')
      .trim();
    if (!text) continue;
    const interest = /^###\s+(\d+)\.\s+(.+)$/.exec(text);
    if (interest) blocks.push({ kind: 'interest', rank: Number(interest[1]), text: interest[2] as string });
    else if (text.startsWith('## ')) blocks.push({ kind: 'section', text: text.slice(3) });
    else if (text.startsWith('# ')) blocks.push({ kind: 'title', text: text.slice(2) });
    else blocks.push({ kind: 'paragraph', text });
  }
  return { actor, blocks };
}

export interface DocxStyle {
  /** Title paragraph: Word's Title style or Heading 1. */
  title: 'Title' | 'Heading 1';
  /** Interests: a numbered list (Word numbering) or Heading 3 paragraphs with the number in their text. */
  interests: 'numbered list' | 'numbered heading';
  /** A footnote (and an endnote) in the first paragraph of the Profile section. */
  notes: boolean;
}

export const footnoteText = 'Figures in this profile are rounded.';
export const endnoteText = 'Reported by several outlets.';

/** A Word document of an example profile, with the title written as the front matter's actor. */
export async function exampleDocx(markdown: string, style: DocxStyle): Promise<Uint8Array> {
  const { actor, blocks } = exampleBlocks(markdown);
  const children: Paragraph[] = [];
  let notesPlaced = !style.notes;
  for (const block of blocks) {
    if (block.kind === 'title')
      children.push(
        new Paragraph({ text: actor, heading: style.title === 'Title' ? HeadingLevel.TITLE : HeadingLevel.HEADING_1 }),
      );
    else if (block.kind === 'section')
      children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 }));
    else if (block.kind === 'interest') {
      children.push(
        style.interests === 'numbered list'
          ? new Paragraph({ text: block.text, numbering: { reference: 'interests', level: 0 } })
          : new Paragraph({ text: `${block.rank}. ${block.text}`, heading: HeadingLevel.HEADING_3 }),
      );
    } else if (!notesPlaced && children.length > 2 && block.text.includes('. ')) {
      // Reference marks right after the first sentence: they must not glue the notes into it.
      const cut = block.text.indexOf('. ') + 1;
      children.push(
        new Paragraph({
          children: [
            new TextRun(block.text.slice(0, cut)),
            new FootnoteReferenceRun(1),
            new EndnoteReferenceRun(1),
            new TextRun(block.text.slice(cut)),
          ],
        }),
      );
      notesPlaced = true;
    } else children.push(new Paragraph(block.text));
  }
  const document = new Document({
    numbering: {
      config: [
        {
          reference: 'interests',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    ...(style.notes
      ? {
          footnotes: { 1: { children: [new Paragraph(footnoteText)] } },
          endnotes: { 1: { children: [new Paragraph(endnoteText)] } },
        }
      : {}),
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

// --- Hand-built zip archives and hostile Word documents -----------------------------------------
// The battery (battery/hostile-binary-documents.ts) and src/ingest/hostile-binary.test.ts build
// their hostile DOCX files here, in memory: zip bombs are written as deflate streams of one
// repeated block (a few hundred KiB for gigabytes of XML), so nothing big is ever allocated.

/** One entry of a hand-built zip archive. Every field that can lie, may. */
export interface ZipEntrySpec {
  name: string;
  /** The entry's content (its CRC and real size are computed from it; default: empty). */
  data?: string | Uint8Array;
  /** 8 (deflate, the default) or 0 (stored); another number is written as is. */
  method?: number;
  /** The bytes written for the entry instead of `data` compressed (a prepared deflate stream). */
  stored?: Uint8Array;
  /** Declared uncompressed size (default: the size of `data`). */
  uncompressedSize?: number;
  /** Declared CRC-32 (default: that of `data`). */
  crc?: number;
  /** General-purpose flags (1 = encrypted). */
  flags?: number;
  /** Point the directory entry at the local header of an earlier entry (overlapping entries) instead of writing one. */
  sameDataAs?: number;
}

/**
 * A zip archive of the entries: local headers, data, central directory and end record; `entryCount` overrides the count
 * the end record declares.
 */
export function zipArchive(entries: readonly ZipEntrySpec[], options: { entryCount?: number } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const localOffsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data =
      typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? new Uint8Array(0));
    const method = entry.method ?? 8;
    const stored = entry.stored ? Buffer.from(entry.stored) : method === 8 ? deflateRawSync(data) : data;
    const size = entry.uncompressedSize ?? data.length;
    const crc = entry.crc ?? crc32(data);
    const header = (signature: number, length: number, at: number): Buffer => {
      const bytes = Buffer.alloc(length);
      bytes.writeUInt32LE(signature, 0);
      bytes.writeUInt16LE(20, at);
      bytes.writeUInt16LE(entry.flags ?? 0, at + 2);
      bytes.writeUInt16LE(method, at + 4);
      bytes.writeUInt32LE(crc >>> 0, at + 10);
      bytes.writeUInt32LE(stored.length, at + 14);
      bytes.writeUInt32LE(size >>> 0, at + 18);
      bytes.writeUInt16LE(name.length, at + 22);
      return bytes;
    };
    const central = header(0x02014b50, 46, 6);
    central.writeUInt16LE(20, 4);
    if (entry.sameDataAs !== undefined) {
      central.writeUInt32LE(localOffsets[entry.sameDataAs] ?? 0, 42);
      localOffsets.push(localOffsets[entry.sameDataAs] ?? 0);
    } else {
      central.writeUInt32LE(offset, 42);
      localOffsets.push(offset);
      const local = header(0x04034b50, 30, 4);
      locals.push(local, name, stored);
      offset += local.length + name.length + stored.length;
    }
    centrals.push(central, name);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Math.min(0xffff, options.entryCount ?? entries.length);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/**
 * A raw deflate stream of `prefix`, `unit` repeated `count` times, and `suffix`, built without
 * ever holding the whole: about 1 MiB of repeated units is compressed once (a full flush makes
 * its blocks stand alone, ~1,000:1) and its compressed bytes repeated. Returns the stream, the
 * inflated size and its CRC-32.
 */
export function repeatedDeflate(
  prefix: string,
  unit: string,
  count: number,
  suffix: string,
): { stored: Uint8Array; size: number; crc: number } {
  const flush = { finishFlush: zlibConstants.Z_FULL_FLUSH };
  const unitBytes = Buffer.from(unit, 'utf8');
  const perChunk = Math.max(1, Math.min(count, Math.floor((1024 * 1024) / Math.max(1, unitBytes.length))));
  const chunk = Buffer.from(unit.repeat(perChunk), 'utf8');
  const chunks = Math.floor(count / perChunk);
  const rest = Buffer.from(unit.repeat(count - chunks * perChunk), 'utf8');
  const block = deflateRawSync(chunk, flush);
  const pieces: Buffer[] = [deflateRawSync(Buffer.from(prefix, 'utf8'), flush)];
  let crc = crc32(prefix);
  for (let i = 0; i < chunks; i++) {
    pieces.push(block);
    crc = crc32(chunk, crc);
  }
  pieces.push(deflateRawSync(rest, flush), deflateRawSync(Buffer.from(suffix, 'utf8')));
  crc = crc32(suffix, crc32(rest, crc));
  return {
    stored: new Uint8Array(Buffer.concat(pieces)),
    size: Buffer.byteLength(prefix) + unitBytes.length * count + Buffer.byteLength(suffix),
    crc,
  };
}

export const wordNamespace = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** word/document.xml around `body` (WordprocessingML paragraphs). */
export const wordDocumentXml = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` +
  `xmlns:w="${wordNamespace}"><w:body>${body}</w:body></w:document>`;
/** One Word paragraph (text XML-escaped), optionally in a paragraph style (`Heading1`, `Title`). */
export const wordParagraphXml = (text: string, styleId?: string): string =>
  `<w:p>${styleId ? `<w:pPr><w:pStyle w:val="${styleId}"/></w:pPr>` : ''}<w:r><w:t ` +
  `xml:space="preserve">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`;
/** A DOCX of only word/document.xml (all mammoth needs) holding `body`. */
export const minimalDocx = (body: string): Uint8Array =>
  zipArchive([{ name: 'word/document.xml', data: wordDocumentXml(body) }]);

const MiB = 1024 * 1024;
/** A body paragraph's worth of XML repeated in the bombs: it inflates to what a real document.xml looks like. */
const bombParagraph = wordParagraphXml('Tashkent and Dushanbe signed a water agreement on the Amu Darya in 2022.');

/**
 * Zip bombs and lying archives as DOCX: `inflatedMiB` is how far the bomb's document.xml inflates
 * (hundreds of MiB cost the generator a few milliseconds and a few hundred KiB of memory).
 */
export function docxBombCases(inflatedMiB = 256): HostileCase[] {
  const head =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` +
    `xmlns:w="${wordNamespace}"><w:body>${wordParagraphXml('Uzbekistan', 'Title')}`;
  const tail = '</w:body></w:document>';
  const repeats = Math.ceil((inflatedMiB * MiB) / Buffer.byteLength(bombParagraph));
  const bomb = () => repeatedDeflate(head, bombParagraph, repeats, tail);
  const honest = (): Uint8Array => {
    const { stored, size, crc } = bomb();
    // Sizes over 4 GiB do not fit a zip32 header: the declared size saturates, which is a lie of its own.
    return zipArchive([{ name: 'word/document.xml', stored, uncompressedSize: Math.min(size, 0xffffffff), crc }]);
  };
  const lying = (declared: number) => (): Uint8Array => {
    const { stored, crc } = bomb();
    return zipArchive([{ name: 'word/document.xml', stored, uncompressedSize: declared, crc }]);
  };
  // Just under the per-part cap in a stream that compresses 1,000:1 (below the ratio check's reach: declared small).
  const underCap = (): Uint8Array => {
    const { stored, crc } = repeatedDeflate(
      head,
      bombParagraph,
      Math.floor((15 * MiB) / Buffer.byteLength(bombParagraph)),
      tail,
    );
    return zipArchive([{ name: 'word/document.xml', stored, uncompressedSize: 900 * 1024, crc }]);
  };
  const profile = minimalDocx(
    wordParagraphXml('Tajikistan', 'Title') +
      wordParagraphXml('Profile', 'Heading2') +
      wordParagraphXml('Dushanbe guards the Panj river border.'),
  );
  return [
    { kind: `bomb-honest-sizes-${inflatedMiB}MiB`, expect: { refused: 'LIMIT_EXCEEDED' }, make: honest },
    { kind: `bomb-declared-1KiB-inflates-${inflatedMiB}MiB`, expect: { refused: 'LIMIT_EXCEEDED' }, make: lying(1024) },
    {
      kind: `bomb-declared-15MiB-inflates-${inflatedMiB}MiB`,
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: lying(15 * MiB),
    },
    { kind: 'bomb-declared-900KiB-inflates-15MiB', expect: { refused: 'LIMIT_EXCEEDED' }, make: underCap },
    {
      kind: 'bomb-in-an-unread-part',
      // Declared honestly: the central directory check refuses it before any part is read.
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => {
        const { stored, size, crc } = bomb();
        return zipArchive([
          {
            name: 'word/document.xml',
            data: wordDocumentXml(
              wordParagraphXml('Tajikistan', 'Title') + wordParagraphXml('Dushanbe guards the border.'),
            ),
          },
          { name: 'word/media/image1.png', stored, uncompressedSize: Math.min(size, 0xffffffff), crc },
        ]);
      },
    },
    {
      kind: 'bomb-in-an-unread-part-declared-small',
      // The part is never inflated (images are not text): the document reads.
      expect: { read: true },
      make: () => {
        const { stored, crc } = bomb();
        return zipArchive([
          {
            name: 'word/document.xml',
            data: wordDocumentXml(
              wordParagraphXml('Tajikistan', 'Title') +
                wordParagraphXml('Profile', 'Heading2') +
                wordParagraphXml('Dushanbe guards the border.'),
            ),
          },
          { name: 'word/media/image1.png', stored, uncompressedSize: 4096, crc },
        ]);
      },
    },
    {
      kind: 'overlapping-entries-10000',
      // One bomb's data shared by 9,999 directory entries (Fifield's "better zip bomb").
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () => {
        const { stored, crc } = repeatedDeflate(
          head,
          bombParagraph,
          Math.floor((0.9 * MiB) / Buffer.byteLength(bombParagraph)),
          tail,
        );
        const size =
          Buffer.byteLength(head) +
          Math.floor((0.9 * MiB) / Buffer.byteLength(bombParagraph)) * Buffer.byteLength(bombParagraph) +
          Buffer.byteLength(tail);
        return zipArchive([
          { name: 'word/document.xml', stored, uncompressedSize: size, crc },
          ...Array.from({ length: 9_999 }, (_, i) => ({
            name: `word/copy${i}.xml`,
            stored,
            uncompressedSize: size,
            crc,
            sameDataAs: 0,
          })),
        ]);
      },
    },
    {
      kind: 'overlapping-main-document',
      // Two directory entries, both word/document.xml-like, on the same data: read once, or refused.
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () => {
        const data = wordDocumentXml(
          wordParagraphXml('Tajikistan', 'Title') + wordParagraphXml('Dushanbe guards the border.'),
        );
        return zipArchive([
          { name: 'word/document.xml', data },
          { name: 'word/document.xml', data, sameDataAs: 0 },
        ]);
      },
    },
    {
      kind: 'directory-declares-65535-entries',
      // The end record's count is all the reader has before it reads the directory: over the entry limit.
      expect: { refused: 'LIMIT_EXCEEDED' },
      make: () =>
        zipArchive([{ name: 'word/document.xml', data: wordDocumentXml(wordParagraphXml('Tajikistan')) }], {
          entryCount: 0xffff,
        }),
    },
    {
      kind: 'nested-zip-docx-inside-docx',
      // A Word document stored inside another zip under word/: the outer archive has no main document.
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () => zipArchive([{ name: 'word/inner.docx', data: profile, method: 0 }]),
    },
    {
      kind: 'nested-zip-as-document-xml',
      // word/document.xml is itself a zip (of a bomb): not XML.
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () => zipArchive([{ name: 'word/document.xml', data: honest(), method: 0 }]),
    },
    {
      kind: 'document-xml-is-high-byte-noise',
      // Not XML (and no NUL in it): the XML parser's complaint, without the raw bytes it quotes.
      expect: { refused: 'INVALID_DOCUMENT' },
      make: () => {
        const noise = Buffer.alloc(4096);
        for (let i = 0; i < noise.length; i++) noise[i] = 0x80 + ((i * 131 + (i >> 3) * 17) % 0x80);
        return zipArchive([
          {
            name: 'word/document.xml',
            data: Buffer.concat([Buffer.from('<w:document>'), noise, Buffer.from('<\u0001</>')]),
          },
        ]);
      },
    },
    {
      kind: 'nested-zip-bomb-embedded',
      // A zip bomb stored (not compressed again) as an embedded object: its bytes are small, it is never opened.
      expect: { read: true },
      make: () =>
        zipArchive([
          {
            name: 'word/document.xml',
            data: wordDocumentXml(
              wordParagraphXml('Tajikistan', 'Title') +
                wordParagraphXml('Profile', 'Heading2') +
                wordParagraphXml('Dushanbe guards the border.'),
            ),
          },
          { name: 'word/embeddings/package.zip', data: honest(), method: 0 },
        ]),
    },
  ];
}
