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
  BulkReview,
  BulkReviewResult,
  FactKind,
  ReviewRuleCount,
  ReviewRuleCounts,
  ScoredFact as Fact,
  ScoredFactPage as FactPage,
} from '../../model/index.js';
import { actorFilter, actorName } from './actor-filter.js';
import { navigate, type Page } from '../router.js';
import { requireEditor } from '../editor-guard.js';
import { write } from '../session.js';
import { evidenceSentence, factEditForm, factKindLabels, factKinds, factSummary, statusMarker } from '../fact-ui.js';
import { evidenceHref, plural } from '../ui.js';

const pageSize = 50;

/** Gives many facts one status, 1,000 per request (each request one transaction). */
async function bulkReview(ids: string[], status: BulkReview['status']): Promise<Fact[]> {
  const reviewed: Fact[] = [];
  for (let start = 0; start < ids.length; start += 1000) {
    reviewed.push(
      ...(await write<BulkReviewResult>('POST', '/api/facts/bulk', { ids: ids.slice(start, start + 1000), status }))
        .facts,
    );
  }
  return reviewed;
}

const shortcuts: [string, string][] = [
  ['j / ↓', 'next fact'],
  ['k / ↑', 'previous fact'],
  ['a', 'accept (confirm)'],
  ['r', 'reject'],
  ['e', 'edit'],
  ['n', 'next awaiting review'],
  ['x', 'select for a bulk decision'],
];

export const reviewPage: Page = async ({ query, signal, onCleanup }) => {
  const guard = await requireEditor('Review queue');
  if ('page' in guard) return guard.page;
  const actor = query.get('actor') ?? '';
  const type = (factKinds as string[]).includes(query.get('type') ?? '') ? (query.get('type') as FactKind) : '';
  const statuses = {
    machine: 'Awaiting review',
    confirmed: 'Confirmed',
    edited: 'Edited',
    rejected: 'Rejected',
    any: 'Any status',
  } as const;
  const statusParam = query.get('status') ?? 'machine';
  const status = (statusParam in statuses ? statusParam : 'machine') as keyof typeof statuses;
  const reviewedBy = (query.get('reviewedBy') ?? '').slice(0, 100);
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
  const detailCache = new Map<string, Promise<{ id: string; name: string }[]>>();
  const entitiesOf = (actorId: string) => {
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
  const actorsInView = [...new Set(queue.facts.map((f) => f.actor))];
  for (const list of await Promise.all(actorsInView.map(entitiesOf)))
    for (const e of list) entityNames.set(e.id, e.name);

  const tally = { confirmed: 0, rejected: 0, edited: 0 };
  const tallyLine = h('p', { class: 'review-tally', 'aria-live': 'polite' });
  const updateTally = () => {
    tallyLine.textContent =
      `This session: ${tally.confirmed} confirmed, ` + `${tally.rejected} rejected, ${tally.edited} edited.`;
  };
  updateTally();

  // --- filters ------------------------------------------------------------------------------
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

  // --- the list -----------------------------------------------------------------------------
  const items: {
    fact: Fact;
    el: HTMLLIElement;
    statusHost: HTMLElement;
    summary: HTMLElement;
    editHost: HTMLElement;
    buttons: HTMLButtonElement[];
    pick: HTMLInputElement;
  }[] = [];
  let focused = -1;
  const list = h('ol', { class: 'review-list', 'aria-label': 'Facts awaiting review' });

  const focusItem = (index: number) => {
    if (index < 0 || index >= items.length) return;
    items[focused]?.el.classList.remove('is-current');
    focused = index;
    const item = items[index]!;
    item.el.classList.add('is-current');
    item.el.focus();
    item.el.scrollIntoView({ block: 'nearest' });
  };
  const nextPending = (from: number) => {
    for (let i = from + 1; i < items.length; i++) if (items[i]!.fact.status === 'machine') return focusItem(i);
    for (let i = 0; i <= from && i < items.length; i++) if (items[i]!.fact.status === 'machine') return focusItem(i);
  };
  const setFact = (index: number, fact: Fact) => {
    const item = items[index]!;
    item.fact = fact;
    item.el.dataset.status = fact.status;
    item.statusHost.replaceChildren(statusMarker(fact.status, fact.reviewedBy));
    item.summary.textContent = factSummary(fact, nameOf);
  };
  const decide = async (index: number, decision: 'confirm' | 'reject') => {
    const item = items[index];
    if (!item || item.el.getAttribute('aria-busy') === 'true') return;
    item.el.setAttribute('aria-busy', 'true');
    try {
      const fact = await write<Fact>('POST', `/api/facts/${encodeURIComponent(item.fact.id)}/${decision}`);
      setFact(index, fact);
      tally[decision === 'confirm' ? 'confirmed' : 'rejected']++;
      updateTally();
      if (focused === index) nextPending(index);
    } catch (error) {
      item.statusHost.replaceChildren(
        h('span', { class: 'form-error', role: 'alert' }, `Failed: ${describeApiError(error)}`),
      );
    } finally {
      item.el.removeAttribute('aria-busy');
    }
  };
  const edit = async (index: number) => {
    const item = items[index];
    if (!item || item.editHost.firstChild) return;
    const entities = await entitiesOf(item.fact.actor);
    const close = () => {
      item.editHost.replaceChildren();
      focusItem(index);
    };
    const form = factEditForm(item.fact, {
      entities,
      onCancel: close,
      onSave: async (changes) => {
        const fact = await write<Fact>('PATCH', `/api/facts/${encodeURIComponent(item.fact.id)}`, changes);
        setFact(index, fact);
        tally.edited++;
        updateTally();
        close();
      },
    });
    item.editHost.replaceChildren(form);
    form.querySelector<HTMLElement>('input, select')?.focus();
  };

  // --- rule decisions and bulk decisions ------------------------------------------------------
  const bulkStatus = h('p', { class: 'review-bulk-status', 'aria-live': 'polite' });
  /**
   * Sends every fact a rule confirmed back to the queue (status machine; the reviewer is kept, so the rule is not
   * applied again).
   */
  const undoButton = ({ rule, description, confirmed }: ReviewRuleCount) => {
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
      if (
        !window.confirm(`Send the ${plural(confirmed, 'fact')} confirmed by rule (${description}) back to the queue?`)
      )
        return;
      button.disabled = true;
      void (async () => {
        try {
          const ids: string[] = [];
          for (let offset = 0; ; offset += 500) {
            const page = await getJson<FactPage>(
              withQuery('/api/review', { status: 'confirmed', reviewedBy: rule, limit: 500, offset }),
              signal,
            );
            ids.push(...page.facts.map((f) => f.id));
            if (offset + 500 >= page.total) break;
          }
          if (ids.length > 0) await bulkReview(ids, 'machine');
          navigate(withQuery('/review', { actor, type }));
        } catch (error) {
          bulkStatus.textContent = `Failed: ${describeApiError(error)}`;
          button.disabled = false;
        }
      })();
    });
    return button;
  };
  const ruleLine = rules.some((r) => r.confirmed > 0)
    ? h(
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
                'aria-current': r.rule === reviewedBy ? 'true' : undefined,
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
                    undoButton(r),
                  )
                : null,
            ),
          ),
        ),
      )
    : null;
  const selected = () => items.filter((item) => item.pick.checked);
  const decideSelected = async (decision: 'confirmed' | 'rejected') => {
    const chosen = selected();
    if (chosen.length === 0) {
      bulkStatus.textContent = 'Select facts first (x or the check boxes).';
      return;
    }
    try {
      const reviewed = new Map(
        (
          await bulkReview(
            chosen.map((item) => item.fact.id),
            decision,
          )
        ).map((fact) => [fact.id, fact]),
      );
      for (const item of chosen) {
        const fact = reviewed.get(item.fact.id);
        if (fact) setFact(items.indexOf(item), fact);
        item.pick.checked = false;
      }
      tally[decision] += reviewed.size;
      updateTally();
      bulkStatus.textContent = `${plural(reviewed.size, 'fact')} ${decision}.`;
    } catch (error) {
      bulkStatus.textContent = `Failed: ${describeApiError(error)}`;
    }
  };
  const bulkBar = h(
    'div',
    { class: 'toolbar review-bulk', role: 'group', 'aria-label': 'Decide the selected facts' },
    h(
      'button',
      { type: 'button', class: 'button-quiet', onclick: () => items.forEach((item) => (item.pick.checked = true)) },
      'Select all shown',
    ),
    h(
      'button',
      { type: 'button', class: 'button', onclick: () => void decideSelected('confirmed') },
      'Confirm selected',
    ),
    h(
      'button',
      { type: 'button', class: 'button-quiet', onclick: () => void decideSelected('rejected') },
      'Reject selected',
    ),
    bulkStatus,
  );

  queue.facts.forEach((fact, index) => {
    const pick = h('input', {
      type: 'checkbox',
      class: 'review-pick',
      'aria-label': `Select: ${factSummary(fact, nameOf)}`,
      tabindex: -1,
    });
    const confidence =
      fact.confidence === undefined
        ? null
        : h(
            'span',
            {
              class: 'small muted review-confidence',
              title: 'How certain the extraction is, from how the fact was found',
            },
            `confidence ${Math.round(fact.confidence * 100)}%`,
          );
    const statusHost = h('span', { class: 'fact-status' }, statusMarker(fact.status));
    const summary = h('span', { class: 'fact-summary' }, factSummary(fact, nameOf));
    const button = (label: string, key: string, cls: string, run: () => void) =>
      h(
        'button',
        { type: 'button', class: `button-quiet ${cls}`, 'aria-keyshortcuts': key, tabindex: -1, onclick: run },
        label,
        ' ',
        h('kbd', { 'aria-hidden': 'true' }, key),
      );
    const buttons = [
      button('Confirm', 'a', 'do-confirm', () => void decide(index, 'confirm')),
      button('Reject', 'r', 'do-reject', () => void decide(index, 'reject')),
      button('Edit', 'e', 'do-edit', () => void edit(index)),
    ];
    const editHost = h('div', { class: 'fact-edit' });
    const el = h(
      'li',
      {
        class: 'review-item',
        tabindex: -1,
        'data-fact': fact.id,
        'data-kind': fact.kind,
        'data-status': fact.status,
        'aria-label': `${factKindLabels[fact.kind]}: ${factSummary(fact, nameOf)}`,
      },
      h(
        'div',
        { class: 'review-head' },
        pick,
        h('span', { class: 'badge badge-event' }, factKindLabels[fact.kind]),
        summary,
        confidence,
        statusHost,
      ),
      evidenceSentence(fact),
      h(
        'div',
        { class: 'review-foot' },
        h(
          'a',
          {
            class: 'small',
            href: evidenceHref({ actor: fact.actor, version: fact.version, start: fact.sentence?.start ?? fact.start }),
            tabindex: -1,
          },
          `${actorNames.get(fact.actor) ?? fact.actor}, version ${fact.version}`,
        ),
        h('span', { class: 'review-buttons' }, buttons),
      ),
      editHost,
    );
    el.addEventListener('focusin', () => {
      if (focused !== index) {
        items[focused]?.el.classList.remove('is-current');
        focused = index;
        el.classList.add('is-current');
      }
      [pick, ...buttons].forEach((b) => (b.tabIndex = 0));
    });
    el.addEventListener('focusout', (e) => {
      if (!el.contains(e.relatedTarget as Node | null)) [pick, ...buttons].forEach((b) => (b.tabIndex = -1));
    });
    items.push({ fact, el, statusHost, summary, editHost, buttons, pick });
    list.append(el);
  });
  if (items[0]) items[0].el.tabIndex = 0;

  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, select, textarea, [contenteditable="true"], form.fact-edit-form')) return;
    if (items.length === 0) return;
    const at = focused < 0 ? 0 : focused;
    const act: Record<string, () => void> = {
      j: () => focusItem(focused < 0 ? 0 : Math.min(items.length - 1, at + 1)),
      ArrowDown: () => focusItem(focused < 0 ? 0 : Math.min(items.length - 1, at + 1)),
      k: () => focusItem(Math.max(0, at - 1)),
      ArrowUp: () => focusItem(Math.max(0, at - 1)),
      a: () => void decide(at, 'confirm'),
      r: () => void decide(at, 'reject'),
      e: () => void edit(at),
      n: () => nextPending(at),
      x: () => {
        const item = items[at];
        if (item) item.pick.checked = !item.pick.checked;
      },
    };
    const run = act[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const more =
    queue.total > queue.facts.length
      ? h(
          'p',
          { class: 'muted' },
          `Showing the first ${queue.facts.length} of ${queue.total}. Decide these, then reload the queue for more.`,
        )
      : null;
  const legend = h(
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
  const filterLabel = [
    actor ? (actorNames.get(actor) ?? actor) : null,
    type ? factKindLabels[type].toLowerCase() + 's' : null,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    title: 'Review queue',
    node: h(
      'div',
      { class: 'page review-page' },
      h(
        'header',
        { class: 'page-header' },
        h('h1', null, 'Review queue'),
        h(
          'p',
          { class: 'lede review-count' },
          `${plural(queue.total, 'fact')} ` +
            (status === 'machine' ? 'awaiting review' : status === 'any' ? 'in all' : statuses[status].toLowerCase()) +
            `${filterLabel ? ` (${filterLabel})` : ''}.`,
        ),
      ),
      filters,
      ruleLine,
      items.length ? bulkBar : null,
      h(
        'div',
        { class: 'review-layout' },
        h(
          'div',
          null,
          items.length
            ? list
            : h(
                'p',
                { class: 'empty' },
                status === 'machine' ? 'Nothing awaits review here. ' : 'No facts match. ',
                h('a', { href: '/upload' }, 'Add a profile'),
                ' or choose another filter.',
              ),
          more,
        ),
        legend,
      ),
    ),
    mounted: () => {
      if (!items[0]) return;
      focused = 0;
      items[0].el.classList.add('is-current');
    },
  };
};
