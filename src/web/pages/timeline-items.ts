// The timeline's list: an item per event or dated statement (its headline from the phrase table, its
// evidence behind a toggle), grouped by year ("Undated" last), a long year folded behind "Show N more".
import { h } from '../dom.js';
import type { TimelineItem } from '../../model/index.js';
import { eventHeadline } from '../phrases.js';
import { evidenceQuote, formatEdtf } from '../ui.js';

export const typeNames: Record<string, string> = {
  visit: 'Visit',
  delegation: 'Delegation',
  meeting: 'Meeting',
  aid: 'Aid',
  statement: 'Statement',
  agreement: 'Agreement',
  exercise: 'Exercise',
  attack: 'Attack',
};

/**
 * Items a year shows before its "Show N more" button, so that a long list stays near a screenful a few years long
 * (three a year, two on a phone) and a short one (one actor's) shows six a year.
 */
export const itemsPerYear = (listLength: number): number =>
  listLength <= 30 ? 6 : window.matchMedia('(max-width: 40rem)').matches ? 2 : 3;
const undated = 'Undated';

export function headline(item: TimelineItem): string {
  if (item.kind === 'statement') {
    const text = item.evidence.text;
    return text.length > 110 ? `${text.slice(0, 107).replace(/\s+\S*$/, '')}…` : text;
  }
  return eventHeadline({
    type: item.type,
    parties: item.participants.map((p) => p.name),
    place: item.place?.name ?? null,
  });
}

export const itemId = (item: TimelineItem): string => `tl-${item.id.replace(/[^\w-]/g, '-')}`;

/** An item: its type, actor and (a source's) publisher, a toggle with its date and headline, and its evidence. */
function renderItem(item: TimelineItem): HTMLElement {
  const panelId = `ev-${item.id.replace(/[^\w-]/g, '-')}`;
  const panel = h(
    'div',
    { id: panelId, class: 'tl-evidence', hidden: true },
    evidenceQuote(item.evidence, undefined, item.actorName),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'tl-toggle',
      'aria-expanded': 'false',
      'aria-controls': panelId,
      onclick: () => {
        const open = panel.hidden;
        panel.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
      },
    },
    h('span', { class: 'tl-date' }, formatEdtf(item.date)),
    h('span', { class: 'tl-headline' }, headline(item)),
  );
  return h(
    'li',
    { class: `tl-item tl-${item.kind}`, id: itemId(item) },
    h(
      'div',
      { class: 'tl-meta' },
      h(
        'span',
        { class: `badge badge-${item.kind === 'event' ? 'event' : 'statement'}` },
        // An event of the statement type is a "Statement"; a dated sentence that is no event, a "Dated statement"
        // (the summary counts the two apart).
        item.kind === 'statement' ? 'Dated statement' : (typeNames[item.type] ?? item.type),
      ),
      h('a', { href: `/actors/${encodeURIComponent(item.actor)}`, class: 'small' }, item.actorName),
      item.documentKind === 'source'
        ? [
            ' ',
            h('span', { class: 'kind-badge' }, 'Source'),
            item.publisher ? h('span', { class: 'muted small' }, ` ${item.publisher}`) : null,
          ]
        : null,
    ),
    toggle,
    panel,
  );
}

/** A year's items, folded to the first `shownPerYear` behind a "Show N more" button unless opened already. */
export function renderYear(
  year: string,
  group: TimelineItem[],
  shownPerYear: number,
  expanded: Set<string>,
): HTMLElement {
  const rows = group.map(renderItem);
  const ol = h('ol', { class: 'tl-items' }, rows);
  let more: HTMLElement | null = null;
  if (group.length > shownPerYear + 1 && !expanded.has(year)) {
    // never "Show 1 more"
    for (const row of rows.slice(shownPerYear)) row.hidden = true;
    const hiddenCount = group.length - shownPerYear;
    more = h(
      'button',
      {
        type: 'button',
        class: 'button tl-more',
        'aria-label': `Show ${hiddenCount} more in ${year}`,
        onclick: () => {
          showAll(year, ol, more, expanded);
          rows[shownPerYear]?.querySelector<HTMLElement>('.tl-toggle')?.focus();
        },
      },
      `Show ${hiddenCount} more`,
    );
  }
  const labelId = `y-${year}`;
  return h(
    'section',
    { class: 'tl-year', 'aria-labelledby': labelId, 'data-year': year },
    h('h2', { id: labelId, class: 'tl-year-label' }, year),
    ol,
    more,
  );
}

/** Shows every item of a folded year (and remembers it is open). */
export function showAll(year: string, ol: HTMLElement, more: HTMLElement | null, expanded: Set<string>): void {
  expanded.add(year);
  for (const row of ol.children) (row as HTMLElement).hidden = false;
  more?.remove();
}

/** Scrolls to an item's row (opening its year when it is folded away) and focuses it. */
export function reveal(list: HTMLElement, item: TimelineItem, expanded: Set<string>): void {
  const row = list.querySelector<HTMLElement>(`#${CSS.escape(itemId(item))}`);
  if (!row) return;
  if (row.hidden) {
    const section = row.closest('section')!;
    showAll(section.dataset.year ?? '', section.querySelector('ol')!, section.querySelector('.tl-more'), expanded);
  }
  row.scrollIntoView({ block: 'center' });
  row.querySelector<HTMLElement>('.tl-toggle')?.focus({ preventScroll: true });
}

/** Items grouped by the year they start in, the years in order and "Undated" last. */
export function groupByYear(items: TimelineItem[]): [string, TimelineItem[]][] {
  const groups = new Map<string, TimelineItem[]>();
  for (const item of items) {
    const key = item.earliest?.slice(0, 4) ?? undated;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups].sort(([a], [b]) => (a === undated ? 1 : b === undated ? -1 : a < b ? -1 : a > b ? 1 : 0));
}
