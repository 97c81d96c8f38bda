// History views shared by the actor page and its changes page: the diff between two versions
// built as <ins>/<del> elements holding text nodes (never HTML), with long unchanged stretches
// folded, and each interest's rank over the versions as a table with movement arrows.
import { h } from './dom.js';
import { formatDay } from './ui.js';

export interface VersionDiff {
  actor: string;
  from: number;
  to: number;
  granularity: 'word' | 'sentence';
  changes: { op: 'same' | 'added' | 'removed'; text: string }[];
  added: number;
  removed: number;
  html: string;
}

export interface InterestHistory {
  actor: string;
  versions: { version: number; ingestedAt: string; asOf: string | null }[];
  interests: { title: string; ranks: { version: number; rank: number | null }[] }[];
}

const context = 160;

/** The diff as nodes: insertions in <ins>, deletions in <del>, unchanged text folded when long. */
export function diffNodes(diff: VersionDiff, { fold = true } = {}): Node[] {
  const nodes: Node[] = [];
  diff.changes.forEach((change, n) => {
    if (change.op === 'added') nodes.push(h('ins', null, change.text));
    else if (change.op === 'removed') nodes.push(h('del', null, change.text));
    else if (!fold || change.text.length <= context * 2 + 40) nodes.push(document.createTextNode(change.text));
    else {
      const head = n === 0 ? '' : change.text.slice(0, context);
      const tail = n === diff.changes.length - 1 ? '' : change.text.slice(-context);
      const hidden = change.text.length - head.length - tail.length;
      nodes.push(document.createTextNode(head), h('span', { class: 'diff-fold' }, ` … ${hidden.toLocaleString('en')} unchanged characters … `), document.createTextNode(tail));
    }
  });
  return nodes;
}

/** Rank movement from the previous version: up (a higher priority), down, new, or none. */
function movement(previous: number | null | undefined, rank: number | null): { symbol: string; label: string; cls: string } | null {
  if (rank === null || previous === undefined) return null;
  if (previous === null) return { symbol: '•', label: 'new', cls: 'rank-new' };
  if (rank < previous) return { symbol: '▲', label: `up from ${previous}`, cls: 'rank-up' };
  if (rank > previous) return { symbol: '▼', label: `down from ${previous}`, cls: 'rank-down' };
  return null;
}

/** Each interest's rank in every version (— when absent), with arrows for what moved. */
export function interestRankTable(history: InterestHistory, actorId: string): HTMLElement {
  const sorted = [...history.interests].sort((a, b) => (a.ranks.at(-1)?.rank ?? 99) - (b.ranks.at(-1)?.rank ?? 99));
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-labelledby': 'ranks-caption', tabindex: 0 },
    h(
      'table',
      { class: 'rank-table' },
      h('caption', { id: 'ranks-caption' }, 'Rank of each key interest in every version (1 = top priority)'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Interest'),
          history.versions.map((v) => h('th', { scope: 'col', class: 'num' }, h('a', { href: `/actors/${encodeURIComponent(actorId)}?version=${v.version}` }, `v${v.version}`), h('span', { class: 'small muted block' }, formatDay(v.asOf ?? v.ingestedAt)))),
        ),
      ),
      h(
        'tbody',
        null,
        sorted.map((interest) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, interest.title),
            interest.ranks.map((r, n) => {
              const move = movement(n === 0 ? undefined : interest.ranks[n - 1]!.rank, r.rank);
              return h(
                'td',
                { class: 'num' },
                r.rank === null ? h('span', { class: 'muted', title: 'Not in this version' }, '—') : String(r.rank),
                move ? [' ', h('span', { class: `rank-move ${move.cls}`, 'aria-hidden': 'true' }, move.symbol), h('span', { class: 'visually-hidden' }, ` (${move.label})`)] : null,
              );
            }),
          ),
        ),
      ),
    ),
  );
}
