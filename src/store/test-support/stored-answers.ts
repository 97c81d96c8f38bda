// What a store answers about a few stored profiles, for tests that change how things are stored
// (a migration) and must leave every answer as it was: actors, searches with their snippets,
// entity pages, the timeline and the source evidence. Includes a profile whose text holds
// characters beyond the BMP, where SQL's character offsets and the UTF-16 spans part ways.
import type { Store } from '../store.js';
import type { SaveDocumentInput } from '../store.js';
import { buildProfile, kazakhstanProfile, uzbekistanProfile, uzbekistanSpec } from './profile-fixtures.js';

/** A profile with emoji (surrogate pairs in UTF-16) before and inside its sentences. */
export function astralProfile(): SaveDocumentInput {
  const spec = uzbekistanSpec();
  return buildProfile({
    ...spec,
    actor: { name: 'Wheatland 🌾', country: null },
    profile: ['Wheatland 🌾 shares a border with Afghanistan 🇦🇫 along the Amu Darya.', ...spec.profile.slice(1)],
  });
}

export const answerFixtures = (): SaveDocumentInput[] => [
  uzbekistanProfile(),
  uzbekistanProfile({ revision: 1 }),
  kazakhstanProfile(),
  astralProfile(),
];

export async function storedAnswers(store: Store): Promise<Record<string, unknown>> {
  const actors = await store.listActors();
  const answers: Record<string, unknown> = { actors };
  for (const actor of actors) {
    answers[`actor:${actor.id}`] = await store.getActor(actor.id);
    answers[`actor:${actor.id}:1`] = await store.getActor(actor.id, 1);
  }
  for (const q of ['railway', 'tashkent', 'border', 'amu darya', 'grain', 'afghanistan', '"trans-afghan railway"'])
    answers[`search:${q}`] = await store.search({ q, limit: 50 });
  for (const id of ['AFG', 'UZB', 'taliban', 'amu-darya']) answers[`entity:${id}`] = await store.getEntity(id);
  answers.timeline = await store.listTimeline({ limit: 50 });
  answers.sources = await store.sourceEvidence({ entities: ['AFG'], country: 'AFG', limit: 20 });
  return answers;
}
