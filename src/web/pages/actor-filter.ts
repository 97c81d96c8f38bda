// The actor filter of the timeline and review pages: a text field with typeahead suggestions read
// from the paged actor listing (GET /api/actors?q=…&limit=…), a few at a time, so no page fetches
// every actor of the collection. Choosing a suggested name (or clearing the field) reports the
// actor id; the current actor's name is read with one small query.
import { h } from '../dom.js';
import { getJson, withQuery } from '../api.js';
import type { ActorPage, ActorSummary } from '../../model/index.js';

/** Suggestions shown while typing. */
const suggestions = 20;

export interface ActorFilter {
  input: HTMLInputElement;
  datalist: HTMLDataListElement;
  /** The id of the chosen actor ('' for all), as the field reads now. */
  value(): string;
}

/** Actors whose name or id matches the words typed, a page of them. */
const matching = (q: string, signal?: AbortSignal): Promise<ActorSummary[]> =>
  getJson<ActorPage>(withQuery('/api/actors', { q, limit: suggestions }), signal).then(
    (page) => page.actors,
    () => [],
  );

/** The name of one actor (by its id), or the id when no actor has it. */
export async function actorName(id: string, signal?: AbortSignal): Promise<string> {
  if (!id) return '';
  const found = await matching(id, signal);
  return found.find((actor) => actor.id === id)?.name ?? id;
}

/**
 * A text field filtering by actor: `current` is the id in the URL and `currentName` its name; `onChoose` gets the id
 * of the actor picked ('' when the field is cleared).
 */
export function actorFilter(options: {
  id: string;
  current: string;
  currentName: string;
  onChoose: (id: string) => void;
}): ActorFilter {
  const listId = `${options.id}-suggestions`;
  const ids = new Map<string, string>(options.current ? [[options.currentName, options.current]] : []);
  const datalist = h('datalist', { id: listId });
  const input = h('input', {
    id: options.id,
    name: 'actor',
    type: 'search',
    list: listId,
    value: options.currentName,
    placeholder: 'All actors',
    autocomplete: 'off',
  });
  let pending: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const value = () => {
    const text = input.value.trim();
    return text ? (ids.get(text) ?? text) : '';
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (ids.has(q)) return;
    timer = setTimeout(() => {
      pending?.abort();
      pending = new AbortController();
      void matching(q, pending.signal).then((actors) => {
        for (const actor of actors) ids.set(actor.name, actor.id);
        datalist.replaceChildren(...actors.map((actor) => h('option', { value: actor.name }, actor.id)));
      });
    }, 200);
  });
  input.addEventListener('change', () => {
    const text = input.value.trim();
    if (!text || ids.has(text)) options.onChoose(value());
  });
  return { input, datalist, value };
}
