// The source sentences about an actor read by walking the newest sources that mention it (a much-mentioned actor)
// are those read from its mentions (a rarely mentioned one): the same sentences in the same order, `more` alike, for
// every page size, with a rejected mention left out — on SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { rawStoreBackends } from './test-support/raw-stores.js';
import type { SaveDocumentInput } from './store.js';
import { buildProfile, kazakhstanProfile, kazakhstanSpec } from './test-support/profile-fixtures.js';
import { SourceReader } from './source-reader.js';

/** A source about Kazakhstan: its own title and text, published on `published` (null: undated). */
function source(n: number, published: string | null): SaveDocumentInput {
  const input = buildProfile(kazakhstanSpec({ revision: n }));
  return {
    ...input,
    document: {
      ...input.document,
      actor: { ...input.document.actor, name: `Kazakhstan brief ${n}` },
      kind: 'source',
      metadata: { ...input.document.metadata, published, publisher: 'Wire', spans: {} },
    },
    extraction: { ...input.extraction, kind: 'source' },
  };
}

const backends = await rawStoreBackends('source-reader');

describe.each(backends)('the sources about an actor on %s', (_name, open) => {
  it('are the same walked from the newest sources as read from the mentions', async () => {
    const { store, raw } = await open();
    await store.saveDocument(kazakhstanProfile());
    const dates = ['2021-05-01', null, '2023-01-09', '2022-07-30', null, '2023-01-09'];
    for (const [n, published] of dates.entries()) await store.saveDocument(source(n + 1, published));
    const mention = (
      await store.listFacts({ actor: 'source-kazakhstan-brief-3', kind: 'mention', status: 'any', limit: 5, offset: 0 })
    ).facts[0]!;
    await store.reviewFact(mention.id, { status: 'rejected' }, 'ada');

    const walked = new SourceReader(raw, 0);
    const counted = new SourceReader(raw, Number.MAX_SAFE_INTEGER);
    for (const query of [
      { entities: ['KAZ', 'kazakhstan'], country: 'KAZ' },
      { entities: ['KAZ'], country: null },
      { entities: [], country: 'KAZ' },
      { entities: ['atlantis'], country: null },
    ]) {
      const all = await counted.sourceEvidence({ ...query, limit: 500 });
      if (query.entities[0] !== 'atlantis') expect(new Set(all.sentences.map((s) => s.source.series)).size).toBe(6);
      for (const limit of [1, 2, 5, 500]) {
        const label = `${JSON.stringify(query)} limit ${limit}`;
        expect(await walked.sourceEvidence({ ...query, limit }), label).toEqual(
          await counted.sourceEvidence({ ...query, limit }),
        );
      }
    }
    const newest = (await walked.sourceEvidence({ entities: ['KAZ'], country: 'KAZ', limit: 500 })).sentences;
    expect(newest[0]!.source.published).toBe('2023-01-09');
    expect(newest.at(-1)!.source.published).toBeNull();
  });
});
