// `json`: the whole knowledge base (or one actor) as one document of record tables, described by a
// published JSON Schema (GET /api/export/json/schema, `dossier export --schema`) generated from the
// zod schemas in src/model/export.ts. Written table by table from one pass over the records, so
// only the records of the export are held (use `ndjson` for collections that do not fit in memory).
import { z } from 'zod';
import { JsonExportSchema, type ExportRecord } from '../../../model/index.js';
import type { Exporter } from '../exporter.js';

/** The JSON Schema (draft 2020-12) of the `json` export. */
export function jsonExportSchema(): Record<string, unknown> {
  return {
    $id: 'https://dossier.invalid/schema/export.json',
    title: 'Dossier export',
    ...(z.toJSONSchema(JsonExportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>),
  };
}

export const jsonExporter: Exporter = {
  name: 'json',
  description: 'the whole knowledge base (or one actor) as tables of records, with a published JSON Schema',
  mediaType: 'application/json; charset=utf-8',
  extension: 'json',
  scoped: true,
  async *write(context) {
    const pluralOf = new Map(context.tables.map((table) => [table.type, table.plural]));
    const tables = new Map<string, string[]>(context.tables.map((table) => [table.plural, []]));
    for await (const record of context.records())
      tables.get(pluralOf.get(record.type)!)!.push(JSON.stringify(record satisfies ExportRecord));
    const head = { format: 'dossier-export', formatVersion: 1, exportedAt: context.exportedAt, filter: context.filter };
    yield `{"dossier":${JSON.stringify(head)}`;
    for (const [name, rows] of tables) {
      yield `,\n"${name}":[`;
      for (let i = 0; i < rows.length; i += 500) yield (i > 0 ? ',\n' : '\n') + rows.slice(i, i + 500).join(',\n');
      yield ']';
    }
    yield '}\n';
  },
};
