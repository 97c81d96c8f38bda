// Shared set-up of the security tests: a knowledge base on SQLite or PostgreSQL (own schema)
// holding the Kazakhstan seed and one example, three users (reader, editor, admin) with API
// tokens, fresh sessions on demand, and multipart bodies for uploads.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Dossier } from '../../core/index.js';
import type { Role } from '../../model/index.js';

export const root = path.resolve(import.meta.dirname, '..', '..', '..');
export const password = 'correct horse battery staple';
export const seedText = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');

const pgCandidates = process.env.DOSSIER_TEST_PG_URL
  ? [process.env.DOSSIER_TEST_PG_URL]
  : ['postgres://postgres@127.0.0.1:5432/test'];

/** The PostgreSQL server of the tests, or null when none answers (a failure under CI=true). */
export async function reachablePostgres(): Promise<string | null> {
  for (const url of pgCandidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return url;
    } catch {
      // try the next one
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (process.env.CI === 'true') throw new Error('PostgreSQL is not reachable for the security tests');
  return null;
}

export interface Backend {
  name: string;
  /** A new empty knowledge base and a function that removes it. */
  open(): Promise<{ dossier: Dossier; dispose(): Promise<void> }>;
}

export async function backends(): Promise<Backend[]> {
  const list: Backend[] = [
    {
      name: 'sqlite',
      async open() {
        const folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-security-'));
        const dossier = await Dossier.open(path.join(folder, 'security.db'));
        return {
          dossier,
          dispose: async () => (await dossier.close(), await rm(folder, { recursive: true, force: true })),
        };
      },
    },
  ];
  const url = await reachablePostgres();
  if (url) {
    list.push({
      name: 'postgres',
      async open() {
        const schema = `dossier_sec_${randomBytes(6).toString('hex')}`;
        const location = new URL(url);
        location.searchParams.set('schema', schema);
        const dossier = await Dossier.open(location.toString());
        return {
          dossier,
          dispose: async () => {
            await dossier.close();
            const client = new pg.Client({ connectionString: url });
            await client.connect();
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await client.end();
          },
        };
      },
    });
  }
  return list;
}

export interface Person {
  name: string;
  role: Role;
  token: string;
}

/** Ingests the seed and one example, and adds reader1, editor1 and admin1 with tokens. */
export async function populate(dossier: Dossier): Promise<Record<Role, Person>> {
  await dossier.ingestBytes(Buffer.from(seedText), 'seed-kazakhstan.txt');
  await dossier.ingestBytes(await readFile(path.join(root, 'examples', 'tajikistan.md')), 'tajikistan.md');
  const people = {} as Record<Role, Person>;
  for (const role of ['reader', 'editor', 'admin'] as const) {
    const name = `${role}1`;
    await dossier.accounts.addUser(name, role, password);
    const { token } = await dossier.accounts.createToken(name, 'tests');
    people[role] = { name, role, token };
  }
  return people;
}

/** A multipart/form-data body with a format field and one file. */
export function multipart(
  filename: string,
  content: string | Buffer,
  format = 'text',
): { body: Buffer; contentType: string } {
  const boundary = `----dossier${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\n${format}\r\n` +
    (`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ` +
      `text/plain\r\n\r\n`);
  return {
    body: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
