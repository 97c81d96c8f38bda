// The review queue's list (editors): an item per fact with its evidence sentence and its buttons, the
// current item moved by the keyboard (j/k or the arrows, n to the next awaiting fact), a confirms, r rejects,
// e edits, x selects; the selection is confirmed or rejected in bulk (POST /api/facts/bulk), and the session's
// decisions are tallied.
import { describeApiError } from '../api.js';
import { h } from '../dom.js';
import type { BulkReview, BulkReviewResult, ScoredFact as Fact } from '../../model/index.js';
import { write } from '../session.js';
import { evidenceSentence, factEditForm, factKindLabels, factSummary, statusMarker } from '../fact-ui.js';
import { evidenceHref, plural } from '../ui.js';

/** Gives many facts one status, 1,000 per request (each request one transaction). */
export async function bulkReview(ids: string[], status: BulkReview['status']): Promise<Fact[]> {
  const reviewed: Fact[] = [];
  for (let start = 0; start < ids.length; start += 1000) {
    reviewed.push(
      ...(await write<BulkReviewResult>('POST', '/api/facts/bulk', { ids: ids.slice(start, start + 1000), status }))
        .facts,
    );
  }
  return reviewed;
}

/** A fact in the list and the parts of its item that change. */
interface QueueItem {
  fact: Fact;
  el: HTMLLIElement;
  statusHost: HTMLElement;
  summary: HTMLElement;
  editHost: HTMLElement;
  buttons: HTMLButtonElement[];
  pick: HTMLInputElement;
}

/** What the list reads besides the facts: names of entities and actors, and an actor's entities for the edit form. */
export interface QueueNames {
  nameOf: (entityId: string) => string;
  actorNames: Map<string, string>;
  entitiesOf: (actorId: string) => Promise<{ id: string; name: string }[]>;
}

/** How sure the extraction is of a fact, when it says. */
function confidenceBadge(fact: Fact): HTMLElement | null {
  return fact.confidence === undefined
    ? null
    : h(
        'span',
        {
          class: 'small muted review-confidence',
          title: 'How certain the extraction is, from how the fact was found',
        },
        `confidence ${Math.round(fact.confidence * 100)}%`,
      );
}

/** A decision button with its key, out of the tab order until its item has the focus. */
function decisionButton(label: string, key: string, cls: string, run: () => void): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: `button-quiet ${cls}`, 'aria-keyshortcuts': key, tabindex: -1, onclick: run },
    label,
    ' ',
    h('kbd', { 'aria-hidden': 'true' }, key),
  );
}

export class ReviewQueue {
  readonly items: QueueItem[] = [];
  /** The index of the current item (-1: none yet). */
  focused = -1;
  readonly list = h('ol', { class: 'review-list', 'aria-label': 'Facts awaiting review' });
  readonly tally = { confirmed: 0, rejected: 0, edited: 0 };
  readonly tallyLine = h('p', { class: 'review-tally', 'aria-live': 'polite' });
  readonly bulkStatus = h('p', { class: 'review-bulk-status', 'aria-live': 'polite' });

  constructor(
    facts: Fact[],
    private readonly names: QueueNames,
  ) {
    this.updateTally();
    facts.forEach((fact, index) => this.addItem(fact, index));
    if (this.items[0]) this.items[0].el.tabIndex = 0;
  }

  updateTally(): void {
    const { tally } = this;
    this.tallyLine.textContent =
      `This session: ${tally.confirmed} confirmed, ` + `${tally.rejected} rejected, ${tally.edited} edited.`;
  }

  focusItem(index: number): void {
    const { items } = this;
    if (index < 0 || index >= items.length) return;
    items[this.focused]?.el.classList.remove('is-current');
    this.focused = index;
    const item = items[index]!;
    item.el.classList.add('is-current');
    item.el.focus();
    item.el.scrollIntoView({ block: 'nearest' });
  }

  /** Focuses the next fact awaiting review after `from`, wrapping around. */
  nextPending(from: number): void {
    const { items } = this;
    for (let i = from + 1; i < items.length; i++) if (items[i]!.fact.status === 'machine') return this.focusItem(i);
    for (let i = 0; i <= from && i < items.length; i++)
      if (items[i]!.fact.status === 'machine') return this.focusItem(i);
  }

  setFact(index: number, fact: Fact): void {
    const item = this.items[index]!;
    item.fact = fact;
    item.el.dataset.status = fact.status;
    item.statusHost.replaceChildren(statusMarker(fact.status, fact.reviewedBy));
    item.summary.textContent = factSummary(fact, this.names.nameOf);
  }

  async decide(index: number, decision: 'confirm' | 'reject'): Promise<void> {
    const item = this.items[index];
    if (!item || item.el.getAttribute('aria-busy') === 'true') return;
    item.el.setAttribute('aria-busy', 'true');
    try {
      const fact = await write<Fact>('POST', `/api/facts/${encodeURIComponent(item.fact.id)}/${decision}`);
      this.setFact(index, fact);
      this.tally[decision === 'confirm' ? 'confirmed' : 'rejected']++;
      this.updateTally();
      if (this.focused === index) this.nextPending(index);
    } catch (error) {
      item.statusHost.replaceChildren(
        h('span', { class: 'form-error', role: 'alert' }, `Failed: ${describeApiError(error)}`),
      );
    } finally {
      item.el.removeAttribute('aria-busy');
    }
  }

  async edit(index: number): Promise<void> {
    const item = this.items[index];
    if (!item || item.editHost.firstChild) return;
    const entities = await this.names.entitiesOf(item.fact.actor);
    const close = () => {
      item.editHost.replaceChildren();
      this.focusItem(index);
    };
    const form = factEditForm(item.fact, {
      entities,
      onCancel: close,
      onSave: async (changes) => {
        const fact = await write<Fact>('PATCH', `/api/facts/${encodeURIComponent(item.fact.id)}`, changes);
        this.setFact(index, fact);
        this.tally.edited++;
        this.updateTally();
        close();
      },
    });
    item.editHost.replaceChildren(form);
    form.querySelector<HTMLElement>('input, select')?.focus();
  }

  async decideSelected(decision: 'confirmed' | 'rejected'): Promise<void> {
    const chosen = this.items.filter((item) => item.pick.checked);
    if (chosen.length === 0) {
      this.bulkStatus.textContent = 'Select facts first (x or the check boxes).';
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
        if (fact) this.setFact(this.items.indexOf(item), fact);
        item.pick.checked = false;
      }
      this.tally[decision] += reviewed.size;
      this.updateTally();
      this.bulkStatus.textContent = `${plural(reviewed.size, 'fact')} ${decision}.`;
    } catch (error) {
      this.bulkStatus.textContent = `Failed: ${describeApiError(error)}`;
    }
  }

  /** Select all, confirm or reject the selection, and what the last bulk decision did. */
  bulkBar(): HTMLElement {
    return h(
      'div',
      { class: 'toolbar review-bulk', role: 'group', 'aria-label': 'Decide the selected facts' },
      h(
        'button',
        {
          type: 'button',
          class: 'button-quiet',
          onclick: () => this.items.forEach((item) => (item.pick.checked = true)),
        },
        'Select all shown',
      ),
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => void this.decideSelected('confirmed') },
        'Confirm selected',
      ),
      h(
        'button',
        { type: 'button', class: 'button-quiet', onclick: () => void this.decideSelected('rejected') },
        'Reject selected',
      ),
      this.bulkStatus,
    );
  }

  /** A fact's item: its kind, summary, confidence and status, its evidence sentence, its document and buttons. */
  private addItem(fact: Fact, index: number): void {
    const { nameOf, actorNames } = this.names;
    const pick = h('input', {
      type: 'checkbox',
      class: 'review-pick',
      'aria-label': `Select: ${factSummary(fact, nameOf)}`,
      tabindex: -1,
    });
    const statusHost = h('span', { class: 'fact-status' }, statusMarker(fact.status));
    const summary = h('span', { class: 'fact-summary' }, factSummary(fact, nameOf));
    const buttons = [
      decisionButton('Confirm', 'a', 'do-confirm', () => void this.decide(index, 'confirm')),
      decisionButton('Reject', 'r', 'do-reject', () => void this.decide(index, 'reject')),
      decisionButton('Edit', 'e', 'do-edit', () => void this.edit(index)),
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
        confidenceBadge(fact),
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
    this.trackFocus(el, index, [pick, ...buttons]);
    this.items.push({ fact, el, statusHost, summary, editHost, buttons, pick });
    this.list.append(el);
  }

  /** An item with the focus is the current one, and its controls join the tab order until the focus leaves it. */
  private trackFocus(el: HTMLLIElement, index: number, controls: HTMLElement[]): void {
    el.addEventListener('focusin', () => {
      if (this.focused !== index) {
        this.items[this.focused]?.el.classList.remove('is-current');
        this.focused = index;
        el.classList.add('is-current');
      }
      controls.forEach((b) => (b.tabIndex = 0));
    });
    el.addEventListener('focusout', (e) => {
      if (!el.contains(e.relatedTarget as Node | null)) controls.forEach((b) => (b.tabIndex = -1));
    });
  }

  /** The shortcuts (on the document; not while typing in a field or the edit form). */
  readonly onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, select, textarea, [contenteditable="true"], form.fact-edit-form')) return;
    const { items, focused } = this;
    if (items.length === 0) return;
    const at = focused < 0 ? 0 : focused;
    const act: Record<string, () => void> = {
      j: () => this.focusItem(focused < 0 ? 0 : Math.min(items.length - 1, at + 1)),
      ArrowDown: () => this.focusItem(focused < 0 ? 0 : Math.min(items.length - 1, at + 1)),
      k: () => this.focusItem(Math.max(0, at - 1)),
      ArrowUp: () => this.focusItem(Math.max(0, at - 1)),
      a: () => void this.decide(at, 'confirm'),
      r: () => void this.decide(at, 'reject'),
      e: () => void this.edit(at),
      n: () => this.nextPending(at),
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

  /** Once shown, the first item is the current one. */
  mounted(): void {
    if (!this.items[0]) return;
    this.focused = 0;
    this.items[0].el.classList.add('is-current');
  }
}
