// Test support for the network exports (gexf, graphml, kumu): a Dossier on a temp SQLite file with
// the examples (12 profiles, 4 sources) and the Kazakhstan seed, an export run to text, and
// networkx (Debian's python3-networkx) as the independent reader. Under CI=true a missing networkx
// fails the tests; locally they skip without it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExportFilter } from '../../../../model/index.js';
import { Dossier } from '../../../dossier.js';
import { exportRecords, storeExportTables } from '../../export-records.js';
import type { Exporter } from '../../exporter.js';

export const root = path.resolve(import.meta.dirname, '../../../../..');
export const inCi = process.env.CI === 'true';
export const hasNetworkx = spawnSync('python3', ['-c', 'import networkx'], { stdio: 'ignore' }).status === 0;

export interface NetworkDossier {
  dossier: Dossier;
  folder: string;
  close(): Promise<void>;
}

export async function openNetworkDossier(name: string): Promise<NetworkDossier> {
  const folder = await mkdtemp(path.join(os.tmpdir(), `dossier-${name}-`));
  const dossier = await Dossier.open(path.join(folder, `${name}.db`));
  const examples = path.join(root, 'examples');
  const profiles = (await readdir(examples))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => path.join(examples, file));
  const sources = (await readdir(path.join(examples, 'sources'))).map((file) => path.join(examples, 'sources', file));
  await dossier.ingestFiles([...profiles, ...sources, path.join(root, 'test-fixtures', 'seed-kazakhstan.txt')], {
    jobs: 0,
  });
  return {
    dossier,
    folder,
    close: async () => {
      await dossier.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The export's bytes as text. */
export async function exportText(
  exporter: Exporter,
  dossier: Dossier,
  filter: Partial<ExportFilter> = {},
): Promise<string> {
  const full: ExportFilter = { status: 'accepted', ...filter };
  const parts: Buffer[] = [];
  for await (const part of exporter.write({
    dossier,
    filter: full,
    records: () => exportRecords(dossier, full),
    tables: storeExportTables,
    exportedAt: '2024-05-01T00:00:00.000Z',
  })) {
    parts.push(typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part));
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Reads a graph file with networkx (`read_gexf` or `read_graphml`) and returns its counts and the
 * attributes of the asked nodes and edges (edges by their id: the multigraph key).
 */
export async function readWithNetworkx(
  folder: string,
  format: 'gexf' | 'graphml',
  text: string,
  wanted: { nodes: string[]; edges: string[] },
): Promise<{
  directed: boolean;
  nodes: number;
  edges: number;
  node: Record<string, Record<string, unknown>>;
  edge: Record<string, Record<string, unknown>>;
}> {
  const file = path.join(folder, `network.${format}`);
  await writeFile(file, text, 'utf8');
  const script = [
    'import json, sys, networkx as nx',
    `G = nx.read_${format}(sys.argv[1])`,
    'wanted = json.loads(sys.argv[2])',
    'edges = {}',
    'for s, t, k, d in (G.edges(keys=True, data=True) if G.is_multigraph() else ((s, t, d.get("id"), d) for s, ' +
      't, d in G.edges(data=True))):',
    '    key = d.get("id", k)',
    '    if key in wanted["edges"] or k in wanted["edges"]: edges[key if key in wanted["edges"] else k] = {**d, ' +
      '"source": s, "target": t}',
    'print(json.dumps({"directed": G.is_directed(), "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),',
    '  "node": {n: dict(G.nodes[n]) for n in wanted["nodes"] if n in G}, "edge": edges}, default=str))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, file, JSON.stringify(wanted)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`networkx failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as never;
}
