// Timeline page: events and dated statements on a vertical time axis grouped by year ("Undated"
// last), with an overview strip; filter by actor and type, and by a date range (from/to inputs and
// a brush on the overview whose handles are sliders: arrow keys move them a year) — all kept in
// the URL. The overview draws the number of items per year (GET /api/events/years) and a dot per
// item loaded; the list loads the selected range a page at a time (GET /api/events with its `next`
// cursor, a "Load more" button), so a large collection opens as fast as a small one. Each overview
// dot scrolls to and focuses its item; a year with more than a screenful of items shows the first
// ones and a "Show N more" button. Event headlines come from the phrase table ("Tajikistan and the
// CSTO held exercises near …"); each item opens its evidence.
import { getJson, withQuery } from '../api.js';
import { h, svg } from '../dom.js';
import { downloadMenu } from '../download-menu.js';
import type { TimelineItem, TimelinePageView, TimelineYearsView } from '../../model/index.js';
import { actorFilter, actorName } from './actor-filter.js';
import { eventHeadline, loadPhrases } from '../phrases.js';
import { navigate, type Page } from '../router.js';
import { evidenceQuote, formatEdtf, pageHeader, plural } from '../ui.js';

const typeNames: Record<string, string> = {
  visit: 'Visit',
  delegation: 'Delegation',
  meeting: 'Meeting',
  aid: 'Aid',
  statement: 'Dated statement',
  agreement: 'Agreement',
  exercise: 'Exercise',
  attack: 'Attack',
};

/**
 * Items a year shows before its "Show N more" button, so that a long list stays near a screenful a few years long
 * (three a year, two on a phone) and a short one (one actor's) shows six a year.
 */
const itemsPerYear = (listLength: number): number =>
  listLength <= 30 ? 6 : window.matchMedia('(max-width: 40rem)').matches ? 2 : 3;
const undated = 'Undated';
/** A from/to value the API takes: a year, a year-month or a date. */
const datePrefix = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
/** Items asked for at a time. */
const pageSize = 200;

function headline(item: TimelineItem): string {
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

/** The first and last day a from/to prefix covers ("2021" → 2021-01-01 … 2021-12-31). */
const firstDay = (prefix: string): string =>
  prefix.length === 4 ? `${prefix}-01-01` : prefix.length === 7 ? `${prefix}-01` : prefix;
const lastDay = (prefix: string): string =>
  prefix.length === 4 ? `${prefix}-12-31` : prefix.length === 7 ? `${prefix}-31` : prefix;

/** Whether an item overlaps the range (as GET /api/events filters: an undated item is outside any range). */
function inRange(item: TimelineItem, from: string, to: string): boolean {
  if (from && (item.latest === null || item.latest < firstDay(from))) return false;
  if (to && (item.earliest === null || item.earliest > lastDay(to))) return false;
  return true;
}

const itemId = (item: TimelineItem): string => `tl-${item.id.replace(/[^\w-]/g, '-')}`;

export const timelinePage: Page = async ({ query, signal }) => {
  const actor = query.get('actor') ?? '';
  const type = query.get('type') ?? '';
  const fromParam = query.get('from') ?? '';
  const toParam = query.get('to') ?? '';
  const range = { from: datePrefix.test(fromParam) ? fromParam : '', to: datePrefix.test(toParam) ? toParam : '' };
  const pageUrl = (cursor?: string) => withQuery('/api/events', { actor, type, ...range, limit: pageSize, cursor });
  const [first, counts, currentActorName] = await Promise.all([
    getJson<TimelinePageView>(pageUrl(), signal),
    getJson<TimelineYearsView>(withQuery('/api/events/years', { actor, type }), signal),
    actorName(actor, signal),
    loadPhrases(), // event headlines come from the phrase table
  ]);

  /** The items of the range loaded so far, and the cursor of the rest (null: all loaded). */
  let items = first.items;
  let next = first.next;
  /** The request under way for a new range or the next page (a newer one aborts it). */
  let loading: AbortController | null = null;
  const datedCount = counts.years.reduce((sum, y) => sum + y.count, 0);
  const firstYear = counts.years[0]?.year ?? 0;
  const lastYear = counts.years.at(-1)?.year ?? 0;
  const expanded = new Set<string>();

  const select = (name: string, label: string, options: [string, string][], value: string) =>
    h(
      'label',
      { class: 'field' },
      h('span', null, label),
      h(
        'select',
        {
          name,
          onchange: (e) =>
            navigate(withQuery('/timeline', { actor, type, ...range, [name]: (e.target as HTMLSelectElement).value }), {
              replace: true,
            }),
        },
        options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      ),
    );
  const dateInput = (name: 'from' | 'to', label: string) =>
    h(
      'label',
      { class: 'field tl-date-field' },
      h('span', null, label),
      h('input', {
        type: 'text',
        name,
        inputmode: 'numeric',
        value: range[name],
        placeholder: name === 'from' ? `e.g. ${firstYear || 2001}` : `e.g. ${lastYear || 2024}`,
        pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?',
        title: 'A year, or an ISO date: 2021, 2021-10 or 2021-10-15',
        size: 10,
        'aria-describedby': 'tl-range-help',
      }),
    );
  const fromField = dateInput('from', 'From');
  const toField = dateInput('to', 'To');
  const fromInput = fromField.querySelector('input')!;
  const toInput = toField.querySelector('input')!;
  const rangeHelp = h(
    'p',
    { id: 'tl-range-help', class: 'muted small tl-range-help' },
    'A year or an ISO date (2021, 2021-10, 2021-10-15); or drag the handles on the overview.',
  );
  const applyInputs = () => {
    const from = fromInput.value.trim();
    const to = toInput.value.trim();
    const bad = [from, to].find((v) => v && !datePrefix.test(v));
    if (bad !== undefined) {
      rangeHelp.textContent = `“${bad}” is not a year or an ISO date: write 2021, 2021-10 or 2021-10-15.`;
      rangeHelp.classList.add('is-invalid');
      return;
    }
    rangeHelp.classList.remove('is-invalid');
    setRange(from, to);
  };
  const actorField = actorFilter({
    id: 'tl-actor',
    current: actor,
    currentName: currentActorName,
    onChoose: (chosen) => navigate(withQuery('/timeline', { actor: chosen, type, ...range }), { replace: true }),
  });
  const filters = h(
    'form',
    {
      class: 'toolbar filters',
      'aria-label': 'Filter the timeline',
      onsubmit: (e) => {
        e.preventDefault();
        applyInputs();
      },
    },
    h('label', { class: 'field', for: 'tl-actor' }, h('span', null, 'Actor'), actorField.input, actorField.datalist),
    select('type', 'Type', [['', 'All types'], ...Object.entries(typeNames)], type),
    fromField,
    toField,
    h('button', { type: 'submit', class: 'button' }, 'Apply dates'),
    h('button', { type: 'button', class: 'button tl-clear', onclick: () => setRange('', '') }, 'All dates'),
    rangeHelp,
  );

  // The overview: an axis of years, a dot per dated item (select one to go to its item), and a brush.
  const width = 1000;
  const x = (iso: string) => {
    const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`).getTime();
    const a = Date.UTC(firstYear, 0, 1);
    const b = Date.UTC(lastYear + 1, 0, 1);
    return 20 + ((d - a) / (b - a)) * (width - 40);
  };
  const yearOf = (prefix: string, fallback: number) =>
    prefix ? Math.min(lastYear, Math.max(firstYear, Number(prefix.slice(0, 4)))) : fallback;
  const dots = new Map<TimelineItem, SVGElement>();
  const dotLayer = svg('g', { class: 'tl-dots' });
  let overview: HTMLElement | null = null;
  let fromHandle: HTMLElement | null = null;
  let toHandle: HTMLElement | null = null;
  let selection: SVGElement | null = null;
  if (datedCount >= 2) {
    const step = Math.max(1, Math.ceil((lastYear + 1 - firstYear) / 12));
    const ticks: SVGElement[] = [];
    for (let y = firstYear; y <= lastYear + 1; y += step) {
      const px = x(`${y}-01-01`);
      ticks.push(
        svg('line', { x1: px, x2: px, y1: 34, y2: 42, class: 'tl-tick' }),
        svg('text', { x: px, y: 58, class: 'tl-label', 'text-anchor': 'middle' }, String(y)),
      );
    }
    selection = svg('rect', { x: 20, y: 12, width: width - 40, height: 30, class: 'tl-selection' });
    // A bar per year, as tall as its share of the busiest year.
    const busiest = Math.max(...counts.years.map((y) => y.count));
    const bars = counts.years.map(({ year, count }) => {
      const height = Math.max(2, (count / busiest) * 24);
      const left = x(`${year}-01-01`);
      return svg(
        'rect',
        {
          x: left + 1,
          y: 38 - height,
          width: Math.max(1, x(`${year + 1}-01-01`) - left - 2),
          height,
          class: 'tl-year-bar',
        },
        svg('title', null, `${year}: ${plural(count, 'item')}`),
      );
    });
    const chart = svg(
      'svg',
      {
        viewBox: `0 0 ${width} 64`,
        class: 'tl-overview',
        role: 'img',
        'aria-label':
          `Overview: ${plural(datedCount, 'dated item')} from ${firstYear} to ${lastYear}; select a dot to go to ` +
          `its item`,
      },
      selection,
      bars,
      svg('line', { x1: 20, x2: width - 20, y1: 38, y2: 38, class: 'tl-axis' }),
      ticks,
      dotLayer,
    );
    const handle = (end: 'from' | 'to') => {
      const el = h('div', {
        class: `tl-handle tl-handle-${end}`,
        role: 'slider',
        tabindex: 0,
        'aria-label': end === 'from' ? 'Earliest year shown' : 'Latest year shown',
        'aria-valuemin': firstYear,
        'aria-valuemax': lastYear,
        onkeydown: (e) => {
          const key = (e as KeyboardEvent).key;
          const current = end === 'from' ? yearOf(range.from, firstYear) : yearOf(range.to, lastYear);
          const moves: Record<string, number> = {
            ArrowLeft: -1,
            ArrowDown: -1,
            ArrowRight: 1,
            ArrowUp: 1,
            PageDown: -10,
            PageUp: 10,
          };
          let next: number;
          if (key in moves) next = current + moves[key]!;
          else if (key === 'Home') next = firstYear;
          else if (key === 'End') next = lastYear;
          else return;
          e.preventDefault();
          moveHandle(end, next);
        },
        onpointerdown: (e) => {
          const pointer = e as PointerEvent;
          el.setPointerCapture(pointer.pointerId);
          el.focus();
          pointer.preventDefault();
        },
        onpointermove: (e) => {
          const pointer = e as PointerEvent;
          if (!el.hasPointerCapture(pointer.pointerId) || !overview) return;
          const box = overview.getBoundingClientRect();
          const px = ((pointer.clientX - box.left) / box.width) * width;
          const fraction = (px - 20) / (width - 40);
          moveHandle(end, Math.round(firstYear + fraction * (lastYear + 1 - firstYear)) - (end === 'to' ? 1 : 0));
        },
      });
      return el;
    };
    fromHandle = handle('from');
    toHandle = handle('to');
    overview = h(
      'div',
      { class: 'tl-range', role: 'group', 'aria-label': 'Date range on the overview' },
      chart,
      fromHandle,
      toHandle,
    );
  }

  /** Moves one brush handle to a year (kept inside the axis and on its side of the other handle). */
  function moveHandle(end: 'from' | 'to', year: number): void {
    const from = yearOf(range.from, firstYear);
    const to = yearOf(range.to, lastYear);
    const next = end === 'from' ? Math.min(Math.max(year, firstYear), to) : Math.max(Math.min(year, lastYear), from);
    const wholeYear = (y: number, edge: number) => (y === edge ? '' : String(y));
    if (end === 'from') setRange(wholeYear(next, firstYear), range.to);
    else setRange(range.from, wholeYear(next, lastYear));
  }

  const summary = h('p', { class: 'result-summary', role: 'status' });
  const list = h('div', { class: 'timeline' });
  const moreButton = h(
    'button',
    { type: 'button', class: 'button tl-load-more', onclick: () => void loadMore() },
    'Load more',
  );
  const loadFailed = h('p', { class: 'muted', role: 'alert', hidden: true });

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
          typeNames[item.type] ?? item.type,
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

  function renderYear(year: string, group: TimelineItem[], shownPerYear: number): HTMLElement {
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
            showAll(year, ol, more);
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

  function showAll(year: string, ol: HTMLElement, more: HTMLElement | null): void {
    expanded.add(year);
    for (const row of ol.children) (row as HTMLElement).hidden = false;
    more?.remove();
  }

  /** Scrolls to an item's row (opening its year when it is folded away) and focuses it. */
  function reveal(item: TimelineItem): void {
    const row = list.querySelector<HTMLElement>(`#${CSS.escape(itemId(item))}`);
    if (!row) return;
    if (row.hidden) {
      const section = row.closest('section')!;
      showAll(section.dataset.year ?? '', section.querySelector('ol')!, section.querySelector('.tl-more'));
    }
    row.scrollIntoView({ block: 'center' });
    row.querySelector<HTMLElement>('.tl-toggle')?.focus({ preventScroll: true });
  }

  /** Asks for a page (a new range's first, or the next of this one); a newer request aborts an older one. */
  async function fetchPage(cursor: string | undefined): Promise<TimelinePageView | null> {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    list.setAttribute('aria-busy', 'true');
    moreButton.disabled = true;
    try {
      const page = await getJson<TimelinePageView>(pageUrl(cursor), controller.signal);
      loadFailed.hidden = true;
      return page;
    } catch (error) {
      if (controller.signal.aborted) return null;
      loadFailed.textContent =
        `The timeline could not be loaded: ` + `${error instanceof Error ? error.message : String(error)}`;
      loadFailed.hidden = false;
      return null;
    } finally {
      if (loading === controller) {
        loading = null;
        list.removeAttribute('aria-busy');
        moreButton.disabled = false;
      }
    }
  }

  async function loadMore(): Promise<void> {
    if (next === null) return;
    const page = await fetchPage(next);
    if (!page) return;
    items = [...items, ...page.items];
    next = page.next;
    render();
  }

  function setRange(from: string, to: string): void {
    range.from = from;
    range.to = to;
    history.replaceState(history.state, '', withQuery('/timeline', { actor, type, from, to }));
    renderRange();
    void fetchPage(undefined).then((page) => {
      if (!page) return;
      items = page.items;
      next = page.next;
      render();
    });
  }

  /** The inputs, the brush and the dots follow the range at once; the list when its items arrive. */
  function renderRange(): void {
    fromInput.value = range.from;
    toInput.value = range.to;
    for (const [item, dot] of dots) dot.classList.toggle('is-out', !inRange(item, range.from, range.to));
    if (selection && fromHandle && toHandle) {
      const from = yearOf(range.from, firstYear);
      const to = yearOf(range.to, lastYear);
      const left = x(`${from}-01-01`);
      const right = x(`${to + 1}-01-01`);
      selection.setAttribute('x', String(left));
      selection.setAttribute('width', String(Math.max(0, right - left)));
      fromHandle.style.left = `${(left / width) * 100}%`;
      toHandle.style.left = `${(right / width) * 100}%`;
      fromHandle.setAttribute('aria-valuenow', String(from));
      fromHandle.setAttribute('aria-valuetext', range.from ? `from ${range.from}` : `from ${firstYear} (the earliest)`);
      toHandle.setAttribute('aria-valuenow', String(to));
      toHandle.setAttribute('aria-valuetext', range.to ? `to ${range.to}` : `to ${lastYear} (the latest)`);
    }
  }

  function render(): void {
    const shown = items.filter((i) => inRange(i, range.from, range.to));
    // A dot per dated item loaded, in the order of the list.
    dots.clear();
    if (overview) {
      for (const item of shown) {
        if (!item.earliest) continue;
        dots.set(
          item,
          svg(
            'circle',
            { cx: x(item.earliest), cy: 24, r: 5, class: `tl-dot tl-${item.kind}`, onclick: () => reveal(item) },
            svg('title', null, `${formatEdtf(item.date)} · ${headline(item)}`),
          ),
        );
      }
      dotLayer.replaceChildren(...dots.values());
    }
    const groups = new Map<string, TimelineItem[]>();
    for (const item of shown) {
      const key = item.earliest?.slice(0, 4) ?? undated;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const ordered = [...groups].sort(([a], [b]) => (a === undated ? 1 : b === undated ? -1 : a.localeCompare(b)));
    // While more pages remain the list is long: fold every year to a few items.
    list.replaceChildren(
      ...ordered.map(([year, group]) => renderYear(year, group, itemsPerYear(next === null ? shown.length : Infinity))),
    );
    const during =
      range.from || range.to
        ? ' ' +
          (range.from && range.to
            ? `from ${range.from} to ${range.to}`
            : range.from
              ? `from ${range.from}`
              : `up to ${range.to}`)
        : '';
    const loaded =
      `${plural(shown.filter((i) => i.kind === 'event').length, 'event')} and ` +
      `${plural(shown.filter((i) => i.kind === 'statement').length, 'dated statement')}`;
    summary.textContent =
      next === null ? `${loaded}${during}` : `The first ${loaded}${during} (earliest first); more to load below`;
    list.hidden = shown.length === 0;
    empty.hidden = shown.length > 0;
    moreButton.hidden = next === null;
    renderRange();
  }

  const empty = h('p', { class: 'muted' }, 'Nothing dated matches these filters.');
  render();

  const node = h(
    'div',
    { class: 'page timeline-page' },
    pageHeader(
      'Timeline',
      downloadMenu({ actor: actor ? { id: actor, name: currentActorName } : null }),
      h('p', { class: 'lede' }, 'Events and dated statements from every profile. Select an item to read its evidence.'),
    ),
    filters,
    overview,
    summary,
    list,
    empty,
    moreButton,
    loadFailed,
  );
  return { title: 'Timeline', node };
};
