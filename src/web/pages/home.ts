// Home page: the collection and its focus country, each actor as a card with its top interests
// and primary themes, and a map of the actors coloured by the rank a chosen theme has for each
// (the map code and the world atlas load only here, lazily).
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import type { ActorSummary, CompareView, Theme } from '../api-types.js';
import { navigate, type Page } from '../router.js';
import { allThemes, formatDay, plural, postureLabels, themeChip, themeLabel } from '../ui.js';

export const homePage: Page = async ({ query, signal }) => {
  const [{ actors }, compare, { sources }] = await Promise.all([
    getJson<{ actors: ActorSummary[] }>('/api/actors', signal),
    getJson<CompareView>('/api/compare', signal),
    getJson<{ sources: ActorSummary[] }>('/api/sources', signal),
  ]);
  const theme = (allThemes as string[]).includes(query.get('theme') ?? '') ? (query.get('theme') as Theme) : 'security';
  const focus = compare.focus.map((f) => f.name).join(', ') || 'Afghanistan';
  const posture = new Map(compare.rows.map((r) => [r.actor, r.posture]));

  const cards = h(
    'ul',
    { class: 'cards' },
    [...actors]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((actor) => {
        const primary = [...new Set(actor.interests.map((i) => i.themes[0]).filter((t): t is Theme => !!t))];
        const stance = posture.get(actor.id);
        return h(
          'li',
          { class: 'card' },
          h('h3', null, h('a', { href: `/actors/${encodeURIComponent(actor.id)}`, class: 'card-link' }, actor.name)),
          h('p', { class: 'muted small' }, [actor.asOf ? `As of ${formatDay(actor.asOf)}` : null, plural(actor.versions, 'version'), plural(actor.sentenceCount, 'sentence')].filter(Boolean).join(' · ')),
          stance ? h('p', { class: 'small' }, 'Posture: ', h('span', { class: `posture posture-${stance}` }, postureLabels[stance] ?? stance)) : null,
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
          primary.length ? h('div', { class: 'chips', 'aria-label': 'Primary themes' }, primary.map((t) => themeChip(t, { primary: true }))) : null,
        );
      }),
  );

  const chooser = h(
    'label',
    { class: 'field' },
    h('span', null, 'Colour by theme'),
    h(
      'select',
      { id: 'map-theme', onchange: (e) => navigate(withQuery('/', { theme: (e.target as HTMLSelectElement).value }), { replace: true }) },
      allThemes.map((t) => h('option', { value: t, selected: t === theme }, themeLabel(t))),
    ),
  );
  const mapHost = h('div', { class: 'map-host' }, h('p', { class: 'muted small' }, 'Loading the map…'));
  const ranked = compare.rows
    .map((row) => ({ row, cell: row.cells[theme] }))
    .filter((r) => r.cell)
    .sort((a, b) => (a.cell!.rank ?? 99) - (b.cell!.rank ?? 99) || a.row.name.localeCompare(b.row.name));
  const ranking = h(
    'div',
    { class: 'ranking' },
    h('h3', null, `${themeLabel(theme)} among the interests`),
    ranked.length
      ? h(
          'ol',
          { class: 'ranking-list' },
          ranked.map(({ row, cell }) =>
            h(
              'li',
              null,
              h('span', { class: `swatch ${cell!.rank ? `map-rank-${Math.min(cell!.rank, 4)}` : 'map-narrative'}`, 'aria-hidden': 'true' }),
              h('a', { href: `/actors/${encodeURIComponent(row.actor)}` }, row.name),
              h('span', { class: 'muted small' }, cell!.rank ? ` · interest ${cell!.rank}` : ' · narrative only'),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No profile names this theme.'),
    h('p', { class: 'small' }, h('a', { href: withQuery('/compare', { sort: theme }) }, 'Compare all themes')),
  );
  const mapSection = h(
    'section',
    { class: 'section map-section', 'aria-labelledby': 'map-h' },
    h('div', { class: 'section-head' }, h('h2', { id: 'map-h' }, `Where ${themeLabel(theme).toLowerCase()} ranks`), chooser),
    h('div', { class: 'map-layout' }, mapHost, ranking),
  );

  const node = h(
    'div',
    { class: 'page home-page' },
    h(
      'header',
      { class: 'page-header hero' },
      h('p', { class: 'eyebrow' }, `Focus country: ${focus}`),
      h('h1', null, `How ${focus}’s neighbours and partners engage`),
      h('p', { class: 'lede' }, `${plural(actors.length, 'actor profile')}, each linked word for word to its evidence. Open an actor to read the profile with every place, organisation and person marked, or `, h('a', { href: '/compare' }, 'compare them by theme'), '.'),
    ),
    mapSection,
    h('section', { class: 'section', 'aria-labelledby': 'actors-h' }, h('h2', { id: 'actors-h' }, 'Actors'), actors.length ? cards : h('p', { class: 'muted' }, 'No profiles yet: ingest some with `dossier ingest`.')),
    sources.length
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
                h('span', { class: 'muted small' }, ` · ${plural(source.sentenceCount, 'sentence')}${source.asOf ? ` · as of ${formatDay(source.asOf)}` : ''}`),
              ),
            ),
          ),
        )
      : null,
  );

  const mounted = async () => {
    const { renderActorMap } = await import('../map/actor-map.js');
    if (signal.aborted) return;
    await renderActorMap(mapHost, compare, theme, signal);
  };
  return { title: 'Actors', node, mounted };
};
