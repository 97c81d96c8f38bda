// Tests of byte decoding: BOMs, UTF-16 without BOM, legacy single-byte encodings, refusals.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DossierError } from '../model/index.js';
import { decodeDocumentBytes } from './document-decoder.js';

const sample = 'Kazakhstan\n\nProfile\nKazakhstan and Afghanistan do not share a border.\n';

function refusalOf(bytes: Uint8Array): DossierError {
  try {
    decodeDocumentBytes(bytes, 'sample.txt');
  } catch (error) {
    expect(error).toBeInstanceOf(DossierError);
    return error as DossierError;
  }
  throw new Error('expected a DossierError');
}

describe('decodeDocumentBytes', () => {
  it('decodes UTF-8 and drops its BOM', () => {
    expect(decodeDocumentBytes(Buffer.from(sample), 'a.txt')).toEqual({ text: sample, encoding: 'UTF-8' });
    expect(decodeDocumentBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]), 'a.txt')).toEqual(
      { text: sample, encoding: 'UTF-8' },
    );
  });

  it('decodes UTF-16 with and without BOM', () => {
    const le = Buffer.from(sample, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeDocumentBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'a.txt')).toEqual({
      text: sample,
      encoding: 'UTF-16LE',
    });
    expect(decodeDocumentBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'a.txt')).toEqual({
      text: sample,
      encoding: 'UTF-16BE',
    });
    expect(decodeDocumentBytes(le, 'a.txt')).toEqual({ text: sample, encoding: 'UTF-16LE' });
    expect(decodeDocumentBytes(be, 'a.txt')).toEqual({ text: sample, encoding: 'UTF-16BE' });
  });

  it('detects legacy single-byte encodings', () => {
    const russian = `${sample}Казахстан и Афганистан не имеют общей границы.\n`;
    expect(decodeDocumentBytes(iconv.encode(russian, 'win1251'), 'a.txt')).toEqual({
      text: russian,
      encoding: 'windows-1251',
    });
    const german = `${sample}Die Grenze ist für Händler über Usbekistan erreichbar.\n`;
    const latin = decodeDocumentBytes(iconv.encode(german, 'latin1'), 'a.txt');
    expect(latin.text).toBe(german);
    expect(['ISO-8859-1', 'windows-1252']).toContain(latin.encoding);
  });

  it('refuses empty and binary input with a location', () => {
    expect(refusalOf(new Uint8Array())).toMatchObject({ code: 'EMPTY_DOCUMENT', line: 1, column: 1 });
    expect(refusalOf(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toMatchObject({ code: 'BINARY_DOCUMENT', line: 1, column: 1 });
    expect(refusalOf(Buffer.from('Kazakhstan\nPro\u0000file'))).toMatchObject({
      code: 'BINARY_DOCUMENT',
      line: 2,
      column: 4,
    });
  });

  it('refuses invalid UTF-16 and broken UTF-8', () => {
    const lone = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Ab\nc', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('de', 'utf16le'),
    ]);
    expect(refusalOf(lone)).toMatchObject({ code: 'UNDECODABLE_DOCUMENT', line: 2, column: 2 });
    const broken = Buffer.concat([Buffer.from('Ünïcödé line\nsecond '), Buffer.from([0xc3, 0x28])]);
    expect(refusalOf(broken)).toMatchObject({ code: 'UNDECODABLE_DOCUMENT', line: 2, column: 8 });
  });
});
