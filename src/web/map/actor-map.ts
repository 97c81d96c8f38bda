// The actors' map (home page; loaded lazily with d3-geo, topojson-client and the bundled
// world-atlas countries-110m): each actor's country coloured by the rank the chosen theme has
// among its interests; the focus country outlined. Countries link to their actor page. On a phone
// the names would shrink past reading, so the CSS swaps them for numbers keyed in a list below the map.
import { geoCentroid, geoDistance, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import isoNumeric from 'virtual:iso-numeric';
import { getJson } from '../api.js';
import { h, svg } from '../dom.js';
import type { CompareView, Theme } from '../api-types.js';
import { themeLabel } from '../ui.js';

type Country = Feature<Geometry, { name: string }>;
let atlas: Promise<Country[]> | undefined;

function loadCountries(signal: AbortSignal): Promise<Country[]> {
  atlas ??= getJson<Topology<{ countries: GeometryCollection<{ name: string }> }>>(atlasUrl, signal)
    .then((topology) => (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features)
    .catch((error) => {
      atlas = undefined;
      throw error;
    });
  return atlas;
}

const rankClass = (rank: number | null | undefined, narrative: boolean) => (rank ? `map-rank-${Math.min(rank, 4)}` : narrative ? 'map-narrative' : 'map-absent');

export async function renderActorMap(host: HTMLElement, compare: CompareView, theme: Theme, signal: AbortSignal): Promise<void> {
  const countries = await loadCountries(signal);
  if (signal.aborted) return;
  const byNumeric = new Map(countries.map((c) => [String(c.id), c]));
  const actorsByNumeric = new Map<string, CompareView['rows'][number]>();
  for (const row of compare.rows) {
    const numeric = row.country ? isoNumeric[row.country] : undefined;
    if (numeric && byNumeric.has(numeric)) actorsByNumeric.set(numeric, row);
  }
  const focusNumeric = new Set(compare.focus.map((f) => isoNumeric[f.country]).filter((n): n is string => !!n));
  // Frame the focus country and the actors near it; far actors are listed under the map.
  const focusFeatures = countries.filter((c) => focusNumeric.has(String(c.id)));
  const anchor = focusFeatures[0] ? geoCentroid(focusFeatures[0]) : null;
  const near = new Set<string>();
  for (const numeric of actorsByNumeric.keys()) {
    const centroid = geoCentroid(byNumeric.get(numeric)!);
    if (!anchor || geoDistance(anchor, centroid) < 0.95) near.add(numeric);
  }
  const frame = [...focusFeatures, ...[...near].map((n) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: geoCentroid(byNumeric.get(n)!) } }) as Feature)];
  const width = 960;
  const height = 560;
  const projection = geoNaturalEarth1();
  projection.fitExtent(frame.length ? [[90, 70], [width - 90, height - 50]] : [[0, 0], [width, height]], { type: 'FeatureCollection', features: frame.length ? frame : countries } as FeatureCollection);
  const path = geoPath(projection);

  const shapes = countries.map((country) => {
    const id = String(country.id);
    const d = path(country) ?? '';
    const row = actorsByNumeric.get(id);
    if (row) {
      const cell = row.cells[theme];
      const rank = cell?.kind === 'interest' ? cell.rank : null;
      const description = cell ? (cell.kind === 'interest' ? `rank ${rank}` : 'narrative only') : 'not among its interests';
      return svg(
        'a',
        { href: `/actors/${encodeURIComponent(row.actor)}`, 'aria-label': `${row.name}: ${themeLabel(theme)} ${description}` },
        svg('path', { d, class: `map-country map-actor ${rankClass(rank, cell?.kind === 'narrative')}` }, svg('title', null, `${row.name}: ${themeLabel(theme)} ${description}`)),
      );
    }
    const focus = focusNumeric.has(id);
    return svg('path', { d, class: focus ? 'map-country map-focus' : 'map-country' }, svg('title', null, focus ? `${country.properties.name} (focus country)` : country.properties.name));
  });
  // Each label has a number too (shown instead of the name on narrow screens, keyed in the list below).
  const keyed: { n: number; name: string; href: string | null; swatch: string; description: string }[] = [];
  const label = (numeric: string, name: string, focus: boolean) => {
    const [x, y] = path.centroid(byNumeric.get(numeric)!);
    const n = keyed.length + 1;
    return [
      svg('text', { x, y, class: `map-label map-label-name${focus ? ' map-label-focus' : ''}`, 'text-anchor': 'middle', 'aria-hidden': 'true' }, name),
      svg('text', { x, y, class: `map-label map-label-number${focus ? ' map-label-focus' : ''}`, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'aria-hidden': 'true' }, String(n)),
    ];
  };
  const focusLabels = [...focusNumeric].map((numeric) => {
    const country = byNumeric.get(numeric);
    if (!country) return null;
    const text = label(numeric, country.properties.name, true);
    keyed.push({ n: keyed.length + 1, name: country.properties.name, href: null, swatch: 'map-focus', description: 'focus country' });
    return text;
  });
  const labels = [...actorsByNumeric].filter(([numeric]) => near.has(numeric)).map(([numeric, row]) => {
    const text = label(numeric, row.name, false);
    const cell = row.cells[theme];
    const rank = cell?.kind === 'interest' ? cell.rank : null;
    keyed.push({ n: keyed.length + 1, name: row.name, href: `/actors/${encodeURIComponent(row.actor)}`, swatch: rankClass(rank, cell?.kind === 'narrative'), description: cell ? (cell.kind === 'interest' ? `rank ${rank}` : 'narrative only') : 'not a theme' });
    return text;
  });
  const key = h(
    'ol',
    { class: 'map-key', 'aria-label': 'Countries on the map, by number' },
    keyed.map((k) =>
      h(
        'li',
        null,
        h('span', { class: 'map-key-number', 'aria-hidden': 'true' }, String(k.n)),
        h('span', { class: `swatch ${k.swatch}`, 'aria-hidden': 'true' }),
        k.href ? h('a', { href: k.href }, k.name) : h('span', null, k.name),
        h('span', { class: 'muted small' }, ` · ${k.description}`),
      ),
    ),
  );

  const unmapped = compare.rows.filter((r) => !r.country || !isoNumeric[r.country] || !near.has(isoNumeric[r.country]!));
  host.replaceChildren(
    svg(
      'svg',
      { viewBox: `0 0 ${width} ${height}`, class: 'map', role: 'group', 'aria-label': `Map of the actors coloured by the rank of ${themeLabel(theme)}` },
      svg('rect', { x: 0, y: 0, width, height, class: 'map-sea' }),
      shapes,
      focusLabels,
      labels,
    ),
    key,
    h(
      'ul',
      { class: 'legend-list map-legend', 'aria-label': 'Map legend' },
      [1, 2, 3, 4].map((r) => h('li', null, h('span', { class: `swatch map-rank-${r}`, 'aria-hidden': 'true' }), r === 4 ? 'Rank 4 or lower' : `Rank ${r}`)),
      h('li', null, h('span', { class: 'swatch map-narrative', 'aria-hidden': 'true' }), 'Narrative only'),
      h('li', null, h('span', { class: 'swatch map-absent', 'aria-hidden': 'true' }), 'Not a theme'),
      h('li', null, h('span', { class: 'swatch map-focus', 'aria-hidden': 'true' }), 'Focus country'),
    ),
  );
  if (unmapped.length) host.append(h('p', { class: 'muted small' }, `Beyond the map: ${unmapped.map((r) => r.name).join(', ')}.`));
}
