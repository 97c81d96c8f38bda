// The recipe "Adding an export format" (docs/ARCHITECTURE.md): a toy format that counts records by
// type is one module-sized object added to a temporary registry, and it is listed, named, filtered
// and streamed like the real ones, while the application's registry stays as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierError } from '../../model/index.js';
import type { Exporter } from './exporter.js';
import { exportRegistry } from './registry.js';
import { openNetworkDossier, type NetworkDossier } from './formats/test-support/network-dossier.js';

const recordCounter: Exporter = {
  name: 'record-counts',
  description: 'How many records of each type (a toy format for the recipe test)',
  mediaType: 'text/tab-separated-values',
  extension: 'tsv',
  scoped: true,
  async *write(context) {
    const counts = new Map<string, number>();
    for await (const record of context.records()) counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
    for (const [type, count] of [...counts].sort()) yield `${type}\t${count}\n`;
  },
};

async function text(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  let out = '';
  for await (const part of stream) out += typeof part === 'string' ? part : Buffer.from(part).toString('utf8');
  return out;
}

const countsOf = (tsv: string) =>
  new Map(
    tsv
      .trim()
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([type, count]) => [type!, Number(count)]),
  );

describe('a new export format in a temporary registry', () => {
  let opened: NetworkDossier;
  beforeAll(async () => {
    opened = await openNetworkDossier('toy-export');
  }, 300_000);
  afterAll(async () => opened?.close());

  const registry = exportRegistry.with(recordCounter);

  it('is listed and named after the real formats; the application registry is untouched', () => {
    expect(registry.names()).toEqual([...exportRegistry.names(), 'record-counts']);
    expect(registry.named('record-counts')).toBe(recordCounter);
    expect(exportRegistry.names()).not.toContain('record-counts');
    expect(() => exportRegistry.named('record-counts')).toThrow(DossierError);
  });

  it('streams the collection, and one actor when the filter names one', async () => {
    const whole = countsOf(await text((await registry.start(opened.dossier, 'record-counts', {})).stream));
    expect(whole.get('actor')).toBeGreaterThan(10);
    expect(whole.get('mention')).toBeGreaterThan(100);
    const one = await registry.start(opened.dossier, 'record-counts', { actor: 'kazakhstan' });
    expect(one.filter.actor).toBe('kazakhstan');
    const actorCounts = countsOf(await text(one.stream));
    expect(actorCounts.get('actor')).toBe(1);
    expect(actorCounts.get('mention')!).toBeLessThan(whole.get('mention')!);
  });

  it('gets the same refusals as every format before a byte is written', async () => {
    await expect(registry.start(opened.dossier, 'record-counts', { actor: 'atlantis' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(registry.start(opened.dossier, 'record-count', {})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a second format of the same name, or a name a URL cannot carry', () => {
    expect(() => registry.with(recordCounter)).toThrow(/two export formats are named "record-counts"/);
    expect(() => exportRegistry.with({ ...recordCounter, name: 'Record Counts' })).toThrow(/not lower-case/);
  });
});
