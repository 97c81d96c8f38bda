// The actors' map (home page; loaded lazily with d3-geo, topojson-client and the bundled
// world-atlas countries-110m): each country with a profile coloured by the best rank the chosen
// theme has among its profiles' interests (GET /api/compare/map, one entry per country whatever the
// number of profiles); the focus country outlined. Countries link to their best-ranked profile. On a phone
// the names would shrink past reading, so the CSS swaps them for numbers keyed in a list below the map.
import { geoCentroid, geoDistance, geoNaturalEarth1, geoPath, type GeoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import isoNumeric from 'virtual:iso-numeric';
import { loadAtlas, type AtlasTopology } from './atlas.js';
import { placeLabels } from './map-labels.js';
import { h, svg } from '../dom.js';
import type { CompareMap, Theme } from '../../model/index.js';
import { themeLabel } from '../ui.js';

type Country = Feature<Geometry, { name: string }>;
let countriesOf: { topology: AtlasTopology; countries: Country[] } | undefined;

/** The atlas's countries (its topology read once per page load by atlas.ts, converted once). */
async function loadCountries(): Promise<Country[]> {
  const topology = await loadAtlas();
  if (countriesOf?.topology !== topology) {
    const { features } = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
    countriesOf = { topology, countries: features };
  }
  return countriesOf.countries;
}

const rankClass = (rank: number | null | undefined, narrative: boolean) =>
  rank ? `map-rank-${Math.min(rank, 4)}` : narrative ? 'map-narrative' : 'map-absent';

type MapEntry = CompareMap['countries'][number];

const rankDescription = (entry: MapEntry): string =>
  entry.kind === 'interest'
    ? `rank ${entry.rank}`
    : entry.kind === 'narrative'
      ? 'narrative only'
      : 'not among its interests';

const width = 960;
const height = 560;

/** Where things are on the map: countries by ISO numeric code, the actors' entries, the focus, the framing. */
interface MapLayout {
  countries: Country[];
  byNumeric: Map<string, Country>;
  actorsByNumeric: Map<string, MapEntry>;
  focusNumeric: Set<string>;
  /** The actors' countries near the focus country: framed, labelled; the others are listed under the map. */
  near: Set<string>;
  path: GeoPath;
}

function mapLayout(countries: Country[], summary: CompareMap): MapLayout {
  const byNumeric = new Map(countries.map((c) => [String(c.id), c]));
  const actorsByNumeric = new Map<string, MapEntry>();
  for (const entry of summary.countries) {
    const numeric = isoNumeric[entry.country];
    if (numeric && byNumeric.has(numeric)) actorsByNumeric.set(numeric, entry);
  }
  const focusNumeric = new Set(summary.focus.map((f) => isoNumeric[f.country]).filter((n): n is string => !!n));
  // Frame the focus country and the actors near it; far actors are listed under the map.
  const focusFeatures = countries.filter((c) => focusNumeric.has(String(c.id)));
  const anchor = focusFeatures[0] ? geoCentroid(focusFeatures[0]) : null;
  // A spherical centroid walks every point of the shape: each country's is computed once.
  const centroids = new Map<string, [number, number]>();
  const centroidOf = (numeric: string) => {
    let centroid = centroids.get(numeric);
    if (!centroid) centroids.set(numeric, (centroid = geoCentroid(byNumeric.get(numeric)!)));
    return centroid;
  };
  const near = new Set<string>();
  for (const numeric of actorsByNumeric.keys())
    if (!anchor || geoDistance(anchor, centroidOf(numeric)) < 0.95) near.add(numeric);
  const frame = [
    ...focusFeatures,
    ...[...near].map(
      (n) =>
        ({
          type: 'Feature',
          properties: {},
          geometry: { type: 'Point', coordinates: centroidOf(n) },
        }) as Feature,
    ),
  ];
  const projection = geoNaturalEarth1();
  projection.fitExtent(
    frame.length
      ? [
          [90, 70],
          [width - 90, height - 50],
        ]
      : [
          [0, 0],
          [width, height],
        ],
    { type: 'FeatureCollection', features: frame.length ? frame : countries } as FeatureCollection,
  );
  return { countries, byNumeric, actorsByNumeric, focusNumeric, near, path: geoPath(projection) };
}

/** Every country's shape: an actor's links to its profile, coloured by rank; the focus outlined. */
function countryShapes({ countries, actorsByNumeric, focusNumeric, path }: MapLayout, theme: Theme): SVGElement[] {
  return countries.map((country) => {
    const id = String(country.id);
    const d = path(country) ?? '';
    const entry = actorsByNumeric.get(id);
    if (entry) {
      const description = rankDescription(entry);
      return svg(
        'a',
        {
          href: `/actors/${encodeURIComponent(entry.actor)}`,
          'aria-label': `${entry.name}: ${themeLabel(theme)} ${description}`,
        },
        svg(
          'path',
          { d, class: `map-country map-actor ${rankClass(entry.rank, entry.kind === 'narrative')}` },
          svg('title', null, `${entry.name}: ${themeLabel(theme)} ${description}`),
        ),
      );
    }
    const focus = focusNumeric.has(id);
    return svg(
      'path',
      { d, class: focus ? 'map-country map-focus' : 'map-country' },
      svg('title', null, focus ? `${country.properties.name} (focus country)` : country.properties.name),
    );
  });
}

/** A numbered country in the key under the map. */
interface KeyedCountry {
  n: number;
  name: string;
  href: string | null;
  swatch: string;
  description: string;
}

/** A label's name (when it has room) and number at (x, y) (the CSS shows one or the other). */
function labelTexts(x: number, y: number, name: string | null, n: number, focus: boolean): SVGElement[] {
  const number = svg(
    'text',
    {
      x,
      y,
      class: `map-label map-label-number${focus ? ' map-label-focus' : ''}`,
      'text-anchor': 'middle',
      'dominant-baseline': 'central',
      'aria-hidden': 'true',
    },
    String(n),
  );
  if (name === null) return [number];
  const text = svg(
    'text',
    {
      x,
      y,
      class: `map-label map-label-name${focus ? ' map-label-focus' : ''}`,
      'text-anchor': 'middle',
      'aria-hidden': 'true',
    },
    name,
  );
  return [text, number];
}

/**
 * The labels of the focus countries and of the actors near them, and the key that numbers them. Where names would
 * overlap (many profiles in a small region), the focus country's is drawn first, then the best-ranked and largest
 * countries'; the names left out keep their number (shown on a phone) and their tooltip.
 */
function mapLabels({ byNumeric, actorsByNumeric, focusNumeric, near, path }: MapLayout): {
  focusLabels: SVGElement[][];
  labels: SVGElement[][];
  keyed: KeyedCountry[];
} {
  // Each label has a number too (shown instead of the name on narrow screens, keyed in the list below).
  const keyed: KeyedCountry[] = [];
  const candidate = (numeric: string, name: string, focus: boolean, entry: MapEntry | null) => {
    const country = byNumeric.get(numeric)!;
    const [x, y] = path.centroid(country);
    return { numeric, name, focus, entry, x, y, area: path.area(country) };
  };
  const focusCandidates = [...focusNumeric]
    .filter((numeric) => byNumeric.has(numeric))
    .map((numeric) => candidate(numeric, byNumeric.get(numeric)!.properties.name, true, null));
  const actorCandidates = [...actorsByNumeric]
    .filter(([numeric]) => near.has(numeric))
    .map(([numeric, entry]) => candidate(numeric, entry.name, false, entry));
  // Best-ranked first (narrative-only after the ranked, then the rest), the larger country first among equals.
  const order = (c: (typeof actorCandidates)[number]) => c.entry?.rank ?? (c.entry?.kind ? 50 : 99);
  const named = placeLabels([
    ...focusCandidates,
    ...[...actorCandidates].sort((a, b) => order(a) - order(b) || b.area - a.area),
  ]);
  const focusLabels = focusCandidates.map((c) => {
    const text = labelTexts(c.x, c.y, named.has(c) ? c.name : null, keyed.length + 1, true);
    keyed.push({ n: keyed.length + 1, name: c.name, href: null, swatch: 'map-focus', description: 'focus country' });
    return text;
  });
  const labels = actorCandidates.map((c) => {
    const entry = c.entry!;
    const text = labelTexts(c.x, c.y, named.has(c) ? c.name : null, keyed.length + 1, false);
    keyed.push({
      n: keyed.length + 1,
      name: entry.name,
      href: `/actors/${encodeURIComponent(entry.actor)}`,
      swatch: rankClass(entry.rank, entry.kind === 'narrative'),
      description: entry.kind ? rankDescription(entry) : 'not a theme',
    });
    return text;
  });
  return { focusLabels, labels, keyed };
}

function mapKey(keyed: KeyedCountry[]): HTMLElement {
  return h(
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
}

function mapLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend-list map-legend', 'aria-label': 'Map legend' },
    [1, 2, 3, 4].map((r) =>
      h(
        'li',
        null,
        h('span', { class: `swatch map-rank-${r}`, 'aria-hidden': 'true' }),
        r === 4 ? 'Rank 4 or lower' : `Rank ${r}`,
      ),
    ),
    h('li', null, h('span', { class: 'swatch map-narrative', 'aria-hidden': 'true' }), 'Narrative only'),
    h('li', null, h('span', { class: 'swatch map-absent', 'aria-hidden': 'true' }), 'Not a theme'),
    h('li', null, h('span', { class: 'swatch map-focus', 'aria-hidden': 'true' }), 'Focus country'),
  );
}

export async function renderActorMap(
  host: HTMLElement,
  summary: CompareMap,
  theme: Theme,
  signal: AbortSignal,
): Promise<void> {
  const countries = await loadCountries();
  if (signal.aborted) return;
  const layout = mapLayout(countries, summary);
  const { near } = layout;
  const shapes = countryShapes(layout, theme);
  const { focusLabels, labels, keyed } = mapLabels(layout);
  const unmapped = summary.countries.filter(
    (entry) => !isoNumeric[entry.country] || !near.has(isoNumeric[entry.country]!),
  );
  host.replaceChildren(
    svg(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        class: 'map',
        role: 'group',
        'aria-label': `Map of the actors coloured by the rank of ${themeLabel(theme)}`,
      },
      svg('rect', { x: 0, y: 0, width, height, class: 'map-sea' }),
      shapes,
      focusLabels,
      labels,
    ),
    mapKey(keyed),
    mapLegend(),
  );
  if (unmapped.length)
    host.append(h('p', { class: 'muted small' }, `Beyond the map: ${unmapped.map((r) => r.name).join(', ')}.`));
}
