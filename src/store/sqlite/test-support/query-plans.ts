// Reads SQLite's plan of the statements a piece of work runs, to find the ones whose cost grows with the collection:
// every statement better-sqlite3 runs is recorded with its parameters, and each is explained (EXPLAIN QUERY PLAN). A
// `SCAN` of a collection-sized table, or a `SEARCH` constrained only by columns of a few values (a flag, a status, a
// kind), reads the whole table or a share of it. Small tables of one row or a few per kind are allowed; subqueries,
// CTEs and table-valued functions are not tables. Shared by the writes' test (save-plans) and the reads' test
// (api/read-plans).
import path from 'node:path';
import Database from 'better-sqlite3';

/** Tables of a fixed size (a row, or a row per kind, status or year), which a statement may read whole. */
export const smallTables: ReadonlySet<string> = new Set([
  'collection_counts',
  'store_revision',
  'fact_totals',
  'timeline_year_counts',
  'timeline_dirty',
  'check_snapshot',
  'schema_migrations',
  'entity_merges',
  // One row per scope of the network (its node and edge counts, migration 28).
  'graph_counts',
]);

/**
 * Columns of a few values (a flag, a status, a kind): a search whose only constraints are these reads a share of
 * the collection, as a scan does (fact_levels' key begins with `latest`).
 */
export const fewValued: ReadonlySet<string> = new Set([
  'latest',
  'review_status',
  'origin',
  'scope',
  'kind',
  'kind_order',
  'type',
  'link',
]);

export interface RecordedStatement {
  sql: string;
  params: unknown[];
  /** The file of the database it ran on (`:memory:` for an in-memory one). */
  database: string;
}

/**
 * A statement known to read a whole table (matched on its whitespace-collapsed SQL), and why that is accepted; with
 * `step`, only the plan steps it matches (`table: detail`), so the same statement read another way still fails.
 */
export interface KnownScan {
  sql: RegExp;
  step?: RegExp;
  reason: string;
}

/** A statement's SQL on one line, for matching and reports. */
export const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

/**
 * Records every statement run through better-sqlite3 (run, all, get, iterate, in this process) while `work` runs.
 * `onStatement`, when given, sees each one as it is run (a caller attributes them to what it was doing).
 */
export async function recordStatements(
  work: () => Promise<void>,
  onStatement?: (statement: RecordedStatement) => void,
): Promise<RecordedStatement[]> {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  const recorded: RecordedStatement[] = [];
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method]!;
    originals.set(method, original);
    proto[method] = function (this: { source: string; database: { name: string } }, ...args: unknown[]) {
      const statement = { sql: this.source, params: args, database: this.database.name };
      recorded.push(statement);
      onStatement?.(statement);
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    for (const [method, original] of originals) proto[method] = original;
  }
  return recorded;
}

/** The database's own tables (not SQLite's), the ones a plan's steps are checked against. */
export function tablesOf(db: Database.Database): Set<string> {
  return new Set(
    (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter(
      (name) => !name.startsWith('sqlite_'),
    ),
  );
}

/**
 * The tables a statement's plan reads whole or by few-valued columns only (aliases resolved through the statement's
 * own FROM and JOIN), as `table: plan step` lines; none for a statement matching one of `known`.
 */
export function scannedTables(
  db: Database.Database,
  { sql, params }: RecordedStatement,
  tables: ReadonlySet<string>,
  known: readonly KnownScan[] = [],
): string[] {
  if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql)) return [];
  const excused = known.filter((scan) => scan.sql.test(oneLine(sql)));
  if (excused.some((scan) => !scan.step)) return [];
  const aliases = new Map<string, string>();
  for (const match of sql.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+"?(\w+)"?(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = match[1]!;
    if (!tables.has(table)) continue;
    aliases.set(table, table);
    if (match[2]) aliases.set(match[2], table);
  }
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
  const steps = plan.flatMap(({ detail }) => {
    const step = /^(SCAN|SEARCH) (\w+)/.exec(detail);
    const table = step ? aliases.get(step[2]!) : undefined;
    if (!table || smallTables.has(table) || /VIRTUAL TABLE/.test(detail)) return [];
    if (step![1] === 'SCAN') return [`${table}: ${detail}`];
    const constrained = [...(/\(([^)]*)\)\s*$/.exec(detail)?.[1] ?? '').matchAll(/(\w+)[=<>]/g)].map((m) => m[1]!);
    return constrained.length > 0 && constrained.every((column) => fewValued.has(column))
      ? [`${table}: ${detail}`]
      : [];
  });
  return steps.filter((step) => !excused.some((scan) => scan.step!.test(step)));
}

/**
 * The distinct offences of the statements that ran on the database at `file` (opened read-only; statements on other
 * databases, such as an export's own file, are left out): each a plan step that reads a collection-sized table, with
 * the statement's first 160 characters.
 */
export function planOffences(
  file: string,
  statements: readonly RecordedStatement[],
  known: readonly KnownScan[] = [],
): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = tablesOf(db);
    return [
      ...new Set(
        statements
          .filter((statement) => path.resolve(statement.database) === path.resolve(file))
          .flatMap((statement) =>
            scannedTables(db, statement, tables, known).map(
              (scan) => `${scan}\n    in ${oneLine(statement.sql).slice(0, 160)}`,
            ),
          ),
      ),
    ];
  } finally {
    db.close();
  }
}
