// Controls of the network page, all usable by keyboard: the "Focus on" field (an input over a
// datalist of the node names) with its depth and the "Whole network" reset, the "Group by"
// choice, the legend of the colours in use, "showing N of M" with a higher limit to choose, and the zoom
// buttons under the canvas.
import { h } from './dom.js';
import type { GraphNode } from '../model/index.js';
import {
  clusterAssigner,
  clusterChoices,
  clusterColour,
  clusterName,
  clusterOrder,
  type ClusterBy,
} from './network-style.js';
import { compareNames, formatCount, typeLabel } from './ui.js';

export interface FocusState {
  focus: string | null;
  depth: 1 | 2;
}

/** Unique names for the datalist: a label shared by several nodes gets its kind or type added. */
export function focusNames(nodes: readonly GraphNode[]): Map<string, string> {
  const seen = new Map<string, number>();
  for (const n of nodes) seen.set(n.label, (seen.get(n.label) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const n of nodes) {
    let name = n.label;
    if ((seen.get(n.label) ?? 0) > 1)
      name = `${n.label} (${n.kind === 'entity' ? typeLabel(n.type) : n.kind === 'actor' ? 'actor' : 'source'})`;
    if (names.has(name)) name = `${name} [${n.id}]`;
    names.set(name, n.id);
  }
  return names;
}

/** The node a typed name means: an exact name, then a name or id in any case, then the only name starting so. */
export function resolveFocus(typed: string, names: Map<string, string>): string | null {
  const text = typed.trim();
  if (!text) return null;
  if (names.has(text)) return names.get(text)!;
  const lower = text.toLowerCase();
  for (const [name, id] of names) if (name.toLowerCase() === lower || id.toLowerCase() === lower) return id;
  const starting = [...names].filter(([name]) => name.toLowerCase().startsWith(lower));
  return starting.length === 1 ? starting[0]![1] : null;
}

export function focusForm(options: {
  nodes: readonly GraphNode[];
  state: FocusState;
  focusLabel: string | null;
  onFocus: (focus: string, depth: 1 | 2) => void;
  onDepth: (depth: 1 | 2) => void;
  onReset: () => void;
}): HTMLElement {
  const names = focusNames(options.nodes);
  const current = options.state.focus
    ? ([...names].find(([, id]) => id === options.state.focus)?.[0] ?? options.focusLabel ?? '')
    : '';
  const message = h('p', { class: 'focus-message small', role: 'status', id: 'network-focus-message' });
  const input = h('input', {
    id: 'network-focus',
    type: 'text',
    list: 'network-node-names',
    value: current,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'network-focus-message',
    placeholder: 'Type a name…',
  });
  const depth = h(
    'select',
    { id: 'network-depth', onchange: (e) => options.onDepth((e.target as HTMLSelectElement).value === '2' ? 2 : 1) },
    h('option', { value: '1', selected: options.state.depth === 1 }, 'Neighbours (1 link)'),
    h('option', { value: '2', selected: options.state.depth === 2 }, 'Up to 2 links'),
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const id = resolveFocus(input.value, names);
    if (id) options.onFocus(id, depth.value === '2' ? 2 : 1);
    else
      message.textContent = input.value.trim()
        ? `No node is called “${input.value.trim()}”: pick a name from the list.`
        : 'Type the name of an actor or an entity.';
  };
  return h(
    'form',
    { class: 'toolbar network-focus', role: 'search', 'aria-label': 'Focus on one node', onsubmit: submit },
    h('label', { class: 'field focus-field' }, h('span', null, 'Focus on'), input),
    h(
      'datalist',
      { id: 'network-node-names' },
      [...names.keys()].sort(compareNames).map((name) => h('option', { value: name })),
    ),
    h('label', { class: 'field' }, h('span', null, 'Depth'), depth),
    h('button', { type: 'submit', class: 'button' }, 'Focus'),
    options.state.focus
      ? h(
          'button',
          { type: 'button', class: 'button-quiet', id: 'network-reset', onclick: () => options.onReset() },
          'Whole network',
        )
      : null,
    message,
  );
}

export function clusterSelect(current: ClusterBy, onChange: (by: ClusterBy) => void): HTMLElement {
  const names: Record<ClusterBy, string> = { none: 'None', type: 'Type', theme: 'Theme' };
  return h(
    'label',
    { class: 'field' },
    h('span', null, 'Group by'),
    h(
      'select',
      { id: 'network-cluster', onchange: (e) => onChange((e.target as HTMLSelectElement).value as ClusterBy) },
      clusterChoices.map((by) => h('option', { value: by, selected: by === current }, names[by])),
    ),
  );
}

/**
 * The colours in use (by theme when grouping by theme, else by kind and type) with their counts, and the kinds of line.
 */
export function networkLegend(nodes: readonly GraphNode[], by: ClusterBy): HTMLElement {
  const colouring: ClusterBy = by === 'theme' ? 'theme' : 'type';
  const clusterOf = clusterAssigner(nodes, colouring);
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(clusterOf(n), (counts.get(clusterOf(n)) ?? 0) + 1);
  return h(
    'ul',
    {
      class: 'legend-list network-legend',
      'aria-label': by === 'theme' ? 'Legend: colours by each node’s most specific theme' : 'Legend: colours by type',
    },
    clusterOrder(colouring)
      .filter((key) => counts.has(key))
      .map((key) =>
        h(
          'li',
          null,
          h('span', {
            class: key === 'actor' && colouring === 'type' ? 'swatch swatch-actor-node' : 'swatch',
            style: `background:${clusterColour(key, colouring)}`,
            'aria-hidden': 'true',
          }),
          clusterName(key, colouring),
          h('span', { class: 'legend-count' }, ` ${counts.get(key)}`),
        ),
      ),
    h('li', null, h('span', { class: 'line-sample line-relation', 'aria-hidden': 'true' }), 'Relation'),
    h('li', null, h('span', { class: 'line-sample line-negated', 'aria-hidden': 'true' }), 'Negated relation'),
    h('li', null, h('span', { class: 'line-sample line-mention', 'aria-hidden': 'true' }), 'Mentioned by'),
  );
}

/**
 * "Showing 300 of 41,220 nodes" and a choice of a higher limit, when the API left nodes out (the
 * strongest are kept); nothing when the whole network (or neighbourhood) is shown.
 */
export function limitControl(options: {
  shown: number;
  total: number | null;
  limit: number;
  limits: readonly number[];
  ego: boolean;
  onLimit: (limit: number) => void;
}): HTMLElement | null {
  const { shown, total, limit } = options;
  if (total === null || (total <= shown && limit === options.limits[0])) return null;
  const what = options.ego ? 'nodes near the focus' : 'nodes';
  const select = h(
    'select',
    { id: 'network-limit', onchange: (e) => options.onLimit(Number((e.target as HTMLSelectElement).value)) },
    options.limits.map((n) =>
      h('option', { value: String(n), selected: n === limit }, `the ${formatCount(n)} strongest`),
    ),
  );
  return h(
    'div',
    { class: 'toolbar network-limit' },
    h(
      'p',
      { class: 'small', role: 'status', id: 'network-limit-status' },
      total > shown
        ? `Showing ${formatCount(shown)} of ${formatCount(total)} ${what} (the most mentioned and ` + `linked).`
        : `Showing all ${formatCount(total)} ${what}.`,
    ),
    h('label', { class: 'field' }, h('span', null, 'Show'), select),
  );
}

export function zoomButtons(actions: { zoomIn(): void; zoomOut(): void; fit(): void }): HTMLElement {
  return h(
    'div',
    { class: 'graph-zoom', role: 'group', 'aria-label': 'Zoom the network' },
    h('button', { type: 'button', class: 'button-quiet', onclick: () => actions.zoomIn() }, 'Zoom in'),
    h('button', { type: 'button', class: 'button-quiet', onclick: () => actions.zoomOut() }, 'Zoom out'),
    h('button', { type: 'button', class: 'button-quiet', onclick: () => actions.fit() }, 'Fit'),
  );
}
