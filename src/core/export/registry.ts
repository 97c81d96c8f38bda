// The one list of export formats: the CLI (`dossier export --format`), the API
// (`GET /api/export/{format}`), OpenAPI and the UI's download menu all read it. Adding a format is
// one module under formats/ plus its line here and its tests.
import { DossierError, ExportFilterSchema, type ExportFilter } from '../../model/index.js';
import type { Dossier } from '../dossier.js';
import { exportRecords } from './export-records.js';
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

export const exporters: readonly Exporter[] = [
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
];

export const exportFormatNames = (): string[] => exporters.map((exporter) => exporter.name);

export function exporterNamed(name: string): Exporter {
  const exporter = exporters.find((candidate) => candidate.name === name);
  if (!exporter)
    throw new DossierError('BAD_REQUEST', `no export format "${name}"`, {
      expected: `one of ${exportFormatNames().join(', ')}`,
    });
  return exporter;
}

/**
 * Everything an export needs, checked before the first byte is written (an unknown format or actor
 * is an error, not a truncated file): the exporter, the context, and the byte stream.
 */
export async function startExport(
  dossier: Dossier,
  format: string,
  filterInput: Partial<ExportFilter>,
): Promise<{ exporter: Exporter; filter: ExportFilter; stream: AsyncIterable<Uint8Array | string> }> {
  const exporter = exporterNamed(format);
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
    records: () => exportRecords(dossier, filter),
  };
  return { exporter, filter, stream: exporter.write(context) };
}
