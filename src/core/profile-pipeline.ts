// From bytes to a stored-ready pair: ingest the document, then run the extraction pipeline
// with the reference data (countries and the curated gazetteer).
import type { Extraction, ProfileDocument, ReferenceData, SourceFormat } from '../model/index.js';
import { ingestDocument, ingestProfile } from '../ingest/index.js';
import { extractProfile } from '../extract/index.js';
import { defaultDataDir, loadReferenceData } from '../extract/reference/reference-data-loader.js';

export interface ProcessedProfile {
  document: ProfileDocument;
  extraction: Extraction;
}

let cachedReference: ReferenceData | undefined;

/** The bundled reference data (loaded once per process). */
export function bundledReferenceData(): ReferenceData {
  cachedReference ??= loadReferenceData(defaultDataDir());
  return cachedReference;
}

/** Ingest and extraction of a document in a text format (plain text, Markdown, HTML); binary formats need `processDocument`. */
export function processProfile(bytes: Uint8Array, name: string, format?: SourceFormat, reference = bundledReferenceData()): ProcessedProfile {
  const document = ingestProfile({ bytes, name, format });
  return { document, extraction: extractProfile(document, reference) };
}

/** Ingest and extraction of a document in any format (DOCX and PDF are read asynchronously first). */
export async function processDocument(bytes: Uint8Array, name: string, format?: SourceFormat, reference = bundledReferenceData()): Promise<ProcessedProfile> {
  const document = await ingestDocument({ bytes, name, format });
  return { document, extraction: extractProfile(document, reference) };
}
