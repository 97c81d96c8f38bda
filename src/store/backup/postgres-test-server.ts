// For tests: the PostgreSQL server of the test suite (DOSSIER_TEST_PG_URL, default
// postgres://postgres@127.0.0.1:5432/test or postgres://127.0.0.1:5432/test), throw-away schemas
// on it, and whether a missing server must fail (CI=true) rather than skip — as in
// src/store/postgres/postgres-store.test.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const candidates = process.env.DOSSIER_TEST_PG_URL
  ? [process.env.DOSSIER_TEST_PG_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://127.0.0.1:5432/test'];

export interface TestPostgres {
  /** The reachable server, or null (then `failures` says why). */
  url: string | null;
  failures: string[];
  /** A location in a new schema (dropped by dropSchemas). */
  newSchemaLocation(): string;
  dropSchemas(): Promise<void>;
}

export async function findTestPostgres(): Promise<TestPostgres> {
  const failures: string[] = [];
  let url: string | null = null;
  for (const candidate of candidates) {
    const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      url = candidate;
      break;
    } catch (error) {
      failures.push(
        `${candidate.replace(/\/\/[^@/]*@/, '//…@')}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const schemas: string[] = [];
  return {
    url,
    failures,
    newSchemaLocation: () => {
      if (!url) throw new Error('no PostgreSQL server');
      const schema = `dossier_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const location = new URL(url);
      location.searchParams.set('schema', schema);
      return location.toString();
    },
    dropSchemas: async () => {
      if (!url || schemas.length === 0) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Whether tests needing PostgreSQL must fail when it is unreachable. */
export const postgresRequired = (): boolean => process.env.CI === 'true';
