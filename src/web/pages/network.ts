// Network page: actors, entities (projects among them) and relations as a graph drawn by
// cytoscape (loaded only here), filtered by entity type and theme (kept in the URL); a click on a
// node opens its entity or actor. The same nodes are listed as links for keyboard users.
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import { downloadMenu, formatsNamed } from '../download-menu.js';
import type { GraphNode, GraphView, MentionType, Theme } from '../api-types.js';
import { navigate, type Page } from '../router.js';
import { loadPhrases, relationLabel, relationVerb } from '../phrases.js';
import { allThemes, allTypes, pageHeader, plural, themeLabel, typeBadge, typeLabel } from '../ui.js';

const typeColours: Record<string, string> = {
  country: '#1d4ed8',
  place: '#047857',
  organization: '#b45309',
  person: '#7c3aed',
  project: '#be123c',
  document: '#0f766e',
  unknown: '#64748b',
};

const nodeHref = (n: GraphNode) => ((n.kind === 'actor' || n.kind === 'source') && n.actor ? `/actors/${encodeURIComponent(n.actor)}` : `/entities/${encodeURIComponent(n.entity ?? n.id)}`);

export const networkPage: Page = async ({ query, signal, onCleanup }) => {
  const types = (query.get('type') ?? '').split(',').filter((t): t is MentionType => (allTypes as string[]).includes(t));
  const theme = (allThemes as string[]).includes(query.get('theme') ?? '') ? (query.get('theme') as Theme) : null;
  const showAll = query.get('all') === '1';
  const withSources = query.get('sources') !== '0';
  const full = await getJson<GraphView>(withQuery('/api/graph', { type: types.join(','), theme, sources: withSources ? null : 'false' }), signal);
  await loadPhrases(); // relation labels come from the phrase table (fetched once per session)
  const go = (next: { types?: MentionType[]; theme?: Theme | null; all?: boolean; sources?: boolean }) =>
    navigate(
      withQuery('/network', {
        type: (next.types ?? types).join(','),
        theme: next.theme === undefined ? theme : next.theme,
        all: (next.all ?? showAll) ? '1' : null,
        sources: (next.sources ?? withSources) ? null : '0',
      }),
      { replace: true },
    );

  // By default keep the entities that link profiles: mentioned by two actors or more, or in a relation.
  const actorLinks = new Map<string, number>();
  const inRelation = new Set<string>();
  for (const e of full.edges) {
    if (e.kind === 'mention') actorLinks.set(e.target, (actorLinks.get(e.target) ?? 0) + 1);
    else inRelation.add(e.source).add(e.target);
  }
  const keep = (n: GraphNode) => showAll || n.kind !== 'entity' || (actorLinks.get(n.id) ?? 0) >= 2 || inRelation.has(n.id);
  const nodes = full.nodes.filter(keep);
  const kept = new Set(nodes.map((n) => n.id));
  const graph: GraphView = { nodes, edges: full.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };

  const filters = h(
    'form',
    { class: 'toolbar filters', 'aria-label': 'Filter the network', onsubmit: (e) => e.preventDefault() },
    h(
      'fieldset',
      { class: 'type-filter' },
      h('legend', null, 'Entity types'),
      allTypes.map((t) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            checked: types.length === 0 || types.includes(t),
            onchange: (e) => {
              const current = types.length ? types : allTypes;
              const next = (e.target as HTMLInputElement).checked ? [...current, t] : current.filter((x) => x !== t);
              go({ types: next.length === allTypes.length ? [] : [...new Set(next)] });
            },
          }),
          h('span', { class: 'swatch', style: `background:${typeColours[t]}`, 'aria-hidden': 'true' }),
          typeLabel(t),
        ),
      ),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', null, 'Theme'),
      h(
        'select',
        { onchange: (e) => go({ theme: ((e.target as HTMLSelectElement).value || null) as Theme | null }) },
        h('option', { value: '' }, 'All themes'),
        allThemes.map((t) => h('option', { value: t, selected: t === theme }, themeLabel(t))),
      ),
    ),
    h(
      'label',
      { class: 'check check-wide' },
      h('input', { type: 'checkbox', checked: showAll, onchange: (e) => go({ all: (e.target as HTMLInputElement).checked }) }),
      `Also show the entities only one profile mentions${showAll ? '' : ` (${full.nodes.length - nodes.length} hidden)`}`,
    ),
    h(
      'label',
      { class: 'check check-wide' },
      h('input', { type: 'checkbox', checked: withSources, onchange: (e) => go({ sources: (e.target as HTMLInputElement).checked }) }),
      'Include the sources (articles, briefs, pages)',
    ),
  );

  const canvas = h('div', { class: 'graph-canvas', role: 'img', 'aria-label': `Network of ${plural(graph.nodes.length, 'node')} and ${plural(graph.edges.length, 'link')}; the same nodes are listed below.` });
  const status = h('p', { class: 'muted small graph-status' }, 'Drawing the network…');
  const actors = graph.nodes.filter((n) => n.kind === 'actor');
  const sourceNodes = graph.nodes.filter((n) => n.kind === 'source');
  const others = graph.nodes.filter((n) => n.kind === 'entity').sort((a, b) => b.mentions - a.mentions || a.label.localeCompare(b.label));
  const listing = h(
    'section',
    { class: 'section', 'aria-labelledby': 'nodes-h' },
    h('h2', { id: 'nodes-h' }, 'Nodes'),
    h(
      'div',
      { class: 'node-columns' },
      h('div', null, h('h3', null, 'Actors'), h('ul', { class: 'plain-list' }, actors.map((n) => h('li', null, h('a', { href: nodeHref(n) }, n.label))))),
      sourceNodes.length ? h('div', null, h('h3', null, 'Sources'), h('ul', { class: 'plain-list' }, sourceNodes.map((n) => h('li', null, h('span', { class: 'kind-badge' }, 'Source'), ' ', h('a', { href: nodeHref(n) }, n.label))))) : null,
      h('div', null, h('h3', null, 'Entities'), h('ul', { class: 'plain-list' }, others.map((n) => h('li', null, h('a', { href: nodeHref(n) }, n.label), ' ', typeBadge(n.type), h('span', { class: 'muted small' }, ` · ${plural(n.mentions, 'mention')}`))))),
    ),
  );
  const relations = graph.edges.filter((e) => e.kind === 'relation');
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const relationList = relations.length
    ? h(
        'section',
        { class: 'section', 'aria-labelledby': 'rel-h' },
        h('h2', { id: 'rel-h' }, 'Relations'),
        h(
          'ul',
          { class: 'plain-list' },
          relations.map((e) =>
            h(
              'li',
              null,
              h('a', { href: nodeHref(byId.get(e.source)!) }, byId.get(e.source)?.label ?? e.source),
              ' ',
              h('span', { class: e.negated ? 'predicate is-negated' : 'predicate' }, e.predicate ? relationVerb({ ...e, predicate: e.predicate }) : ''),
              ' ',
              h('a', { href: nodeHref(byId.get(e.target)!) }, byId.get(e.target)?.label ?? e.target),
              e.evidence[0] ? [' ', h('a', { class: 'small', href: `/actors/${encodeURIComponent(e.evidence[0].actor)}#s-${e.evidence[0].start}` }, 'Evidence')] : null,
            ),
          ),
        ),
      )
    : null;

  const legend = h(
    'ul',
    { class: 'legend-list', 'aria-label': 'Legend' },
    h('li', null, h('span', { class: 'swatch swatch-actor', 'aria-hidden': 'true' }), 'Actor (profile)'),
    allTypes.map((t) => h('li', null, h('span', { class: 'swatch', style: `background:${typeColours[t]}`, 'aria-hidden': 'true' }), typeLabel(t))),
    h('li', null, h('span', { class: 'line-sample line-relation', 'aria-hidden': 'true' }), 'Relation'),
    h('li', null, h('span', { class: 'line-sample line-negated', 'aria-hidden': 'true' }), 'Negated relation'),
    h('li', null, h('span', { class: 'line-sample line-mention', 'aria-hidden': 'true' }), 'Mentioned by'),
  );

  const node = h(
    'div',
    { class: 'page network-page' },
    pageHeader('Network', downloadMenu({ include: formatsNamed('gexf', 'graphml', 'kumu', 'json') }), h('p', { class: 'lede' }, 'Actors and the entities their profiles mention, with the relations extracted between them. Select a node to open it.')),
    filters,
    legend,
    canvas,
    status,
    relationList,
    listing,
  );

  const mounted = async () => {
    if (graph.nodes.length === 0) {
      status.textContent = 'Nothing to draw for these filters.';
      return;
    }
    const { default: cytoscape } = await import('cytoscape');
    if (signal.aborted) return;
    const maxMentions = Math.max(1, ...graph.nodes.map((n) => n.mentions));
    const cy = cytoscape({
      container: canvas,
      elements: [
        ...graph.nodes.map((n) => ({
          data: { id: n.id, label: n.label, href: nodeHref(n), colour: typeColours[n.type ?? 'unknown'] ?? typeColours.unknown, size: n.kind === 'actor' ? 34 : n.kind === 'source' ? 18 : 14 + 20 * Math.sqrt(n.mentions / maxMentions) },
          classes: n.kind,
        })),
        ...graph.edges.map((e) => ({
          data: { id: e.id, source: e.source, target: e.target, label: e.predicate ? relationLabel({ ...e, predicate: e.predicate }) : '', width: e.kind === 'relation' ? 2.5 : Math.min(1 + e.weight / 3, 4) },
          classes: `${e.kind}${e.negated ? ' negated' : ''}`,
        })),
      ],
      style: [
        { selector: 'node', style: { 'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)', label: 'data(label)', 'font-size': 10, 'min-zoomed-font-size': 7, 'font-family': 'system-ui, sans-serif', color: '#1f2933', 'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#ffffff', 'text-outline-width': 2 } },
        { selector: 'node.actor', style: { shape: 'round-rectangle', 'border-width': 3, 'border-color': '#0b1f33', 'font-weight': 'bold', 'font-size': 13 } },
        { selector: 'node.source', style: { shape: 'diamond', 'background-color': '#ffffff', 'border-width': 2, 'border-color': '#52606d', 'font-style': 'italic', 'font-size': 9 } },
        { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'bezier', 'line-color': '#cbd5e1', opacity: 0.8 } },
        { selector: 'edge.relation', style: { 'line-color': '#334155', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#334155', label: 'data(label)', 'font-size': 9, color: '#334155', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 1, 'text-background-padding': '2px' } },
        { selector: 'edge.negated', style: { 'line-color': '#b91c1c', 'target-arrow-color': '#b91c1c', 'line-style': 'dashed', color: '#b91c1c' } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f59e0b' } },
      ],
      layout: { name: 'cose', animate: false, nodeRepulsion: () => 20000, idealEdgeLength: () => 110, nodeOverlap: 20, componentSpacing: 60, padding: 24, randomize: false },
      minZoom: 0.2,
      maxZoom: 3,
    });
    cy.on('tap', 'node', (event) => navigate(event.target.data('href') as string));
    cy.on('mouseover', 'node', () => (canvas.style.cursor = 'pointer'));
    cy.on('mouseout', 'node', () => (canvas.style.cursor = ''));
    status.textContent = `${plural(graph.nodes.length, 'node')}, ${plural(graph.edges.length, 'link')}. Drag to pan, scroll to zoom.`;
    onCleanup(() => cy.destroy());
  };
  return { title: 'Network', node, mounted };
};
