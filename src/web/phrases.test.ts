// The web's phrase lookup with a fake fetch serving the model's table: it fetches once, then writes
// every relation label and event headline exactly as src/model/phrases.ts does ("does not border",
// not "does not borders"), and degrades to the predicate's words when the table cannot be had.
import { afterEach, describe, expect, it, vi } from 'vitest';
// The test compares the web's lookup with the model's functions; the UI bundle imports model types only.
/* eslint-disable no-restricted-imports */
import * as model from '../model/phrases.js';
import { eventTypes, relationPredicates } from '../model/extraction.js';
/* eslint-enable no-restricted-imports */
import {
  eventHeadline,
  forgetPhrases,
  loadPhrases,
  relationLabel,
  relationSentence,
  relationTime,
  relationVerb,
} from './phrases.js';

const serve = (status = 200) => {
  const fetch = vi.fn(
    async (_path: string) =>
      new Response(JSON.stringify(status === 200 ? model.phraseTable : { error: { code: 'BOOM', message: 'down' } }), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
};

afterEach(() => {
  forgetPhrases();
  vi.unstubAllGlobals();
});

describe('web phrases', () => {
  it('fetches /api/phrases once and shares it', async () => {
    const fetch = serve();
    const [a, b] = await Promise.all([loadPhrases(), loadPhrases()]);
    await loadPhrases();
    expect(a).toEqual(model.phraseTable);
    expect(b).toBe(a);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/phrases');
  });

  it('labels negated relations in English once the table is loaded', async () => {
    serve();
    expect(relationVerb({ predicate: 'borders', negated: true })).toBe('not borders');
    await loadPhrases();
    expect(relationVerb({ predicate: 'borders', negated: true })).toBe('does not border');
    expect(
      relationSentence('Bhutan', { predicate: 'borders', negated: true, current: true, valid: null }, 'Bangladesh'),
    ).toBe('Bhutan does not border Bangladesh');
    expect(relationLabel({ predicate: 'recognizes', negated: false, current: false, valid: '1992/1999' })).toBe(
      'recognised (1992–1999)',
    );
  });

  it('writes every relation × negated × tense and time as the model does', async () => {
    serve();
    await loadPhrases();
    const times = [null, '198X', '2004', '2004-07', '2004-07-19', '2004-24', '19XX', '2001/2006', '2001/..', '../2006'];
    for (const predicate of relationPredicates)
      for (const negated of [false, true])
        for (const current of [true, false, undefined])
          for (const valid of times) {
            const relation = { predicate, negated, current, valid };
            expect(relationVerb(relation)).toBe(model.relationVerb(relation));
            expect(relationTime(relation)).toBe(model.relationTime(relation));
            expect(relationSentence('Nepal', relation, 'the accord')).toBe(
              model.relationSentence('Nepal', relation, 'the accord'),
            );
          }
  });

  it('writes every event headline as the model does', async () => {
    serve();
    await loadPhrases();
    const sets = [[], ['Chile'], ['Chile', 'Peru'], ['Chile', 'Peru', 'the OAS'], ['Chile', 'Lima']];
    for (const type of eventTypes)
      for (const parties of sets)
        for (const place of [null, 'Lima'])
          expect(eventHeadline({ type, parties, place })).toBe(model.eventHeadline({ type, parties, place }));
    expect(eventHeadline({ type: 'meeting', parties: ['Chile', 'Peru'], place: 'Quito' })).toBe(
      'Chile and Peru met in Quito',
    );
  });

  it('falls back to the predicate words when the table cannot be fetched, and tries again later', async () => {
    const failing = serve(503);
    expect(await loadPhrases()).toBeNull();
    expect(relationLabel({ predicate: 'member_of', negated: true, current: false, valid: '2001' })).toBe(
      'not member of',
    );
    expect(failing).toHaveBeenCalledTimes(1);
    serve();
    expect(await loadPhrases()).toEqual(model.phraseTable);
    expect(relationLabel({ predicate: 'member_of', negated: true, current: false, valid: '2001' })).toBe(
      'was not a member of in 2001',
    );
  });
});
