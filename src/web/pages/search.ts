// Search page: ranked snippets with the matched words highlighted, and facets (profiles or
// sources, actor, theme, entity type, year, publisher, year published) with counts. The whole state is in the URL:
// /search?q=…&actor=…&theme=….
// On a narrow screen the facets come under the results, folded behind a "Filters" summary.
// The box takes up to 500 characters; a query the API refuses (over 1,000 characters from a link) is said inline.
import { ApiError, describeApiError, getJson, withQuery } from '../api.js';
import { h, markedText } from '../dom.js';
import { downloadMenu } from '../download-menu.js';
import type { FacetValue, FacetedHit, FacetedSearch } from '../../model/index.js';
import { navigate, type Page } from '../router.js';
import { evidenceHref, pageHeader, plural, themeChip, themeLabel, typeBadge, typeLabel } from '../ui.js';

const facetNames = ['kind', 'actor', 'theme', 'type', 'year', 'publisher', 'published'] as const;
type FacetName = (typeof facetNames)[number];
const facetTitles: Record<FacetName, string> = {
  kind: 'Profiles or sources',
  actor: 'Actor or source',
  theme: 'Theme',
  type: 'Entity type',
  year: 'Year mentioned',
  publisher: 'Publisher',
  published: 'Year published',
};
const pageSize = 20;
/** What the search box lets a reader type (the API takes up to 1,000 characters). */
const maxQueryInput = 500;
const noResult: FacetedSearch = {
  total: 0,
  hits: [],
  facets: { actor: [], theme: [], type: [], year: [], kind: [], publisher: [], published: [] },
  truncated: false,
  capped: false,
};

/**
 * The search answer; a query the API refuses (400: over-long, a bad filter) comes back as a message to show inline, not
 * an error page.
 */
async function fetchResult(
  path: string,
  signal: AbortSignal | undefined,
): Promise<{ result: FacetedSearch; refused: string | null }> {
  try {
    return { result: await getJson<FacetedSearch>(path, signal), refused: null };
  } catch (error) {
    if (error instanceof ApiError && error.status === 400)
      return { result: noResult, refused: describeApiError(error).replace(/^querystring\.\w+: /, '') };
    throw error;
  }
}

type State = Record<FacetName, string>;
/** The URL of this search with some facets or the offset changed (back to the first page unless given). */
type SearchHref = (change: Partial<Record<FacetName | 'offset', string | number>>) => string;

/** The search box; submitting searches its words with the facets kept. */
function searchForm(q: string, state: State): { form: HTMLFormElement; input: HTMLInputElement } {
  const input = h('input', {
    type: 'search',
    name: 'q',
    id: 'search-q',
    value: q.slice(0, maxQueryInput),
    maxlength: maxQueryInput,
    autocomplete: 'off',
    placeholder: 'e.g. wheat, TAPI, Kabul',
    'aria-describedby': 'search-help',
  });
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        navigate(withQuery('/search', { q: input.value, ...state }));
      },
    },
    h('label', { for: 'search-q', class: 'visually-hidden' }, 'Search the profiles and sources'),
    input,
    h('button', { type: 'submit', class: 'button' }, 'Search'),
    h(
      'p',
      { id: 'search-help', class: 'muted small help' },
      'Words and phrases; every hit is a sentence of a profile or a source.',
    ),
  );
  return { form, input };
}

/** The facets with their counts: each value a link that sets (or, selected, removes) its filter. */
function facetList(result: FacetedSearch, state: State, href: SearchHref): HTMLElement {
  const label = (name: FacetName, f: FacetValue) =>
    name === 'theme' ? themeLabel(f.value) : name === 'type' ? typeLabel(f.value) : f.label;
  return h(
    'aside',
    { class: 'facets', 'aria-label': 'Filters' },
    facetNames.map((name) => {
      const values = result.facets[name];
      if (!values.length && !state[name]) return null;
      const selectedMissing =
        state[name] && !values.some((v) => v.value === state[name])
          ? [{ value: state[name], label: state[name], count: 0 }]
          : [];
      return h(
        'section',
        { class: 'facet', 'aria-labelledby': `facet-${name}` },
        h('h2', { id: `facet-${name}` }, facetTitles[name]),
        h(
          'ul',
          null,
          [...selectedMissing, ...values].map((f) => {
            const selected = state[name] === f.value;
            return h(
              'li',
              null,
              h(
                'a',
                {
                  href: href({ [name]: selected ? '' : f.value }),
                  class: selected ? 'facet-link is-selected' : 'facet-link',
                  'aria-current': selected ? 'true' : null,
                },
                h('span', null, label(name, f)),
                h('span', { class: 'count' }, selected ? '×' : String(f.count)),
                selected ? h('span', { class: 'visually-hidden' }, ' (selected; select to remove)') : null,
              ),
            );
          }),
        ),
      );
    }),
  );
}

/** What was found (and with which filters), or why the search could not run. */
function resultSummary(q: string, state: State, found: { result: FacetedSearch; refused: string | null }) {
  const { result, refused } = found;
  const hasQuery = q.trim() !== '' || facetNames.some((f) => state[f]);
  const active = facetNames.filter((f) => state[f]);
  return refused
    ? h(
        'p',
        { class: 'notice search-refused', role: 'alert' },
        `This search could not be run: ${refused}. Shorten the query and search again.`,
      )
    : hasQuery
      ? h(
          'p',
          { class: 'result-summary', role: 'status' },
          `${plural(result.total, 'sentence')}${q ? ` match “${q}”` : ''}`,
          active.length
            ? ` · filtered by ${active
                .map((f) => {
                  const value =
                    f === 'theme'
                      ? themeLabel(state[f])
                      : f === 'type'
                        ? typeLabel(state[f])
                        : (result.facets[f].find((a) => a.value === state[f])?.label ?? state[f]);
                  return `${facetTitles[f].toLowerCase()} ${value}`;
                })
                .join(', ')}`
            : '',
          result.truncated ? ' (facets count the first 2,000 matches)' : '',
        )
      : h('p', { class: 'muted' }, 'Type a word to search every sentence of every profile and source.');
}

/** One hit: its document, the snippet with the matched words marked, its themes and a link to the sentence. */
function hitItem(hit: FacetedHit): HTMLElement {
  return h(
    'li',
    { class: 'hit' },
    h(
      'p',
      { class: 'hit-actor' },
      hit.documentKind === 'source' ? [h('span', { class: 'kind-badge' }, 'Source'), ' '] : null,
      h('a', { href: `/actors/${encodeURIComponent(hit.actor)}` }, hit.actorName),
      hit.documentKind === 'source' && (hit.publisher || hit.published)
        ? h('span', { class: 'muted small' }, ` · ${[hit.publisher, hit.published].filter(Boolean).join(', ')}`)
        : null,
      hit.years.length ? h('span', { class: 'muted small' }, ` · ${hit.years.join(', ')}`) : null,
    ),
    h('p', { class: 'snippet' }, markedText(hit.snippet)),
    h(
      'div',
      { class: 'hit-foot' },
      h(
        'div',
        { class: 'chips' },
        hit.themes.map((t) => themeChip(t)),
      ),
      h(
        'a',
        { class: 'evidence-link small', href: evidenceHref(hit) },
        hit.documentKind === 'source' ? 'Read in the source' : 'Read in the profile',
      ),
    ),
  );
}

/** Previous and next pages of results, and which results this page shows. */
function resultPager(result: FacetedSearch, offset: number, href: SearchHref): HTMLElement | null {
  return result.total > pageSize
    ? h(
        'nav',
        { class: 'pager', 'aria-label': 'Result pages' },
        offset > 0
          ? h('a', { href: href({ offset: Math.max(0, offset - pageSize) }), rel: 'prev' }, '← Previous')
          : h('span'),
        h(
          'span',
          { class: 'muted small' },
          `${offset + 1}–${Math.min(offset + pageSize, result.total)} of ${result.total}`,
        ),
        offset + pageSize < result.total
          ? h('a', { href: href({ offset: offset + pageSize }), rel: 'next' }, 'Next →')
          : h('span'),
      )
    : null;
}

export const searchPage: Page = async ({ query, signal }) => {
  const q = query.get('q') ?? '';
  const state = Object.fromEntries(facetNames.map((name) => [name, query.get(name) ?? ''])) as Record<
    FacetName,
    string
  >;
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const filtered = facetNames.some((f) => state[f]);
  const hasQuery = q.trim() !== '' || filtered;
  const { result, refused } = hasQuery
    ? await fetchResult(withQuery('/api/search/facets', { q, ...state, limit: pageSize, offset }), signal)
    : { result: noResult, refused: null };
  const href = (change: Partial<Record<FacetName | 'offset', string | number>>) =>
    withQuery('/search', { q, ...state, offset: 0, ...change });

  const { form, input } = searchForm(q, state);

  const facets = facetList(result, state, href);

  const active = facetNames.filter((f) => state[f]);
  // The query names an entity ("Nur-Sultan" is Astana): offer its page above the sentences.
  const named = result.entity
    ? h(
        'p',
        { class: 'named-entity' },
        '“',
        q,
        '” names ',
        h('a', { href: `/entities/${encodeURIComponent(result.entity.id)}` }, result.entity.name),
        ' ',
        typeBadge(result.entity.type),
        ': open its page for every mention.',
      )
    : null;
  const summary = resultSummary(q, state, { result, refused });

  const hits = h('ol', { class: 'hits', start: offset + 1 }, result.hits.map(hitItem));

  const pager = resultPager(result, offset, href);

  // Results first in the page; wide screens show the facets beside them (always open), narrow ones
  // under them, folded unless a filter is set.
  const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 60.01rem)').matches;
  const facetPanel = h(
    'details',
    { class: 'facets-panel', open: wide || active.length > 0 },
    h('summary', { class: 'facets-summary' }, active.length ? `Filters (${active.length} set)` : 'Filters'),
    facets,
  );
  const node = h(
    'div',
    { class: 'page search-page' },
    pageHeader(
      'Search',
      downloadMenu({
        actor: state.actor
          ? { id: state.actor, name: result.facets.actor.find((f) => f.value === state.actor)?.label ?? state.actor }
          : null,
      }),
      form,
    ),
    h(
      'div',
      { class: 'search-layout' },
      h('section', { class: 'results', 'aria-label': 'Results' }, named, summary, hits, pager),
      hasQuery ? facetPanel : null,
    ),
  );
  return {
    title: q ? `“${q.length > 60 ? `${q.slice(0, 59)}…` : q}” – Search` : 'Search',
    node,
    mounted: () => (q ? undefined : input.focus()),
  };
};
