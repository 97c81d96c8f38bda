// Colours, clusters and links of the network page, shared by the page (legend, node list) and the
// lazily loaded drawing code: what a node's cluster is when grouping by type or by theme, the
// colour it gets, and the page it opens.
import type { GraphNode, Theme } from '../model/index.js';
import { allThemes, allTypes, themeLabel, typeLabel } from './ui.js';

export type ClusterBy = 'none' | 'type' | 'theme';
export const clusterChoices: readonly ClusterBy[] = ['none', 'type', 'theme'];

export const typeColours: Record<string, string> = {
  country: '#1d4ed8',
  place: '#047857',
  organization: '#b45309',
  person: '#7c3aed',
  project: '#be123c',
  document: '#0f766e',
  unknown: '#64748b',
};
export const actorColour = '#0b1f33';
export const sourceColour = '#8a94a6';

/** One colour per theme (distinct hues, each readable as a swatch on white). */
export const themeColours: Record<Theme, string> = {
  security: '#b91c1c',
  extremism: '#7f1d1d',
  narcotics: '#a21caf',
  governance: '#4338ca',
  humanitarian: '#db2777',
  trade: '#b45309',
  transport: '#0369a1',
  energy: '#ca8a04',
  water: '#0891b2',
  migration: '#15803d',
  diplomacy: '#7c3aed',
};
const noThemeColour = '#94a3b8';

/**
 * How nodes fall into clusters: by kind and entity type ('type', and the colours of 'none'), or
 * by theme — each node's most specific theme, the one fewest nodes of the view carry (nearly
 * everything touches security, which would otherwise swallow the rest), 'none' without a theme.
 */
export function clusterAssigner(nodes: readonly GraphNode[], by: ClusterBy): (node: GraphNode) => string {
  if (by !== 'theme')
    return (node) => (node.kind === 'actor' || node.kind === 'source' ? node.kind : (node.type ?? 'unknown'));
  const carried = new Map<string, number>();
  for (const n of nodes) for (const t of n.themes) carried.set(t, (carried.get(t) ?? 0) + 1);
  return (node) =>
    node.themes.reduce<string | null>(
      (best, t) => (best === null || (carried.get(t) ?? 0) < (carried.get(best) ?? 0) ? t : best),
      null,
    ) ?? 'none';
}

/** Cluster keys in the legend's order. */
export function clusterOrder(by: ClusterBy): string[] {
  return by === 'theme' ? [...allThemes, 'none'] : ['actor', 'source', ...allTypes, 'unknown'];
}

export function clusterName(key: string, by: ClusterBy): string {
  if (by === 'theme') return key === 'none' ? 'No theme' : themeLabel(key);
  if (key === 'actor') return 'Actor (profile)';
  if (key === 'source') return 'Source';
  return typeLabel(key === 'unknown' ? null : key);
}

export function clusterColour(key: string, by: ClusterBy): string {
  if (by === 'theme') return themeColours[key as Theme] ?? noThemeColour;
  if (key === 'actor') return actorColour;
  if (key === 'source') return sourceColour;
  return typeColours[key] ?? typeColours.unknown!;
}

export const nodeHref = (n: GraphNode): string =>
  (n.kind === 'actor' || n.kind === 'source') && n.actor
    ? `/actors/${encodeURIComponent(n.actor)}`
    : `/entities/${encodeURIComponent(n.entity ?? n.id)}`;
