// The compiled worker path: Dossier from dist/ (what `dossier ingest` and `dossier serve` run)
// processes documents in dist/core/ingest-worker.js threads, keeps refusals' line:column, and
// enforces the CPU budget. CI builds before vitest; without a build this file is skipped
// locally and fails under CI=true.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Dossier as DossierClass } from './dossier.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const distCore = path.join(root, 'dist', 'core', 'index.js');
const built = existsSync(distCore) && existsSync(path.join(root, 'dist', 'core', 'ingest-worker.js'));

if (!built && process.env.CI === 'true') {
  it('needs dist/ (CI builds before the tests)', () =>
    expect.fail('dist/core/ingest-worker.js is missing: run npm run build'));
} else if (!built) {
  console.warn('Skipping the compiled ingest worker tests: run `npm run build` first');
}

describe.skipIf(!built)('ingest workers from dist/', () => {
  it(
    'ingests files with --jobs 2 in compiled worker threads, ' + 'refusals keep line:column, the budget holds',
    async () => {
      const { Dossier } = (await import(pathToFileURL(distCore).href)) as { Dossier: typeof DossierClass };
      const folder = await mkdtemp(path.join(os.tmpdir(), 'dossier-dist-pool-'));
      const dossier = await Dossier.open(path.join(folder, 'dist.db'), { ingest: { cpuBudgetMs: 100 } });
      try {
        const files = ['china.md', 'india.md', 'iran.md'].map((name) => path.join(root, 'examples', name));
        const report = await dossier.ingestFiles([...files, path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')], {
          jobs: 2,
          relativeTo: root,
        });
        expect(report.results.map((result) => result.outcome?.status)).toEqual([
          'created',
          'created',
          'created',
          'created',
        ]);
        expect(dossier.ingestPoolStats()).toMatchObject({ maxThreads: 2, running: 0 });
        expect(dossier.ingestPoolStats().threads).toBeGreaterThanOrEqual(1);

        const refusal = await dossier
          .ingestBytes(Buffer.from('\n\nProfile\nA profile that lost its title line.\n'), 'no-title.txt')
          .catch((error: unknown) => error);
        expect(refusal).toMatchObject({ name: 'DossierError', code: 'INVALID_DOCUMENT', file: 'no-title.txt' });
        expect(Number.isInteger((refusal as { line?: number }).line)).toBe(true);

        const seed = await readFile(path.join(root, 'test-fixtures', 'seed-kazakhstan.txt'), 'utf8');
        const body = seed.slice(seed.indexOf('\n'));
        const heavy = `Heavyland${body}${`\n\n${body.slice(body.indexOf('Profile'))}`.repeat(399)}`;
        const overBudget = await dossier.ingestBytes(Buffer.from(heavy), 'heavy.txt').catch((error: unknown) => error);
        expect(overBudget).toMatchObject({ code: 'BUDGET_EXCEEDED', file: 'heavy.txt' });
        expect(
          await dossier.ingestBytes(Buffer.from(seed.replace('Kazakhstan', 'Lightland')), 'light.txt'),
        ).toMatchObject({ status: 'created' });
      } finally {
        await dossier.close();
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});
