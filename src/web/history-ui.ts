// History views shared by the actor page, its changes page and the audit log: the diff between two
// versions built as <ins>/<del> elements holding text nodes (never HTML), with long unchanged
// stretches folded; each interest's rank over the versions as a table with movement arrows; and a
// record's change field by field (before → after per field that changed, not raw JSON).
import type { InterestHistory, VersionDiff } from '../model/index.js';
import { h } from './dom.js';
import { formatDay } from './ui.js';

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
      nodes.push(
        document.createTextNode(head),
        h('span', { class: 'diff-fold' }, ` … ${hidden.toLocaleString('en')} unchanged characters … `),
        document.createTextNode(tail),
      );
    }
  });
  return nodes;
}

/** Rank movement from the previous version: up (a higher priority), down, new, or none. */
function movement(
  previous: number | null | undefined,
  rank: number | null,
): { symbol: string; label: string; cls: string } | null {
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
          history.versions.map((v) =>
            h(
              'th',
              { scope: 'col', class: 'num' },
              h('a', { href: `/actors/${encodeURIComponent(actorId)}?version=${v.version}` }, `v${v.version}`),
              h('span', { class: 'small muted block' }, formatDay(v.asOf ?? v.ingestedAt)),
            ),
          ),
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
                move
                  ? [
                      ' ',
                      h('span', { class: `rank-move ${move.cls}`, 'aria-hidden': 'true' }, move.symbol),
                      h('span', { class: 'visually-hidden' }, ` (${move.label})`),
                    ]
                  : null,
              );
            }),
          ),
        ),
      ),
    ),
  );
}

/** One field of a record before and after a write; `undefined` where the field is absent. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  change: 'added' | 'removed' | 'changed';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields a write changed, in the order they first appear (before, then after); unchanged fields
 * are counted, not listed. A value that is not an object (a string, a list, null) is one field, "value".
 */
export function fieldChanges(before: unknown, after: unknown): { changes: FieldChange[]; unchanged: number } {
  const empty = (value: unknown) => value === null || value === undefined;
  if (!(isRecord(before) || empty(before)) || !(isRecord(after) || empty(after)) || (empty(before) && empty(after))) {
    if (sameValue(before, after)) return { changes: [], unchanged: 1 };
    return {
      changes: [
        { field: 'value', before, after, change: empty(before) ? 'added' : empty(after) ? 'removed' : 'changed' },
      ],
      unchanged: 0,
    };
  }
  const from = isRecord(before) ? before : {};
  const to = isRecord(after) ? after : {};
  const changes: FieldChange[] = [];
  let unchanged = 0;
  for (const field of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const had = field in from && from[field] !== undefined;
    const has = field in to && to[field] !== undefined;
    if (had && has && sameValue(from[field], to[field])) unchanged += 1;
    else
      changes.push({
        field,
        before: from[field],
        after: to[field],
        change: !had ? 'added' : !has ? 'removed' : 'changed',
      });
  }
  return { changes, unchanged };
}

/** A field's value as short readable text: strings as they are, lists joined, objects as compact JSON. */
export function fieldValueText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.length ? value.map(String).join(', ') : 'none';
  return JSON.stringify(value);
}

/** A field label from its key: "targetType" → "target type", "valid_from" → "valid from". */
const fieldLabel = (field: string) =>
  field.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);

/** The change as a list, one item per changed field: its name, the value before (struck) → the value after. */
export function fieldDiffView(before: unknown, after: unknown): HTMLElement {
  const { changes, unchanged } = fieldChanges(before, after);
  const value = (text: string, tag: 'del' | 'ins', label: string) =>
    text === ''
      ? null
      : h(
          tag,
          { class: `field-value field-${tag === 'del' ? 'before' : 'after'}` },
          h('span', { class: 'visually-hidden' }, `${label}: `),
          text.length > 240 ? `${text.slice(0, 240)}…` : text,
        );
  return h(
    'div',
    { class: 'field-diff' },
    changes.length
      ? h(
          'ul',
          { class: 'field-diff-list' },
          changes.map((c) =>
            h(
              'li',
              { class: `field-diff-item is-${c.change}` },
              h('span', { class: 'field-name' }, fieldLabel(c.field)),
              ' ',
              c.change === 'added'
                ? h('span', { class: 'field-note' }, 'set ')
                : c.change === 'removed'
                  ? h('span', { class: 'field-note' }, 'cleared ')
                  : null,
              value(fieldValueText(c.before), 'del', 'before'),
              c.change === 'changed' ? h('span', { class: 'field-arrow', 'aria-hidden': 'true' }, ' → ') : null,
              value(fieldValueText(c.after), 'ins', 'after'),
            ),
          ),
        )
      : h('p', { class: 'muted small field-diff-none' }, 'No field changed.'),
    unchanged && changes.length
      ? h(
          'p',
          { class: 'muted small field-diff-same' },
          `${unchanged} other ${unchanged === 1 ? 'field' : 'fields'} unchanged`,
        )
      : null,
  );
}
