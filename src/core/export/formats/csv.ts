// `csv`: a zip of one RFC 4180 CSV per table (tabular-columns.ts: actors, documents, …, postures,
// and the compare matrix) with a README.txt on the tables and their joins. UTF-8 without a byte
// order mark, CRLF between records, fields quoted when they hold a comma, a quote or a line break.
// Records arrive document by document but a zip entry is written whole, so the rows are spooled
// to one temporary file per table (bounded memory, any collection size) and the zip (yazl, which
// streams entries from files and switches to Zip64 by itself) is streamed from those files.
import type { Exporter } from '../exporter.js';
import { spoolExport, tabularReadme, tabularTablesOf, TableSpool, type CellValue } from './tabular-columns.js';

const needsQuotes = /[",\r\n]/;

/** One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
export function csvField(value: CellValue): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export const csvRecord = (cells: readonly CellValue[]): string => `${cells.map(csvField).join(',')}\r\n`;

const csvNotes = [
  '- Files are RFC 4180 CSV in UTF-8 without a byte order mark; records end with CRLF; fields with a comma, a',
  '  quote or a line break are quoted ("" for a quote). Text keeps its own line breaks (LF) inside quotes.',
  '- Cells are written as they are: a spreadsheet may read a cell that starts with =, +, - or @ as a',
  '  formula. Open the xlsx export in a spreadsheet; use these files with pandas, R, DuckDB or csvkit',
  '  (pandas: pd.read_csv(zipfile.ZipFile(path).open("mentions.csv"), keep_default_na=False)).',
];

export const csvExporter: Exporter = {
  name: 'csv',
  description:
    'a zip of one CSV per table (actors, documents, sentences, entities, mentions, events, relations, compare ' +
    'matrix…) with ids that join',
  mediaType: 'application/zip',
  extension: 'zip',
  scoped: true,
  async *write(context) {
    const spool = await TableSpool.open(csvRecord, tabularTablesOf(context.tables));
    try {
      await spoolExport(context, spool);
      const tables = await spool.close();
      const mtime = new Date(context.exportedAt);
      // yazl loaded on the first CSV export, not at every start of the server.
      const { ZipFile } = await import('yazl');
      const zip = new ZipFile();
      const readme = tabularReadme(context, tables, {
        what: 'one CSV file per table',
        tableWord: 'file',
        notes: csvNotes,
      });
      zip.addBuffer(Buffer.from(readme.replaceAll('\n', '\r\n'), 'utf8'), 'README.txt', { mtime });
      for (const table of tables) zip.addFile(table.file, `${table.name}.csv`, { mtime });
      zip.end();
      for await (const chunk of zip.outputStream) yield chunk as Buffer;
    } finally {
      await spool.dispose();
    }
  },
};
