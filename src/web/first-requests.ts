// The API requests of the first screens of the home, compare, timeline and network pages, built
// from the page's address. Part of the entry code: the router starts them (api.ts prefetchJson)
// while the page's own code is still on its way, instead of one round trip later when the page
// asks for them; the pages build the same addresses here, so the two cannot drift apart. The home
// page's map atlas too (a built asset read as JSON), the first time.
import { withQuery } from './api.js';
import type { MentionType, Theme } from '../model/index.js';
import { allThemes, allTypes } from './ui.js';
import { atlasRequest } from './map/atlas.js';

/** Profiles on a page of the home page, sources per page, and the compare page's rows asked for first. */
export const actorsPerPage = 60;
export const sourcesPerPage = 20;
export const compareFirstRows = 20;
/** Timeline items asked for first when the page opens (the rest of its first page follows at once). */
export const timelineFirstItems = 40;
/** The network's node limits offered (GET /api/screens/network?limit=; the first is the API's default). */
export const networkLimits = [300, 1000, 2000];

/** The phrase table (relation labels, event headlines): asked for once per page load. */
export const phrasesUrl = '/api/phrases';

const themeOf = (value: string | null): Theme | null =>
  (allThemes as string[]).includes(value ?? '') ? (value as Theme) : null;

/** The home page: its page of actors, the map's summary for the chosen theme, its page of sources. */
export function homeRequests(query: URLSearchParams): { actors: string; map: string; sources: string; theme: Theme } {
  const words = (query.get('q') ?? '').slice(0, 200);
  const theme = themeOf(query.get('theme')) ?? 'security';
  return {
    actors: withQuery('/api/actors', { limit: String(actorsPerPage), q: words || null, cursor: query.get('after') }),
    map: withQuery('/api/compare/map', { theme }),
    sources: withQuery('/api/sources', { limit: String(sourcesPerPage), cursor: query.get('sourcesAfter') }),
    theme,
  };
}

/** The compare page's first rows (sorted by `?sort=`, from `?after=`). */
export function compareRequest(query: URLSearchParams): { rows: string; sort: Theme | null } {
  const sort = themeOf(query.get('sort'));
  return {
    rows: withQuery('/api/compare', { limit: String(compareFirstRows), theme: sort, cursor: query.get('after') }),
    sort,
  };
}

/** A from/to value the API takes: a year, a year-month or a date. */
export const datePrefix = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** The timeline's filters as its address gives them. */
export function timelineQuery(query: URLSearchParams): {
  actor: string;
  type: string;
  range: { from: string; to: string };
} {
  const [from, to] = [query.get('from') ?? '', query.get('to') ?? ''];
  return {
    actor: query.get('actor') ?? '',
    type: query.get('type') ?? '',
    range: { from: datePrefix.test(from) ? from : '', to: datePrefix.test(to) ? to : '' },
  };
}

/** A page of the timeline's items for its filters (the first, or the one after `cursor`). */
export function eventsUrl(
  { actor, type, range }: ReturnType<typeof timelineQuery>,
  limit: number,
  cursor?: string,
): string {
  return withQuery('/api/events', { actor, type, ...range, limit, cursor });
}

/** The timeline's first screen: its first items and the number of items per year. */
export function timelineRequests(query: URLSearchParams): { events: string; years: string } {
  const filters = timelineQuery(query);
  return {
    events: eventsUrl(filters, timelineFirstItems),
    years: withQuery('/api/events/years', { actor: filters.actor, type: filters.type }),
  };
}

/** The network's filters as its address gives them (those the API reads). */
export function networkQuery(query: URLSearchParams): {
  types: MentionType[];
  theme: Theme | null;
  withSources: boolean;
  depth: 1 | 2;
  limit: number;
} {
  const types = (query.get('type') ?? '')
    .split(',')
    .filter((t): t is MentionType => (allTypes as string[]).includes(t));
  const limit = Number(query.get('limit'));
  return {
    types,
    theme: themeOf(query.get('theme')),
    withSources: query.get('sources') !== '0',
    depth: query.get('depth') === '2' ? 2 : 1,
    limit: networkLimits.includes(limit) ? limit : networkLimits[0]!,
  };
}

/** The network for the filters and, with `?focus=`, the ego view around the focus. */
export function networkRequests(query: URLSearchParams): { whole: string; ego: string | null } {
  const { types, theme, withSources, limit, depth } = networkQuery(query);
  const focus = query.get('focus');
  const filterQuery = {
    type: types.join(','),
    theme,
    sources: withSources ? null : 'false',
    limit: limit === networkLimits[0] ? null : String(limit),
  };
  return {
    whole: withQuery('/api/screens/network', filterQuery),
    ego: focus ? withQuery('/api/screens/network', { ...filterQuery, focus, depth }) : null,
  };
}

/**
 * What the router asks for while a page's code loads, by path (none for the other pages). The phrase table only on
 * the first page of a visit: later pages have it already (phrases.ts keeps it).
 */
export function firstRequests(pathname: string, query: URLSearchParams, initial: boolean): string[] {
  const phrases = initial ? [phrasesUrl] : [];
  if (pathname === '/') {
    const { actors, map, sources } = homeRequests(query);
    return [actors, map, ...atlasRequest(), sources];
  }
  if (/^\/compare\/?$/.test(pathname)) return [compareRequest(query).rows];
  if (/^\/timeline\/?$/.test(pathname)) {
    const { events, years } = timelineRequests(query);
    return [events, years, ...phrases];
  }
  if (/^\/network\/?$/.test(pathname)) {
    const { whole, ego } = networkRequests(query);
    return [whole, ...(ego ? [ego] : []), ...phrases];
  }
  return [];
}
