// The two forms of each confidence rule agree: for every reviewed item kind of the store (and a toy
// rule using every test), every combination of the inputs its rule reads — origin, the columns it
// tests (null, empty, the words, each literal it names, another value), the linked entity (none,
// named by the words, aliased by them, neither; with or without a Wikidata id) — gets from the SQL
// form on SQLite and on PostgreSQL the number the JavaScript form gives.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresRequired } from './backup/postgres-test-server.js';
import {
  columnsRead,
  confidenceJoin,
  confidenceOf,
  confidenceSql,
  readsEntity,
  type ConfidenceRule,
} from './confidence-rule.js';
import { documentItemKinds, reviewedItemKinds, type ColumnType } from './item-kinds.js';
import { factConfidence } from './editorial.js';

interface Case {
  name: string;
  rule: ConfidenceRule | undefined;
  types: Map<string, ColumnType>;
}

const toyRule: ConfidenceRule = {
  entity: 'entity_id',
  cases: [
    { when: [{ set: 'weight' }, { set: 'flagged' }], then: 0.3 },
    { when: [{ isWords: 'label' }, { entitySet: 'wikidata' }], then: 0.35 },
    { when: [{ is: ['label', "it's"] }], then: 0.45 },
    { when: [{ namesEntity: true }], then: 0.55 },
  ],
  otherwise: 0.65,
};

const cases: Case[] = [
  ...reviewedItemKinds(documentItemKinds).map((kind) => ({
    name: kind.review.kind,
    rule: kind.review.confidence,
    types: new Map(kind.columns.map((column) => [column.name, column.type])),
  })),
  {
    name: 'toy',
    rule: toyRule,
    types: new Map<string, ColumnType>([
      ['label', 'text'],
      ['weight', 'float'],
      ['flagged', 'bool'],
    ]),
  },
  { name: 'no rule', rule: undefined, types: new Map() },
];

const words = 'Kabul';
/** The values a column takes in the combinations. */
function valuesOf(rule: ConfidenceRule | undefined, column: string, type: ColumnType): unknown[] {
  if (type === 'bool') return [null, false, true];
  if (type === 'int' || type === 'float') return [null, 0, 2.5];
  const literals = (rule?.cases ?? []).flatMap((c) =>
    c.when.flatMap((test) => ('is' in test && test.is[0] === column ? [test.is[1]] : [])),
  );
  return [null, '', words, 'other', ...literals];
}

type Entity = { name: string; aliases: string[]; wikidata: string | null } | null;
const entities: Entity[] = [null];
for (const wikidata of [null, '', 'Q5838']) {
  entities.push({ name: words, aliases: [], wikidata });
  entities.push({ name: 'Kabul City', aliases: ['Kābul', words], wikidata });
  entities.push({ name: 'Kandahar', aliases: ['Qandahar'], wikidata });
}

interface Row {
  origin: 'machine' | 'human';
  values: Record<string, unknown>;
  entity: Entity;
}

/** Every combination of origin, the rule's columns and (when it reads one) the linked entity. */
function rowsOf({ rule, types }: Case): Row[] {
  let rows: Row[] = (['machine', 'human'] as const).map((origin) => ({ origin, values: {}, entity: null }));
  for (const column of columnsRead(rule)) {
    const values = valuesOf(rule, column, types.get(column) ?? 'text');
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, values: { ...row.values, [column]: value } })));
  }
  if (readsEntity(rule)) rows = rows.flatMap((row) => entities.map((entity) => ({ ...row, entity })));
  return rows;
}

const javascriptOf = (rule: ConfidenceRule | undefined, row: Row): number =>
  confidenceOf(rule, { origin: row.origin, words, column: (name) => row.values[name], entity: row.entity });

/** The SQL form's answer for every row: one table `x` of the rows, one `entities` table, one query. */
async function sqlAnswers(
  query: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>,
  dialect: 'sqlite' | 'postgres',
  { rule, types }: Case,
  rows: Row[],
): Promise<number[]> {
  const typeName = (type: ColumnType) =>
    dialect === 'postgres'
      ? ({ bool: 'boolean', int: 'integer', float: 'double precision', json: 'jsonb' }[type as string] ?? 'text')
      : ({ bool: 'INTEGER', int: 'INTEGER', float: 'REAL' }[type as string] ?? 'TEXT');
  const columns = columnsRead(rule);
  await query(
    `CREATE TABLE x (n integer, origin text, text text, entity_id text${columns
      .map((c) => `, ${c} ${typeName(types.get(c) ?? 'text')}`)
      .join('')})`,
  );
  await query(`CREATE TABLE entities (id text, name text, aliases ${dialect === 'postgres' ? 'jsonb' : 'TEXT'},
    wikidata text)`);
  for (const [index, entity] of entities.entries())
    if (entity)
      await query('INSERT INTO entities VALUES (?, ?, ?, ?)', [
        `e${index}`,
        entity.name,
        JSON.stringify(entity.aliases),
        entity.wikidata,
      ]);
  for (const [n, row] of rows.entries()) {
    const values = columns
      .map((c) => row.values[c])
      .map((v) => (dialect === 'sqlite' && typeof v === 'boolean' ? Number(v) : v));
    await query(`INSERT INTO x VALUES (?, ?, ?, ?${columns.map(() => ', ?').join('')})`, [
      n,
      row.origin,
      words,
      row.entity ? `e${entities.indexOf(row.entity)}` : 'nobody',
      ...values,
    ]);
  }
  const aliasOf = (text: string) =>
    dialect === 'postgres'
      ? `EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(e.aliases, '[]'::jsonb)) j(value)
          WHERE j.value = ${text})`
      : `EXISTS (SELECT 1 FROM json_each(e.aliases) j WHERE j.value = ${text})`;
  const sql = confidenceSql(rule, { typeOf: (c) => types.get(c) ?? 'text', aliasOf });
  const answers = await query(`SELECT n, ${sql} AS confidence FROM x${confidenceJoin(rule)} ORDER BY n`);
  return answers.map((answer) => Number(answer.confidence));
}

describe('confidence rules: the SQL form agrees with the JavaScript form', () => {
  it('on SQLite, for every combination of inputs of every kind', async () => {
    let checked = 0;
    for (const each of cases) {
      const db = new Database(':memory:');
      const query = async (sql: string, params: unknown[] = []) => {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as Array<Record<string, unknown>>;
        statement.run(...params);
        return [];
      };
      const rows = rowsOf(each);
      expect(await sqlAnswers(query, 'sqlite', each, rows), each.name).toEqual(
        rows.map((row) => javascriptOf(each.rule, row)),
      );
      checked += rows.length;
      db.close();
    }
    expect(checked).toBeGreaterThan(300);
  });

  const url = process.env.DOSSIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `dossier_confidence_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined);
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await pool.end();
  });

  it('on PostgreSQL (skipped locally without a server, never under CI)', async (context) => {
    const reachable = await pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
    if (!reachable && !postgresRequired()) return context.skip();
    await pool.query(`CREATE SCHEMA ${schema}`);
    for (const each of cases) {
      const query = async (sql: string, params: unknown[] = []) => {
        let n = 0;
        return (
          await pool.query(
            sql.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows as Array<Record<string, unknown>>;
      };
      const rows = rowsOf(each);
      expect(await sqlAnswers(query, 'postgres', each, rows), each.name).toEqual(
        rows.map((row) => javascriptOf(each.rule, row)),
      );
      await query('DROP TABLE x');
      await query('DROP TABLE entities');
    }
  });

  it('factConfidence reads the payload and the row as the rule names their columns', () => {
    const mention = { kind: 'mention' as const, origin: 'machine' as const, evidence: words };
    const entity = { name: words, aliases: [], wikidata: 'Q5838' };
    expect(factConfidence({ ...mention, payload: { type: 'place' }, entity })).toBe(0.9);
    expect(factConfidence({ ...mention, payload: { type: 'country' }, entity })).toBe(0.99);
    expect(factConfidence({ ...mention, payload: { type: 'country' }, entity, via: 'coreference' })).toBe(0.5);
    expect(factConfidence({ ...mention, payload: { type: 'place' }, entity: null })).toBe(0.6);
    expect(factConfidence({ kind: 'time', origin: 'machine', payload: { value: '2021' }, evidence: 'in 2021' })).toBe(
      0.75,
    );
  });
});
