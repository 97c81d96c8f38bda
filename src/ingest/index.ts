// Public API of the ingest layer: profile bytes (plain text, Markdown, HTML, DOCX, PDF) → ProfileDocument.
export { ingestDocument, ingestProfile, formatFromName, sniffFormat, type IngestInput } from './ingest-profile.js';
export { documentReaders, DocumentReaders, type DocumentReader, type BinaryReading } from './document-readers.js';
export { decodeDocumentBytes, type DecodedDocument } from './document-decoder.js';
export { splitSentences } from './sentence-splitter.js';
export { countryOfActor } from './actor-country.js';
