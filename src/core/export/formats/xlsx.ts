// `xlsx`: the tables of the `csv` export (tabular-columns.ts) as sheets of one workbook, after a
// README sheet on the tables and their joins. Numbers and yes/no are typed cells, text is text (never
// a formula). Within Excel's limits: a cell over 32,767 characters (a long document's text) is cut
// and ends with a marker saying so; a table over 1,048,576 rows goes on in "name (2)", "name (3)"…;
// characters an XML cell cannot hold (control characters) become U+FFFD and a CR becomes an LF, one
// for one, so start/end offsets still slice documents.text. Written with exceljs's streaming
// WorkbookWriter (rows committed one by one, inline strings, nothing of a sheet kept) from the spooled
// tables into a temporary file that is then streamed out, so memory stays bounded for any size.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import type { Exporter } from '../exporter.js';
import {
  spoolExport,
  tabularReadme,
  tabularTablesOf,
  TableSpool,
  type CellValue,
  type SpooledTable,
} from './tabular-columns.js';

export interface ExcelLimits {
  /** Rows of a sheet, the header included. */
  maxRows: number;
  /** Characters of a cell. */
  maxCellLength: number;
}

/** Excel's own limits (Excel specifications and limits). */
export const excelLimits: ExcelLimits = { maxRows: 1_048_576, maxCellLength: 32_767 };

const notXmlText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/** The marker that ends a cut cell. */
export const cutMarker = (fullLength: number): string =>
  ` […cut: ${fullLength} characters in all; the csv export has them all]`;

/** A cell as the workbook holds it: XML-safe one for one, and cut with a marker beyond `maxCellLength`. */
export function xlsxCell(value: CellValue, maxCellLength: number): CellValue {
  if (typeof value !== 'string') return value;
  let text = value;
  if (text.includes('\r')) text = text.replaceAll('\r', '\n');
  notXmlText.lastIndex = 0;
  if (notXmlText.test(text)) text = text.replace(notXmlText, '\uFFFD');
  if (text.length <= maxCellLength) return text;
  const marker = cutMarker(text.length);
  let cut = Math.max(0, maxCellLength - marker.length);
  // Never split a surrogate pair.
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]!)) cut -= 1;
  return text.slice(0, cut) + marker;
}

/** The name of the n-th sheet (from 1) of a table: Excel allows 31 characters. */
const sheetName = (table: string, part: number): string => (part === 1 ? table : `${table} (${part})`).slice(0, 31);

const wideColumns = new Set(['text', 'title', 'heading', 'name', 'aliases', 'attributes', 'about']);

const xlsxNotes = (limits: ExcelLimits): string[] => [
  `- Cells hold at most ${limits.maxCellLength} characters: a longer cell (in practice documents.text of a long`,
  '  document) is cut and ends with "[…cut: N characters in all; the csv export has them all]".',
  `- A sheet holds at most ${limits.maxRows} rows with its header: a longer table goes on in the sheet "name (2)".`,
  '- Control characters (which a workbook cannot hold) are shown as U+FFFD and a carriage return as a line',
  '  feed, one character for one, so start/end still slice documents.text.',
  '- Numbers and true/false are typed cells; all other cells are text, never formulas.',
];

async function* spooledRows(table: SpooledTable): AsyncGenerator<CellValue[]> {
  const lines = createInterface({ input: createReadStream(table.file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    yield JSON.parse(line) as CellValue[];
  }
}

/** Bytes of sheet XML allowed to wait for the zip writer before rows are held back. */
const queuedSheetBytes = 1024 * 1024;

/**
 * exceljs hands a sheet's XML to its zip writer without waiting for it (its StreamBuf ignores
 * backpressure), so rows produced faster than they are compressed would pile up in memory. Wait
 * while the sheet's unwritten buffers and the zip entry's write queue hold more than
 * `queuedSheetBytes`. Reads exceljs 4's internals (StreamBuf `pipes` and `buffers`, and the
 * write queue of archiver's readable-stream PassThrough); without them it only yields a turn.
 */
async function sheetDrained(sheet: ExcelJS.Worksheet): Promise<void> {
  type Pipe = Partial<Pick<Writable, 'writableLength'>> & { _writableState?: { length?: number } };
  const stream = (sheet as unknown as { stream?: { pipes?: Pipe[]; buffers?: unknown[]; bufSize?: number } }).stream;
  for (;;) {
    const pipes = stream?.pipes ?? [];
    const queued =
      (stream?.buffers?.length ?? 0) * (stream?.bufSize ?? 65_536) +
      pipes.reduce((sum, pipe) => sum + (pipe.writableLength ?? pipe._writableState?.length ?? 0), 0);
    // The timer bounds each wait: a drain that never comes (a failed zip) is seen by commit().
    await sleep(queued > queuedSheetBytes ? 2 : 0);
    if (queued <= queuedSheetBytes) return;
  }
}

async function writeWorkbook(
  file: string,
  tables: readonly SpooledTable[],
  readme: string,
  exportedAt: string,
  limits: ExcelLimits,
): Promise<void> {
  // exceljs (and its zip and CSV packages) loaded on the first xlsx export, not at every start of the server.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Dossier';
  workbook.created = new Date(exportedAt);
  workbook.modified = workbook.created;

  const about = workbook.addWorksheet('README');
  about.columns = [{ width: 120 }];
  for (const line of readme.trimEnd().split('\n')) about.addRow([line]).commit();
  about.commit();

  for (const table of tables) {
    const header = table.columns.map((column) => column.name);
    let part = 0;
    let sheet: ExcelJS.Worksheet | undefined;
    let rowsInSheet = 0;
    const startSheet = (): ExcelJS.Worksheet => {
      sheet?.commit();
      part += 1;
      const next = workbook.addWorksheet(sheetName(table.name, part), { views: [{ state: 'frozen', ySplit: 1 }] });
      next.columns = header.map((name) => ({ width: wideColumns.has(name) ? 60 : Math.max(10, name.length + 2) }));
      const headerRow = next.addRow(header);
      headerRow.font = { bold: true };
      headerRow.commit();
      rowsInSheet = 1;
      return next;
    };
    sheet = startSheet();
    let written = 0;
    for await (const cells of spooledRows(table)) {
      if (rowsInSheet >= limits.maxRows) sheet = startSheet();
      sheet.addRow(cells.map((cell) => xlsxCell(cell, limits.maxCellLength))).commit();
      rowsInSheet += 1;
      if (++written % 200 === 0) await sheetDrained(sheet);
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** An xlsx exporter within the given limits (tests use small ones; `xlsxExporter` uses Excel's). */
export function createXlsxExporter(limits: ExcelLimits = excelLimits): Exporter {
  return {
    name: 'xlsx',
    description: 'the tables of the csv export as sheets of one Excel workbook, with a README sheet',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    scoped: true,
    async *write(context) {
      const spool = await TableSpool.open((cells) => `${JSON.stringify(cells)}\n`, tabularTablesOf(context.tables));
      try {
        await spoolExport(context, spool);
        const tables = await spool.close();
        const readme = tabularReadme(context, tables, {
          what: 'one sheet per table, after this README sheet',
          tableWord: 'sheet',
          notes: xlsxNotes(limits),
        });
        const file = spool.pathFor('export.xlsx');
        await writeWorkbook(file, tables, readme, context.exportedAt, limits);
        for await (const chunk of createReadStream(file)) yield chunk as Buffer;
      } finally {
        await spool.dispose();
      }
    },
  };
}

export const xlsxExporter: Exporter = createXlsxExporter();
