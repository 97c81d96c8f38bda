// Binary document formats (DOCX, PDF): each has a reader that turns the file into the block
// events every parser produces (headings, paragraphs, ranked items), asynchronously, before the
// synchronous ingest assembles them like any other format. For these formats a refusal's
// "line" is the block's number in reading order (paragraph N of the document), column 1; PDF
// blocks also carry their page. Adding a binary format = one reader module + its entry here.
// A reader (and its libraries: mammoth, unpdf) is imported when a document of its format comes,
// so that a process reading text profiles only (`dossier extract profile.txt`) never loads them.
import { DossierError, type SourceFormat } from '../model/index.js';
import type { ProfileEvent } from './profile-layout.js';

export const binaryFormats = ['docx', 'pdf'] as const;
export type BinaryFormat = (typeof binaryFormats)[number];

/** What a binary reader gives: block events in reading order. */
export interface BinaryReading {
  format: BinaryFormat;
  events: ProfileEvent[];
}

type BinaryReader = (bytes: Uint8Array, name: string) => Promise<ProfileEvent[]>;

const readers: Record<BinaryFormat, () => Promise<BinaryReader>> = {
  docx: async () => (await import('./docx-reader.js')).readDocx,
  pdf: async () => (await import('./pdf-reader.js')).readPdf,
};

export const isBinaryFormat = (format: SourceFormat | null | undefined): format is BinaryFormat =>
  format !== null && format !== undefined && (binaryFormats as readonly string[]).includes(format);

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

/**
 * The binary format the bytes are in, by signature: `%PDF-` for PDF; a zip archive
 * (`PK\x03\x04`) holding `word/` parts for DOCX. Null for anything else (text formats included).
 */
export function sniffBinaryFormat(bytes: Uint8Array): BinaryFormat | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // The local file headers name their parts in clear: a Word document has word/document.xml.
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1 << 20)).toString('latin1');
    if (head.includes('word/')) return 'docx';
  }
  return null;
}

/** Reads a DOCX or PDF file into block events; throws DossierError (clear refusals only). */
export async function readBinaryDocument(
  bytes: Uint8Array,
  name: string,
  format: BinaryFormat,
): Promise<BinaryReading> {
  const actual = sniffBinaryFormat(bytes);
  // A .docx that is no zip (an old .doc, a password-protected file) is the DOCX reader's to explain.
  if (actual !== format && !(format === 'docx' && actual === null)) {
    throw new DossierError(
      'INVALID_DOCUMENT',
      `${name} is not a ${format.toUpperCase()} file${actual ? ` (it is ${actual.toUpperCase()})` : ''}`,
      {
        file: name,
        line: 1,
        column: 1,
        expected:
          format === 'pdf'
            ? 'a PDF file (starting with %PDF-)'
            : 'a Word document (.docx, a zip archive with word/document.xml)',
      },
    );
  }
  const read = await readers[format]();
  return { format, events: await read(bytes, name) };
}
