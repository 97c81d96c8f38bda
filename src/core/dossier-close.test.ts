// Closing a Dossier while work it started in the background still reads the store: close waits for the work
// registered with onClose (the checks' whole-collection computation, stopped at its next read) before it closes the
// store, so no read fails after the store closed (on PostgreSQL: "Cannot use a pool after calling end on the pool").
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceChecksFor } from './reference-checks.js';
import { expandProfilePaths } from './index.js';
import { describeOn, openTestDossier, testBackends } from './test-support/test-backends.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('Dossier.close', () => {
  it('runs the hooks registered with onClose while the store is still open', async () => {
    const kb = await openTestDossier('sqlite', 'close-hooks');
    let readDuringHook: number | null = null;
    kb.dossier.onClose(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      readDuringHook = (await kb.dossier.listActors()).length;
    });
    await kb.close();
    expect(readDuringHook).toBe(0);
  });
});

for (const backend of testBackends) {
  describeOn(backend)(`closing during the checks' computation (${backend})`, () => {
    it('stops the computation and closes without a read after the store closed', async () => {
      const kb = await openTestDossier(backend, 'close-checks');
      const { files } = await expandProfilePaths([path.join(root, 'examples')]);
      await kb.dossier.ingestFiles(files);
      // Every read the checks make goes through the store's getActors: none may come once close has begun.
      const store = kb.dossier.store as { getActors?: (...args: never[]) => Promise<unknown> };
      const getActors = store.getActors!.bind(store);
      let closing = false;
      let readsWhileClosing = 0;
      store.getActors = (...args: never[]) => {
        if (closing) readsWhileClosing++;
        return getActors(...args);
      };
      const checks = referenceChecksFor(kb.dossier);
      const first = await checks.page();
      // Computing in the background (or already done on a fast machine): either way close must settle it first.
      expect(first.computing !== undefined || first.findings.length > 0).toBe(true);
      closing = true;
      await kb.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(readsWhileClosing).toBe(0);
    });
  });
}
