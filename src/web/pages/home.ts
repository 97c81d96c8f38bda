// Home page: the collection and its focus country, a page of actors as cards with their top
// interests and primary themes (filtered by words of the name, paged by cursor, in the URL), a page
// of sources, and a map of the countries coloured by the best rank a chosen theme has among their
// profiles (GET /api/compare/map: one entry per country, whatever the number of profiles; the map
// code and the world atlas load only here, lazily, while the answers are on their way). The first
// screen waits for the actors and the map's summary only: the sources, below the fold, fill in later.
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import { homeRequests } from '../first-requests.js';
import type { ActorPage, ActorSummary, CompareMap, SourcePage, Theme } from '../../model/index.js';
import { loadAtlas } from '../map/atlas.js';
import { navigate, type Page } from '../router.js';
import { allThemes, compareNames, formatDay, plural, themeChip, themeLabel } from '../ui.js';

/** The URL of this page with some parameters changed. */
type HomeHref = (change: Record<string, string | null>) => string;

/** An actor's card: its name, versions and size, its top three interests and their primary themes. */
function actorCard(actor: ActorSummary): HTMLElement {
  const primary = [...new Set(actor.interests.map((i) => i.themes[0]).filter((t): t is Theme => !!t))];
  return h(
    'li',
    { class: 'card' },
    h('h3', null, h('a', { href: `/actors/${encodeURIComponent(actor.id)}`, class: 'card-link' }, actor.name)),
    h(
      'p',
      { class: 'muted small' },
      [
        actor.asOf ? `As of ${formatDay(actor.asOf)}` : null,
        plural(actor.versions, 'version'),
        plural(actor.sentenceCount, 'sentence'),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    actor.interests.length
      ? h(
          'ol',
          { class: 'card-interests' },
          [...actor.interests]
            .sort((a, b) => a.rank - b.rank)
            .slice(0, 3)
            .map((i) => h('li', null, i.title)),
        )
      : h('p', { class: 'muted small' }, 'No ranked interests.'),
    primary.length
      ? h(
          'div',
          { class: 'chips', 'aria-label': 'Primary themes' },
          primary.map((t) => themeChip(t, { primary: true })),
        )
      : null,
  );
}

/** The map of where a theme ranks (drawn in `mapHost` once mounted), its chooser and the ranked list beside it. */
function themeMapSection(summary: CompareMap, theme: Theme, here: HomeHref, mapHost: HTMLElement): HTMLElement {
  const chooser = h(
    'label',
    { class: 'field' },
    h('span', null, 'Colour by theme'),
    h(
      'select',
      {
        id: 'map-theme',
        onchange: (e) => navigate(here({ theme: (e.target as HTMLSelectElement).value }), { replace: true }),
      },
      allThemes.map((t) => h('option', { value: t, selected: t === theme }, themeLabel(t))),
    ),
  );
  const ranked = summary.countries
    .filter((entry) => entry.kind)
    .sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99) || compareNames(a.name, b.name));
  const ranking = h(
    'div',
    { class: 'ranking' },
    h('h3', null, `${themeLabel(theme)} among the interests`),
    ranked.length
      ? h(
          'ol',
          { class: 'ranking-list' },
          ranked.map((entry) =>
            h(
              'li',
              null,
              h('span', {
                class: `swatch ${entry.rank ? `map-rank-${Math.min(entry.rank, 4)}` : 'map-narrative'}`,
                'aria-hidden': 'true',
              }),
              h('a', { href: `/actors/${encodeURIComponent(entry.actor)}` }, entry.name),
              h(
                'span',
                { class: 'muted small' },
                `${entry.rank ? ` · interest ${entry.rank}` : ' · narrative only'}` +
                  `${entry.actors > 1 ? ` · best of ${entry.actors} profiles` : ''}`,
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No profile names this theme.'),
    h('p', { class: 'small' }, h('a', { href: withQuery('/compare', { sort: theme }) }, 'Compare all themes')),
  );
  return h(
    'section',
    { class: 'section map-section', 'aria-labelledby': 'map-h' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'map-h' }, `Where ${themeLabel(theme).toLowerCase()} ranks`),
      chooser,
    ),
    h('div', { class: 'map-layout' }, mapHost, ranking),
  );
}

/** A page of actors as cards, filtered by words of the name, with its pager. */
function actorsSection(page: ActorPage, words: string, cursor: string | null, here: HomeHref): HTMLElement {
  const { actors, next } = page;
  const cards = h('ul', { class: 'cards' }, [...actors].sort((a, b) => compareNames(a.name, b.name)).map(actorCard));
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'actors-h' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'actors-h' }, 'Actors'),
      h(
        'form',
        {
          class: 'toolbar',
          role: 'search',
          'aria-label': 'Filter the actors',
          onsubmit: (event) => {
            event.preventDefault();
            const value = ((event.target as HTMLFormElement).elements.namedItem('q') as HTMLInputElement).value.trim();
            navigate(here({ q: value || null, after: null }));
          },
        },
        h(
          'label',
          { class: 'field' },
          h('span', null, 'Name'),
          h('input', { type: 'search', name: 'q', value: words, maxlength: 200, placeholder: 'e.g. Kazakh' }),
        ),
        h('button', { type: 'submit', class: 'button' }, 'Filter'),
      ),
    ),
    actors.length
      ? cards
      : h(
          'p',
          { class: 'muted' },
          words ? `No actor’s name contains “${words}”.` : 'No profiles yet: ingest some with `dossier ingest`.',
        ),
    cursor || next
      ? h(
          'nav',
          { class: 'pager', 'aria-label': 'More actors' },
          cursor ? h('a', { href: here({ after: null }) }, '← First page') : h('span'),
          next ? h('a', { href: here({ after: next }), rel: 'next' }, 'Next actors →') : h('span'),
        )
      : null,
  );
}

/** A page of sources (none, and no cursor: no section). */
function sourcesSection(page: SourcePage, sourceCursor: string | null, here: HomeHref): HTMLElement | null {
  const { sources, next: nextSources } = page;
  return sources.length || sourceCursor
    ? h(
        'section',
        { class: 'section', 'aria-labelledby': 'sources-h' },
        h('h2', { id: 'sources-h' }, 'Sources'),
        h('p', { class: 'muted small' }, 'Articles, briefs and pages read with the same extraction as the profiles.'),
        h(
          'ul',
          { class: 'source-list' },
          sources.map((source) =>
            h(
              'li',
              null,
              h('a', { href: `/actors/${encodeURIComponent(source.id)}` }, source.name),
              h(
                'span',
                { class: 'muted small' },
                ` · ${plural(source.sentenceCount, 'sentence')}` +
                  (source.asOf ? ` · as of ${formatDay(source.asOf)}` : ''),
              ),
            ),
          ),
        ),
        sourceCursor || nextSources
          ? h(
              'nav',
              { class: 'pager', 'aria-label': 'More sources' },
              sourceCursor ? h('a', { href: here({ sourcesAfter: null }) }, '← First sources') : h('span'),
              nextSources
                ? h('a', { href: here({ sourcesAfter: nextSources }), rel: 'next' }, 'Next sources →')
                : h('span'),
            )
          : null,
      )
    : null;
}

/** A notice in place of the sources when they could not be read (the rest of the page stands). */
function sourcesFailed(error: unknown): HTMLElement {
  return h(
    'p',
    { class: 'notice', role: 'alert' },
    `The sources could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
  );
}

export const homePage: Page = async ({ query, signal }) => {
  const words = (query.get('q') ?? '').slice(0, 200);
  const cursor = query.get('after');
  const sourceCursor = query.get('sourcesAfter');
  // Cards and sources a page at a time (first-requests.ts): a page stays small whatever the size of the collection.
  const requests = homeRequests(query);
  const { theme } = requests;
  // The map's code and atlas load while the answers are on their way, not after them (round trips less).
  const map = import('../map/actor-map.js');
  map.catch(() => undefined);
  loadAtlas().catch(() => undefined);
  // The sources are below the fold: the page does not wait for them (their section fills in when they arrive).
  const sources = getJson<SourcePage>(requests.sources, signal);
  sources.catch(() => undefined);
  const [{ actors, next }, summary] = await Promise.all([
    getJson<ActorPage>(requests.actors, signal),
    getJson<CompareMap>(requests.map, signal),
  ]);
  const here = (change: Record<string, string | null>) =>
    withQuery('/', {
      theme: query.get('theme'),
      q: words || null,
      after: cursor,
      sourcesAfter: sourceCursor,
      ...change,
    });
  const focus = summary.focus.map((f) => f.name).join(', ') || 'Afghanistan';

  const mapHost = h('div', { class: 'map-host' }, h('p', { class: 'muted small' }, 'Loading the map…'));
  const mapSection = themeMapSection(summary, theme, here, mapHost);
  const sourcesHost = h('div', { class: 'sources-host' });
  void sources.then(
    (page) => {
      const section = sourcesSection(page, sourceCursor, here);
      if (section) sourcesHost.replaceWith(section);
      else sourcesHost.remove();
    },
    (error: unknown) => {
      if (!signal.aborted) sourcesHost.replaceChildren(sourcesFailed(error));
    },
  );

  const node = h(
    'div',
    { class: 'page home-page' },
    h(
      'header',
      { class: 'page-header hero' },
      h('p', { class: 'eyebrow' }, `Focus country: ${focus}`),
      h('h1', null, `How ${focus}’s neighbours and partners engage`),
      h(
        'p',
        { class: 'lede' },
        'Actor profiles, each linked word for word to its evidence. Open an actor to read the profile with every ' +
          'place, organisation and person marked, or ',
        h('a', { href: '/compare' }, 'compare them by theme'),
        '.',
      ),
    ),
    mapSection,
    actorsSection({ actors, next }, words, cursor, here),
    sourcesHost,
  );

  const mounted = async () => {
    const { renderActorMap } = await map;
    if (signal.aborted) return;
    await renderActorMap(mapHost, summary, theme, signal);
  };
  return { title: 'Actors', node, mounted };
};
