// Public API of the ingest layer: profile bytes (plain text, Markdown, HTML) → ProfileDocument.
export { ingestProfile, formatFromName, sniffFormat, type IngestInput } from './ingest-profile.js';
export { decodeDocumentBytes, type DecodedDocument } from './document-decoder.js';
export { splitSentences } from './sentence-splitter.js';
export { countryOfActor } from './actor-country.js';
