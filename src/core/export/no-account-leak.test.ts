// Nothing of accounts leaves Dossier in any export: for every registered format (whatever is added
// later), the bytes — unzipped, read as SQLite or turned to text by pdftotext as the format needs —
// hold no user name, password hash, token, token hash or session id.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dossier } from '../dossier.js';
import { exporters, startExport } from './index.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let folder: string;
let dossier: Dossier;
const secrets: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-export-leak-'));
  dossier = await Dossier.open(path.join(folder, 'leak.db'));
  for (const file of ['test-fixtures/seed-kazakhstan.txt', 'examples/sources/uzbekistan-termez-hub.txt']) {
    await dossier.ingestBytes(await readFile(path.join(root, file)), path.basename(file));
  }
  const user = await dossier.accounts.addUser('zenobia.quist', 'editor', 'correct horse battery staple');
  const { token } = await dossier.accounts.createToken('zenobia.quist', 'leak test');
  const session = await dossier.accounts.startSession(user);
  const credentials = await dossier.store.getUserCredentials('zenobia.quist');
  // The reviewer's name would be the likeliest leak: review something.
  const facts = await dossier.review.listFacts({ actor: 'kazakhstan', status: 'machine', limit: 2, offset: 0 });
  await dossier.review.confirm(facts.facts[0]!.id, 'zenobia.quist');
  await dossier.review.reject(facts.facts[1]!.id, 'zenobia.quist');
  secrets.push('zenobia', credentials!.passwordHash, token, session.id);
}, 120_000);
afterAll(async () => {
  await dossier?.close();
  await rm(folder, { recursive: true, force: true });
});

const unzip = (bytes: Buffer): Promise<string> =>
  new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      let text = '';
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(text));
      zip.readEntry();
    });
  });

async function readable(bytes: Buffer, name: string): Promise<string> {
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return unzip(bytes);
  if (bytes.subarray(0, 15).toString('latin1') === 'SQLite format 3') {
    const file = path.join(folder, `${name}.sqlite`);
    await writeFile(file, bytes);
    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      return (
        tables.map(({ name: table }) => JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all())).join('\n') +
        bytes.toString('latin1')
      );
    } finally {
      db.close();
    }
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const file = path.join(folder, `${name}.pdf`);
    await writeFile(file, bytes);
    const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', file, '-']);
    return stdout;
  }
  return bytes.toString('utf8');
}

describe('no export holds anything of accounts', () => {
  it.each(exporters.map((exporter) => exporter.name))(
    '%s',
    async (format) => {
      for (const status of ['accepted', 'all'] as const) {
        const { stream } = await startExport(dossier, format, { status });
        const chunks: Buffer[] = [];
        for await (const chunk of stream)
          chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
        const text = await readable(Buffer.concat(chunks), `${format}-${status}`);
        // The export is readable and holds the collection, so the check below means something.
        expect(text).toMatch(/Kazakhstan/);
        for (const secret of secrets)
          expect(text.includes(secret), `${format} (${status}) holds ${secret.slice(0, 12)}…`).toBe(false);
      }
    },
    120_000,
  );
});
