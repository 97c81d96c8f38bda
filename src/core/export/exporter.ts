// The exporter contract: every export format is one module that declares its name, media type,
// file extension and whether an actor/version filter narrows it, and writes its bytes as a stream
// from the export context (the typed records of the collection, the views, the Dossier).
import type { ExportFilter, ExportRecord, ExportTable } from '../../model/index.js';
import type { Dossier } from '../dossier.js';

export interface ExportContext {
  dossier: Dossier;
  filter: ExportFilter;
  /** The records of the collection (or of the filtered actor and version), document by document. */
  records(): AsyncIterable<ExportRecord>;
  /** The record types of the export and their tables, in order (export-records.ts, storeExportTables). */
  tables: readonly ExportTable[];
  /** When the export was made (ISO), the same in every part of one export. */
  exportedAt: string;
}

export interface Exporter {
  /** The format name in `dossier export --format NAME` and `GET /api/export/NAME`. */
  name: string;
  /** One line for `--help`, OpenAPI and the download menu. */
  description: string;
  mediaType: string;
  /** File extension without the dot. */
  extension: string;
  /** Whether `actor`/`version` narrow the export (false: the format is about the whole collection). */
  scoped: boolean;
  /** The export's bytes (strings are UTF-8), in order. */
  write(context: ExportContext): AsyncIterable<Uint8Array | string>;
}

/** The file name an export is offered under: `dossier-<actor or collection>[-v<version>].<extension>`. */
export function exportFileName(exporter: Exporter, filter: ExportFilter): string {
  const subject =
    exporter.scoped && filter.actor ? filter.actor.replace(/[^a-z0-9-]+/gi, '-').slice(0, 80) : 'collection';
  const version = exporter.scoped && filter.actor && filter.version ? `-v${filter.version}` : '';
  return `dossier-${subject}${version}.${exporter.extension}`;
}
