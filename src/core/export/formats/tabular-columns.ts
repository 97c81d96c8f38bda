// The tables of the `csv` and `xlsx` exports: one per record type of src/model/export.ts plus the
// compare matrix, each with its ordered columns (named as the record fields, so a table reads like
// the `json` export), how a record becomes a row, and what the README of an export says about them.
// Also the spool both formats write through: records arrive document by document, a zip entry or a
// sheet must be written whole, so rows are appended to one temporary file per table (memory holds at
// most `spoolFlushChars` per table plus the record at hand) and read back table by table.
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  themes,
  type AnyItemRecordKind,
  type ExportRecord,
  type ExportRecordOf,
  type ExportTable,
  type Theme,
} from '../../../model/index.js';
import { storeExportTables } from '../export-records.js';
import type { ExportContext } from '../exporter.js';

/** One cell: text, a number, a yes/no, or nothing (an empty CSV field, an empty cell). */
export type CellValue = string | number | boolean | null;

export interface TabularColumn<R> {
  name: string;
  /** One line for the README. */
  about: string;
  value: (record: R) => CellValue;
}

/** The name of a table: the `json` export's key of a record type (its plural), or `compare`. */
export type TableName = string;

/** List cells (themes, aliases, event actors): the values joined with `;`. */
export const listSeparator = ';';
const list = (values: readonly string[]): string => values.join(listSeparator);

const documentKey: ReadonlyArray<TabularColumn<{ actor: string; version: number }>> = [
  { name: 'actor', about: 'actor or source id (joins actors.id, documents.actor)', value: (r) => r.actor },
  { name: 'version', about: 'version of that actor (joins documents.version)', value: (r) => r.version },
];
const spanColumns: ReadonlyArray<
  TabularColumn<{ actor: string; version: number; start: number; end: number; status: string }>
> = [
  ...documentKey,
  {
    name: 'start',
    about: 'start offset of the evidence in documents.text (UTF-16 code units, as JavaScript and the API count)',
    value: (r) => r.start,
  },
  { name: 'end', about: 'end offset (exclusive) of the evidence in documents.text', value: (r) => r.end },
  {
    name: 'status',
    about: 'review status: machine, confirmed, edited, or rejected (only with --status all)',
    value: (r) => r.status,
  },
];

type OtherType = 'actor' | 'document' | 'entity';
type RecordColumns = { [T in OtherType]: ReadonlyArray<TabularColumn<ExportRecordOf<T>>> };

/** The columns of the tables of the records that are no document item, in order. */
const otherColumns: RecordColumns = {
  actor: [
    { name: 'id', about: 'actor or source id', value: (r) => r.id },
    { name: 'name', about: 'display name', value: (r) => r.name },
    { name: 'country', about: 'ISO 3166-1 alpha-3 country of the actor, if any', value: (r) => r.country },
    { name: 'kind', about: 'profile or source', value: (r) => r.kind },
    { name: 'version', about: 'the version exported (joins documents.version)', value: (r) => r.version },
    { name: 'versions', about: 'how many versions the actor has', value: (r) => r.versions },
  ],
  document: [
    ...documentKey,
    { name: 'kind', about: 'profile or source', value: (r) => r.kind },
    { name: 'title', about: 'title (the actor name for profiles)', value: (r) => r.title },
    { name: 'sourceName', about: 'file name it was ingested from', value: (r) => r.sourceName },
    { name: 'format', about: 'file format (txt, md, html, docx, pdf…)', value: (r) => r.format },
    { name: 'hash', about: 'SHA-256 of the ingested bytes', value: (r) => r.hash },
    { name: 'ingestedAt', about: 'when it was ingested (ISO 8601)', value: (r) => r.ingestedAt },
    { name: 'asOf', about: 'date the profile describes (metadata as_of)', value: (r) => r.asOf },
    { name: 'published', about: 'publication date of a source', value: (r) => r.published },
    { name: 'publisher', about: 'publisher of a source', value: (r) => r.publisher },
    { name: 'author', about: 'author of a source', value: (r) => r.author },
    { name: 'sourceUrl', about: 'web address of the original, if known', value: (r) => r.sourceUrl },
    {
      name: 'text',
      about: 'the full text every start/end offset points into (last column: it is long)',
      value: (r) => r.text,
    },
  ],
  entity: [
    {
      name: 'id',
      about:
        'entity id (ISO alpha-3 for countries), joined from mentions.entity, subjects.entity, events.actors, ' +
        'events.place, relations.subject/object',
      value: (r) => r.id,
    },
    { name: 'entityType', about: 'country, person, organization, place…', value: (r) => r.entityType },
    { name: 'name', about: 'canonical name', value: (r) => r.name },
    { name: 'country', about: 'ISO alpha-3 country the entity belongs to, if any', value: (r) => r.country },
    { name: 'wikidata', about: 'Wikidata QID, if known', value: (r) => r.wikidata },
    { name: 'aliases', about: 'other names, joined with ;', value: (r) => list(r.aliases) },
    {
      name: 'attributes',
      about: 'further attributes as a JSON object ({} when none)',
      value: (r) => JSON.stringify(r.attributes),
    },
  ],
};

/** A cell of a record field: lists joined with `;`, objects as JSON, the rest as it is. */
const cellOf = (value: unknown): CellValue =>
  Array.isArray(value)
    ? list(value as string[])
    : value !== null && typeof value === 'object'
      ? JSON.stringify(value)
      : (value as CellValue);

/** The columns of an item kind's table: the shared ones, then its own (model/item-records.ts). */
function itemColumns(kind: AnyItemRecordKind): ReadonlyArray<TabularColumn<ExportRecord>> {
  const own = kind.columns.map(([name, about]): TabularColumn<ExportRecord> => ({
    name,
    about,
    value: (record) => cellOf((record as Record<string, unknown>)[name]),
  }));
  return [...((kind.reviewed ? spanColumns : documentKey) as ReadonlyArray<TabularColumn<ExportRecord>>), ...own];
}

/** The columns of each record table, in order. */
export const recordColumnsOf = (table: ExportTable): ReadonlyArray<TabularColumn<ExportRecord>> =>
  'item' in table
    ? itemColumns(table.item)
    : (otherColumns[table.type as OtherType] as ReadonlyArray<TabularColumn<ExportRecord>>);

/** The compare matrix: one row per profile, one column per theme. */
export const compareColumns: ReadonlyArray<{ name: string; about: string }> = [
  { name: 'actor', about: 'profile id (joins actors.id, documents.actor)' },
  { name: 'name', about: 'display name' },
  { name: 'country', about: 'ISO alpha-3 country of the actor' },
  { name: 'version', about: 'version of the profile (joins documents.version)' },
  { name: 'posture', about: 'posture label, if any' },
  ...themes.map((theme) => ({
    name: theme,
    about:
      `rank of the best-ranked interest carrying "${theme}", "narrative" when only sentences carry it, empty when ` +
      `nothing does`,
  })),
];

export interface TableDescription {
  name: TableName;
  about: string;
  columns: ReadonlyArray<{ name: string; about: string }>;
}

const tableAbout = {
  actors: 'one row per actor (profile) and source exported',
  documents: 'the exported version of each actor and source, with its metadata and full text',
  entities: 'every entity named in the export, once',
  compare:
    'the compare matrix of the profiles exported, as on the Compare page but from the interests of this export ' +
    '(rejected ones never count)',
};

/** The tables of a tabular export of these record tables, in order: the record tables, then the compare matrix. */
export function tabularTablesOf(tables: readonly ExportTable[]): TableDescription[] {
  return [
    ...tables.map((table): TableDescription => ({
      name: table.plural,
      about: 'item' in table ? table.item.about : tableAbout[table.plural],
      columns: recordColumnsOf(table),
    })),
    { name: 'compare', about: tableAbout.compare, columns: compareColumns },
  ];
}

/** How each record type becomes a row of its table: the table's name and its cells, in column order. */
export function recordRows(
  tables: readonly ExportTable[],
): (record: ExportRecord) => { table: TableName; cells: CellValue[] } {
  const byType = new Map(tables.map((table) => [table.type, { name: table.plural, columns: recordColumnsOf(table) }]));
  return (record) => {
    const { name, columns } = byType.get(record.type)!;
    return { table: name, cells: columns.map((column) => column.value(record)) };
  };
}

/** The tables of a tabular export of the store's item kinds. */
export const tabularTables: readonly TableDescription[] = tabularTablesOf(storeExportTables);
/** The row of a record of the store's item kinds. */
export const recordRow = recordRows(storeExportTables);

/**
 * Builds the compare matrix from the record stream itself, so that it follows the export's filter
 * (actor, version, status) exactly: for each profile document, per theme the best (lowest) rank
 * of a non-rejected interest carrying it, else `narrative` when a sentence carries it. This is
 * what collectionViewsFor(dossier).compare() computes for the latest versions.
 */
export class CompareRowBuilder {
  private current: {
    actor: ExportRecordOf<'actor'>;
    ranks: Map<Theme, number>;
    narrative: Set<Theme>;
    posture: string | null;
  } | null = null;

  /** Takes the next record; returns the finished row of the previous profile when a new actor starts. */
  add(record: ExportRecord): CellValue[] | null {
    if (record.type === 'actor') {
      const finished = this.finish();
      this.current =
        record.kind === 'source' ? null : { actor: record, ranks: new Map(), narrative: new Set(), posture: null };
      return finished;
    }
    const current = this.current;
    if (!current) return null;
    if (record.type === 'interest' && record.status !== 'rejected') {
      for (const theme of record.themes)
        current.ranks.set(theme, Math.min(current.ranks.get(theme) ?? Infinity, record.rank));
    } else if (record.type === 'sentence') {
      for (const theme of record.themes) current.narrative.add(theme);
    } else if (record.type === 'posture' && record.status !== 'rejected') {
      current.posture = record.label;
    }
    return null;
  }

  /** The row of the profile in progress, if any. */
  finish(): CellValue[] | null {
    const current = this.current;
    this.current = null;
    if (!current) return null;
    const { actor } = current;
    return [
      actor.id,
      actor.name,
      actor.country,
      actor.version,
      current.posture,
      ...themes.map((theme) => current.ranks.get(theme) ?? (current.narrative.has(theme) ? 'narrative' : null)),
    ];
  }
}

/** Characters of encoded rows a table keeps in memory before appending them to its file. */
export const spoolFlushChars = 256 * 1024;

export interface SpooledTable extends TableDescription {
  /** The temporary file: the header line, then one line per row. */
  file: string;
  /** Rows, not counting the header. */
  rows: number;
}

interface SpoolFile {
  table: TableDescription;
  file: string;
  handle: FileHandle;
  pending: string;
  rows: number;
}

/** Rows appended to one temporary file per table, each row encoded as one line by `encodeRow`. */
export class TableSpool {
  private closed = false;

  private constructor(
    private readonly folder: string,
    private readonly files: Map<TableName, SpoolFile>,
    private readonly encodeRow: (cells: readonly CellValue[]) => string,
  ) {}

  static async open(
    encodeRow: (cells: readonly CellValue[]) => string,
    tabularTables: readonly TableDescription[],
  ): Promise<TableSpool> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-export-'));
    const files = new Map<TableName, SpoolFile>();
    const spool = new TableSpool(folder, files, encodeRow);
    try {
      for (const table of tabularTables) {
        const file = path.join(folder, `${table.name}.rows`);
        files.set(table.name, {
          table,
          file,
          handle: await open(file, 'w'),
          pending: encodeRow(table.columns.map((column) => column.name)),
          rows: 0,
        });
      }
    } catch (error) {
      await spool.dispose();
      throw error;
    }
    return spool;
  }

  async add(table: TableName, cells: readonly CellValue[]): Promise<void> {
    const spooled = this.files.get(table)!;
    spooled.pending += this.encodeRow(cells);
    spooled.rows += 1;
    if (spooled.pending.length >= spoolFlushChars) await this.flush(spooled);
  }

  private async flush(spooled: SpoolFile): Promise<void> {
    const text = spooled.pending;
    spooled.pending = '';
    if (text) await spooled.handle.write(text, null, 'utf8');
  }

  /** Writes what is pending and closes the files: the tables, in order, ready to be read back. */
  async close(): Promise<SpooledTable[]> {
    for (const spooled of this.files.values()) {
      await this.flush(spooled);
      await spooled.handle.close();
    }
    this.closed = true;
    return [...this.files.values()].map(({ table, file, rows }) => ({ ...table, file, rows }));
  }

  /** A path for another temporary file of this export (removed with the spool). */
  pathFor(name: string): string {
    return path.join(this.folder, name.replace(/[^a-z0-9.-]+/gi, '-'));
  }

  /** Removes the temporary files (also after an error or an abandoned download). */
  async dispose(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await Promise.allSettled([...this.files.values()].map((spooled) => spooled.handle.close()));
    }
    await rm(this.folder, { recursive: true, force: true });
  }
}

/** Reads the export's records once and spools them, with the compare matrix, into `spool`. */
export async function spoolExport(context: ExportContext, spool: TableSpool): Promise<void> {
  const compare = new CompareRowBuilder();
  const recordRow = recordRows(context.tables);
  for await (const record of context.records()) {
    const row = recordRow(record);
    await spool.add(row.table, row.cells);
    const finished = compare.add(record);
    if (finished) await spool.add('compare', finished);
  }
  const last = compare.finish();
  if (last) await spool.add('compare', last);
}

/** The README of a tabular export: what each table holds, its columns, and how the tables join. */
export function tabularReadme(
  context: ExportContext,
  tables: readonly SpooledTable[],
  format: {
    what: string;
    tableWord: string;
    /** Lines of notes on the format, after the joins. */ notes: readonly string[];
  },
): string {
  const filter = context.filter;
  const scope = filter.actor
    ? `actor "${filter.actor}"${filter.version ? ` version ${filter.version}` : ' (latest version)'}`
    : 'the whole collection (latest version of each actor and source)';
  const lines = [
    `Dossier export: ${format.what}`,
    `Exported at ${context.exportedAt}, of ${scope}, facts: ${filter.status}.`,
    '',
    'Joins',
    '- Every document item (interests, sentences, mentions, times, quantities, events, relations, postures,',
    '  sections, subjects) carries actor + version: they join documents.actor + documents.version, and',
    "  actor joins actors.id. start/end are offsets into that document's text (documents.text), counted in",
    '  UTF-16 code units as in JavaScript and the Dossier API: text = documents.text.slice(start, end).',
    '- mentions.entity, subjects.entity and events.place join entities.id; events.actors is a ;-joined list',
    '  of entity ids; relations.subject and relations.object join entities.id too, except a plain word',
    '  (delegation, team) where the text names no entity.',
    '- compare.actor + compare.version join documents; compare has one column per theme.',
    `- List cells (themes, aliases, events.actors) are joined with "${listSeparator}". Empty cells have no value.`,
    ...format.notes,
    '',
    `${format.tableWord[0]!.toUpperCase()}${format.tableWord.slice(1)}s`,
  ];
  for (const table of tables) {
    lines.push('', `${table.name} (${table.rows} rows): ${table.about}`);
    for (const column of table.columns) lines.push(`  ${column.name}: ${column.about}`);
  }
  return `${lines.join('\n')}\n`;
}
