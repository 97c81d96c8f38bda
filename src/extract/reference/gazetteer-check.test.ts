// The gazetteer's curation check in `npm test`: the bundled data passes with no error, and each
// rule fails on a small hand-made gazetteer that breaks it (typo in a key, a form two entries
// share, a world-countries name, a person without a role, a date of death on a place).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGazetteer } from './gazetteer-check.js';
import { defaultDataDir } from './reference-data-loader.js';

const dataDir = defaultDataDir();
const root = path.dirname(dataDir);

describe('the gazetteer check', () => {
  it('passes on the bundled gazetteer and the seed gold file', () => {
    const report = checkGazetteer({
      gazetteerDir: path.join(dataDir, 'gazetteer'),
      root,
      goldFile: path.join(root, 'test-fixtures', 'seed-kazakhstan.gold.json'),
    });
    expect(report.errors).toEqual([]);
    expect(report.summary.entries).toBeGreaterThan(1000);
    expect(report.summary.byType.person).toBeGreaterThan(100);
  });

  const temp = mkdtempSync(path.join(os.tmpdir(), 'dossier-gazetteer-check-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('reports each broken rule with the file, the entry and what was expected', () => {
    const dir = path.join(temp, 'gazetteer');
    mkdirSync(dir);
    const entry = (over: Record<string, unknown>) => ({
      type: 'organization',
      aliases: [],
      country: null,
      wikidata: null,
      kind: 'agency',
      ...over,
    });
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({
        description: 'broken on purpose',
        entries: [
          entry({ id: 'alpha-agency', name: 'Alpha Agency', aliasses: ['AA'] }),
          entry({ id: 'beta-agency', name: 'Beta Agency', aliases: ['Alpha Agency'] }),
          entry({ id: 'gamma-body', name: 'Gamma Body', aliases: ['Kazakhstan'] }),
          entry({ id: 'some-envoy', type: 'person', name: 'Some Envoy' }),
          entry({ id: 'some-city', type: 'place', name: 'Some City', died: '2020' }),
          entry({ id: 'late-envoy', type: 'person', name: 'Late Envoy', role: 'Envoy', died: 'last year' }),
        ],
      }),
    );
    const { errors } = checkGazetteer({ gazetteerDir: dir, root: temp });
    const text = errors.join('\n');
    expect(text).toMatch(/gazetteer\/bad\.json entries\[0\] \(alpha-agency\): .*aliasses/);
    expect(text).toContain('written form "alpha agency" also belongs to alpha-agency');
    expect(text).toContain('"kazakhstan" is a world-countries name of KAZ');
    expect(text).toContain('(some-envoy): a person needs a role');
    expect(text).toContain('(some-city): only people have a date of death');
    expect(text).toMatch(/\(late-envoy\): died: expected an EDTF date/);
  });
});
