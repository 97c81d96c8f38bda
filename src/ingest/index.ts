// Public API of the ingest layer: profile bytes (plain text, Markdown, HTML, DOCX, PDF) → ProfileDocument.
export { ingestDocument, ingestProfile, formatFromName, sniffFormat, type IngestInput } from './ingest-profile.js';
export { binaryFormats, isBinaryFormat, sniffBinaryFormat, type BinaryFormat } from './binary-document.js';
export { decodeDocumentBytes, type DecodedDocument } from './document-decoder.js';
export { splitSentences } from './sentence-splitter.js';
export { countryOfActor } from './actor-country.js';
