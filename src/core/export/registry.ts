// The one list of export formats: the CLI (`dossier export --format`), the API
// (`GET /api/export/{format}`), OpenAPI and the UI's download menu all read it. Adding a format is
// one module under formats/ plus its line here and its tests (docs/ARCHITECTURE.md, "Adding an export format").
import { DossierError, ExportFilterSchema, type ExportFilter } from '../../model/index.js';
import type { Dossier } from '../dossier.js';
import { exportRecords, storeExportTables } from './export-records.js';
import type { ExportContext, Exporter } from './exporter.js';
import { csvExporter } from './formats/csv.js';
import { ftmExporter } from './formats/ftm.js';
import { gexfExporter } from './formats/gexf.js';
import { graphmlExporter } from './formats/graphml.js';
import { jsonExporter } from './formats/json.js';
import { jsonldExporter } from './formats/jsonld.js';
import { kumuExporter } from './formats/kumu.js';
import { xlsxExporter } from './formats/xlsx.js';
import { ndjsonExporter } from './formats/ndjson.js';
import { markdownReportExporter } from './formats/report-markdown.js';
import { pdfReportExporter } from './formats/report-pdf.js';
import { sqliteExporter } from './formats/sqlite.js';

/**
 * A list of export formats and the operations over it. The application has one (`exportRegistry`); a test makes
 * a temporary one with `with(toy)` to prove a new format needs nothing but its module.
 */
export class ExportRegistry {
  readonly exporters: readonly Exporter[];

  constructor(exporters: readonly Exporter[]) {
    const seen = new Set<string>();
    for (const exporter of exporters) {
      if (!/^[a-z][a-z0-9-]*$/.test(exporter.name))
        throw new Error(`export format name "${exporter.name}" is not lower-case letters, digits and dashes`);
      if (seen.has(exporter.name)) throw new Error(`two export formats are named "${exporter.name}"`);
      seen.add(exporter.name);
    }
    this.exporters = exporters;
  }

  /** A registry with one more format (tests and extensions; the application's list stays as it is). */
  with(exporter: Exporter): ExportRegistry {
    return new ExportRegistry([...this.exporters, exporter]);
  }

  names(): string[] {
    return this.exporters.map((exporter) => exporter.name);
  }

  named(name: string): Exporter {
    const exporter = this.exporters.find((candidate) => candidate.name === name);
    if (!exporter)
      throw new DossierError('BAD_REQUEST', `no export format "${name}"`, {
        expected: `one of ${this.names().join(', ')}`,
      });
    return exporter;
  }

  async start(
    dossier: Dossier,
    format: string,
    filterInput: Partial<ExportFilter>,
  ): Promise<{ exporter: Exporter; filter: ExportFilter; stream: AsyncIterable<Uint8Array | string> }> {
    return startWith(this.named(format), dossier, filterInput);
  }
}

export const exportRegistry = new ExportRegistry([
  jsonExporter,
  ndjsonExporter,
  csvExporter,
  xlsxExporter,
  sqliteExporter,
  gexfExporter,
  graphmlExporter,
  kumuExporter,
  ftmExporter,
  jsonldExporter,
  markdownReportExporter,
  pdfReportExporter,
]);

export const exporters: readonly Exporter[] = exportRegistry.exporters;
export const exportFormatNames = (): string[] => exportRegistry.names();
export const exporterNamed = (name: string): Exporter => exportRegistry.named(name);

/**
 * Everything an export needs, checked before the first byte is written (an unknown format or actor
 * is an error, not a truncated file): the exporter, the context, and the byte stream.
 */
export function startExport(
  dossier: Dossier,
  format: string,
  filterInput: Partial<ExportFilter>,
): Promise<{ exporter: Exporter; filter: ExportFilter; stream: AsyncIterable<Uint8Array | string> }> {
  return exportRegistry.start(dossier, format, filterInput);
}

async function startWith(
  exporter: Exporter,
  dossier: Dossier,
  filterInput: Partial<ExportFilter>,
): Promise<{ exporter: Exporter; filter: ExportFilter; stream: AsyncIterable<Uint8Array | string> }> {
  const parsed = ExportFilterSchema.safeParse(filterInput);
  if (!parsed.success)
    throw new DossierError('BAD_REQUEST', `bad export filter: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      expected: 'actor, version (with an actor), status accepted|confirmed|all',
    });
  const filter: ExportFilter = exporter.scoped ? parsed.data : { status: parsed.data.status };
  if (filter.version !== undefined && filter.actor === undefined)
    throw new DossierError('BAD_REQUEST', 'a version needs an actor', { expected: 'actor=ID&version=N' });
  if (filter.actor !== undefined && !(await dossier.store.getActor(filter.actor, filter.version))) {
    throw new DossierError(
      'NOT_FOUND',
      filter.version ? `no version ${filter.version} of actor "${filter.actor}"` : `no actor "${filter.actor}"`,
    );
  }
  const context: ExportContext = {
    dossier,
    filter,
    exportedAt: new Date().toISOString(),
    records: () => exportRecords(dossier, filter, storeExportTables),
    tables: storeExportTables,
  };
  return { exporter, filter, stream: exporter.write(context) };
}
