// Review queue (editors): the machine's facts awaiting review, filtered by actor and type, each
// with its evidence sentence (the fact's words highlighted). Driven by keyboard: j/k or the
// arrows move, a confirms, r rejects, e edits, n skips to the next awaiting fact; buttons too.
// Facts come lowest confidence first; facts the review rules confirmed are counted per rule (GET
// /api/review/rules), listed and undone in bulk, and a selection (x toggles) is confirmed or
// rejected in one request (POST /api/facts/bulk).
import { getJson, withQuery, describeApiError } from '../api.js';
import { h } from '../dom.js';
import type {
  ActorDetail,
  FactKind,
  ReviewRuleCount,
  ReviewRuleCounts,
  ScoredFactPage as FactPage,
} from '../../model/index.js';
import { actorFilter, actorName } from './actor-filter.js';
import { navigate, type Page } from '../router.js';
import { requireEditor } from '../editor-guard.js';
import { factKindLabels, factKinds } from '../fact-ui.js';
import { plural } from '../ui.js';
import { bulkReview, ReviewQueue } from './review-queue-list.js';

const pageSize = 50;

const shortcuts: [string, string][] = [
  ['j / ↓', 'next fact'],
  ['k / ↑', 'previous fact'],
  ['a', 'accept (confirm)'],
  ['r', 'reject'],
  ['e', 'edit'],
  ['n', 'next awaiting review'],
  ['x', 'select for a bulk decision'],
];

const statuses = {
  machine: 'Awaiting review',
  confirmed: 'Confirmed',
  edited: 'Edited',
  rejected: 'Rejected',
  any: 'Any status',
} as const;

/** The queue's filters, from the URL. */
interface ReviewFilter {
  actor: string;
  type: FactKind | '';
  status: keyof typeof statuses;
  reviewedBy: string;
}

function reviewFilter(query: URLSearchParams): ReviewFilter {
  const actor = query.get('actor') ?? '';
  const type = (factKinds as string[]).includes(query.get('type') ?? '') ? (query.get('type') as FactKind) : '';
  const statusParam = query.get('status') ?? 'machine';
  const status = (statusParam in statuses ? statusParam : 'machine') as keyof typeof statuses;
  const reviewedBy = (query.get('reviewedBy') ?? '').slice(0, 100);
  return { actor, type, status, reviewedBy };
}

/** Entity names and suggestions of an actor, from its details (one request each, cached). */
function entityLookup(signal: AbortSignal): (actorId: string) => Promise<{ id: string; name: string }[]> {
  const detailCache = new Map<string, Promise<{ id: string; name: string }[]>>();
  return (actorId: string) => {
    let found = detailCache.get(actorId);
    if (!found) {
      found = getJson<ActorDetail>(`/api/actors/${encodeURIComponent(actorId)}`, signal).then(
        (d) => d.extraction.entities.map((e) => ({ id: e.id, name: e.name })),
        () => [],
      );
      detailCache.set(actorId, found);
    }
    return found;
  };
}

/** The filter form: actor, type (with the count of each) and status; a change applies it. */
function reviewFilters(filter: ReviewFilter, currentActorName: string, perKind: number[]): HTMLFormElement {
  const { actor, type, status, reviewedBy } = filter;
  const actorField = actorFilter({
    id: 'review-actor',
    current: actor,
    currentName: currentActorName,
    onChoose: () => filters.requestSubmit(),
  });
  const typeSelect = h(
    'select',
    { id: 'review-type', name: 'type' },
    h('option', { value: '' }, 'All types'),
    factKinds.map((k, n) =>
      h('option', { value: k, selected: k === type }, `${factKindLabels[k]} (${perKind[n] ?? 0})`),
    ),
  );
  const statusSelect = h(
    'select',
    { id: 'review-status', name: 'status' },
    Object.entries(statuses).map(([value, label]) => h('option', { value, selected: value === status }, label)),
  );
  const filters = h(
    'form',
    {
      class: 'toolbar',
      role: 'search',
      'aria-label': 'Filter the queue',
      onsubmit: (e) => {
        e.preventDefault();
        navigate(
          withQuery('/review', {
            actor: actorField.value(),
            type: typeSelect.value,
            status: statusSelect.value === 'machine' ? '' : statusSelect.value,
            reviewedBy,
          }),
        );
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'review-actor' }, 'Actor'), actorField.input, actorField.datalist),
    h('div', { class: 'field' }, h('label', { for: 'review-type' }, 'Type'), typeSelect),
    h('div', { class: 'field' }, h('label', { for: 'review-status' }, 'Status'), statusSelect),
    h('button', { type: 'submit', class: 'button' }, 'Filter'),
  );
  for (const control of [typeSelect, statusSelect]) control.addEventListener('change', () => filters.requestSubmit());
  return filters;
}

/** The ids of every fact a rule confirmed, 500 a request. */
async function confirmedBy(rule: string, signal: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await getJson<FactPage>(
      withQuery('/api/review', { status: 'confirmed', reviewedBy: rule, limit: 500, offset }),
      signal,
    );
    ids.push(...page.facts.map((f) => f.id));
    if (offset + 500 >= page.total) break;
  }
  return ids;
}

/**
 * Sends every fact a rule confirmed back to the queue (status machine; the reviewer is kept, so the rule is not
 * applied again).
 */
function undoButton(
  { rule, description, confirmed }: ReviewRuleCount,
  filter: ReviewFilter,
  bulkStatus: HTMLElement,
  signal: AbortSignal,
): HTMLButtonElement {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button-quiet',
      'aria-label':
        `Undo: send the ${plural(confirmed, 'fact')} confirmed by ` + `the rule “${description}” back to the queue`,
    },
    'undo',
  );
  button.addEventListener('click', () => {
    if (!window.confirm(`Send the ${plural(confirmed, 'fact')} confirmed by rule (${description}) back to the queue?`))
      return;
    button.disabled = true;
    void (async () => {
      try {
        const ids = await confirmedBy(rule, signal);
        if (ids.length > 0) await bulkReview(ids, 'machine');
        navigate(withQuery('/review', { actor: filter.actor, type: filter.type }));
      } catch (error) {
        bulkStatus.textContent = `Failed: ${describeApiError(error)}`;
        button.disabled = false;
      }
    })();
  });
  return button;
}

/** The facts the review rules confirmed, per rule: a link that lists them and a button that undoes them. */
function ruleSection(
  rules: ReviewRuleCount[],
  filter: ReviewFilter,
  bulkStatus: HTMLElement,
  signal: AbortSignal,
): HTMLElement | null {
  if (!rules.some((r) => r.confirmed > 0)) return null;
  return h(
    'section',
    { class: 'review-rules', 'aria-labelledby': 'review-rules-h' },
    h(
      'h2',
      { id: 'review-rules-h', class: 'small', style: 'margin: 0 0 0.25rem; font-size: 1rem;' },
      'Confirmed by rule',
    ),
    h(
      'ul',
      { style: 'list-style: none; padding: 0; margin: 0 0 1rem;' },
      rules.map((r) =>
        h(
          'li',
          {
            class: 'review-rule',
            'data-rule': r.rule,
            'aria-current': r.rule === filter.reviewedBy ? 'true' : undefined,
            style:
              'display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.6rem; margin: 0.2rem 0; ' +
              'overflow-wrap: anywhere;',
          },
          h('span', null, h('strong', null, plural(r.confirmed, 'fact')), ` — ${r.description}`),
          r.confirmed > 0
            ? h(
                'span',
                { style: 'display: inline-flex; gap: 0.5rem; align-items: baseline;' },
                h(
                  'a',
                  { href: withQuery('/review', { status: 'confirmed', reviewedBy: r.rule }), title: r.rule },
                  'list',
                ),
                undoButton(r, filter, bulkStatus, signal),
              )
            : null,
        ),
      ),
    ),
  );
}

/** The keyboard shortcuts, and the session's tally under them. */
function shortcutLegend(tallyLine: HTMLElement): HTMLElement {
  return h(
    'aside',
    { class: 'panel shortcut-legend', 'aria-labelledby': 'keys-h' },
    h('h2', { id: 'keys-h' }, 'Keyboard'),
    h(
      'dl',
      { class: 'keys' },
      shortcuts.map(([key, what]) => [h('dt', null, h('kbd', null, key)), h('dd', null, what)]),
    ),
    tallyLine,
  );
}

/** "12 facts awaiting review (Kazakhstan, relations)." */
function queueCount(total: number, filter: ReviewFilter, actorNames: Map<string, string>): string {
  const { actor, type, status } = filter;
  const filterLabel = [
    actor ? (actorNames.get(actor) ?? actor) : null,
    type ? factKindLabels[type].toLowerCase() + 's' : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    `${plural(total, 'fact')} ` +
    (status === 'machine' ? 'awaiting review' : status === 'any' ? 'in all' : statuses[status].toLowerCase()) +
    `${filterLabel ? ` (${filterLabel})` : ''}.`
  );
}

/** The page: its count, the filters, the rules' decisions, the bulk bar, the list (or why it is empty) and the keys. */
function reviewLayout(
  queue: FactPage,
  view: ReviewQueue,
  parts: { count: string; filters: HTMLElement; ruleLine: HTMLElement | null; status: ReviewFilter['status'] },
): HTMLElement {
  const { items } = view;
  const more =
    queue.total > queue.facts.length
      ? h(
          'p',
          { class: 'muted' },
          `Showing the first ${queue.facts.length} of ${queue.total}. Decide these, then reload the queue for more.`,
        )
      : null;
  return h(
    'div',
    { class: 'page review-page' },
    h(
      'header',
      { class: 'page-header' },
      h('h1', null, 'Review queue'),
      h('p', { class: 'lede review-count' }, parts.count),
    ),
    parts.filters,
    parts.ruleLine,
    items.length ? view.bulkBar() : null,
    h(
      'div',
      { class: 'review-layout' },
      h(
        'div',
        null,
        items.length
          ? view.list
          : h(
              'p',
              { class: 'empty' },
              parts.status === 'machine' ? 'Nothing awaits review here. ' : 'No facts match. ',
              h('a', { href: '/upload' }, 'Add a profile'),
              ' or choose another filter.',
            ),
        more,
      ),
      shortcutLegend(view.tallyLine),
    ),
  );
}

export const reviewPage: Page = async ({ query, signal, onCleanup }) => {
  const guard = await requireEditor('Review queue');
  if ('page' in guard) return guard.page;
  const filter = reviewFilter(query);
  const { actor, type, status, reviewedBy } = filter;
  const [currentActorName, queue, rules, ...perKind] = await Promise.all([
    actorName(actor, signal),
    getJson<FactPage>(withQuery('/api/review', { actor, type, status, reviewedBy, limit: pageSize }), signal),
    getJson<ReviewRuleCounts>('/api/review/rules', signal).then((r) => r.rules),
    ...factKinds.map((kind) =>
      getJson<FactPage>(withQuery('/api/review', { actor, type: kind, status, limit: 1 }), signal).then((p) => p.total),
    ),
  ]);
  const actorNames = new Map(actor ? [[actor, currentActorName]] : []);
  const entityNames = new Map<string, string>();
  const nameOf = (entityId: string) => entityNames.get(entityId) ?? actorNames.get(entityId) ?? entityId;
  // Entity names and suggestions of the actors in view, from their details (one request each, cached).
  const entitiesOf = entityLookup(signal);
  const actorsInView = [...new Set(queue.facts.map((f) => f.actor))];
  for (const list of await Promise.all(actorsInView.map(entitiesOf)))
    for (const e of list) entityNames.set(e.id, e.name);

  const view = new ReviewQueue(queue.facts, { nameOf, actorNames, entitiesOf });
  const filters = reviewFilters(filter, currentActorName, perKind);
  const ruleLine = ruleSection(rules, filter, view.bulkStatus, signal);
  document.addEventListener('keydown', view.onKey);
  onCleanup(() => document.removeEventListener('keydown', view.onKey));
  return {
    title: 'Review queue',
    node: reviewLayout(queue, view, { count: queueCount(queue.total, filter, actorNames), filters, ruleLine, status }),
    mounted: () => view.mounted(),
  };
};
