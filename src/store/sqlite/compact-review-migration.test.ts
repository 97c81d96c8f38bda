// Migration 18 (rule decisions as codes without time, compact layouts) on SQLite: a database at schema 17
// upgraded to 18 answers exactly as before (documents, facts, reviewers and their times), and stores no rule
// name, no rule decision time and no plain layout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import { sqliteSchemaVersion } from './sqlite-migrations.js';
import { backToSqliteSchema17, reviewedAnswers, reviewFixtures } from '../test-support/schema-17.js';

const folder = mkdtempSync(join(tmpdir(), 'dossier-compact-18-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('SQLite migration 18: rule decisions and layouts stored compactly', () => {
  it('upgrades a database at schema 17 with the same answers', async () => {
    const path = join(folder, 'upgrade.db');
    const store = await openStore(path);
    for (const input of reviewFixtures()) await store.saveDocument(input);
    const [first] = (await store.listFacts({ status: 'any', limit: 1, offset: 0 })).facts;
    await store.reviewFact(first!.id, { status: 'rejected' }, 'ada');
    const before = await reviewedAnswers(store);
    await store.close();
    const facts = before.facts as { facts: Array<{ reviewedBy: string | null; reviewedAt: string | null }> };
    const byRule = facts.facts.filter((fact) => fact.reviewedBy?.startsWith('rule:'));
    expect(new Set(byRule.map((fact) => fact.reviewedBy))).toEqual(
      new Set(['rule:exact-country', 'rule:explicit-date']),
    );
    expect(byRule.every((fact) => fact.reviewedAt !== null)).toBe(true);

    const db = new Database(path);
    backToSqliteSchema17(db);
    expect(db.prepare(`SELECT count(*) AS n FROM mentions WHERE reviewed_by LIKE 'rule:%'`).get()).not.toEqual({
      n: 0,
    });
    db.close();

    const upgraded = await openStore(path);
    expect(await reviewedAnswers(upgraded)).toEqual(before);
    expect((await upgraded.diagnose()).problems).toEqual([]);
    await upgraded.close();

    const after = new Database(path);
    try {
      expect(after.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({
        v: sqliteSchemaVersion,
      });
      for (const table of ['mentions', 'times']) {
        const stored = after
          .prepare(`SELECT DISTINCT reviewed_by, reviewed_at IS NULL AS timeless FROM ${table} ORDER BY 1`)
          .all();
        expect(
          stored.every((row) => (row as { reviewed_by: string | null }).reviewed_by?.startsWith('rule:') !== true),
        ).toBe(true);
        expect(stored).toContainEqual({ reviewed_by: table === 'mentions' ? ':c' : ':d', timeless: 1 });
      }
      const layouts = after.prepare('SELECT layout FROM documents').all() as Array<{ layout: string }>;
      expect(layouts.every((row) => (JSON.parse(row.layout) as { v?: number }).v === 2)).toBe(true);
    } finally {
      after.close();
    }
  });
});
