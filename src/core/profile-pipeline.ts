// From bytes to a stored-ready pair: ingest the document, then run the extraction pipeline
// with the reference data (countries and the curated gazetteer).
import type { Extraction, ProfileDocument, ReferenceData, SourceFormat } from '../model/index.js';
import { ingestProfile } from '../ingest/index.js';
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

/** `onParsed` sees the parsed document before extraction (the ingest worker announces the actor with it). */
export function processProfile(
  bytes: Uint8Array,
  name: string,
  format?: SourceFormat,
  reference = bundledReferenceData(),
  onParsed?: (document: ProfileDocument) => void,
): ProcessedProfile {
  const document = ingestProfile({ bytes, name, format });
  onParsed?.(document);
  const extraction = extractProfile(document, reference);
  return { document, extraction };
}
