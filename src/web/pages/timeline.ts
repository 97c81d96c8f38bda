// Timeline page: events and dated statements on a vertical time axis grouped by year ("Undated"
// last), with an overview strip; filter by actor and type, and by a date range (from/to inputs and
// a brush on the overview whose handles are sliders: arrow keys move them a year) — all kept in
// the URL. The overview draws the number of items per year (GET /api/events/years) and a dot per
// item loaded; the list loads the selected range a page at a time (GET /api/events with its `next`
// cursor, a "Load more" button; the first screen from its first 40 items, the rest of the first
// page following at once), so a large collection opens as fast as a small one. Each overview
// dot scrolls to and focuses its item; a year with more than a screenful of items shows the first
// ones and a "Show N more" button. Event headlines come from the phrase table ("Tajikistan and the
// CSTO held exercises near …"); each item opens its evidence.
import { getJson, withQuery } from '../api.js';
import { h, svg } from '../dom.js';
import { downloadMenu } from '../download-menu.js';
import { datePrefix, eventsUrl as pageUrl, timelineQuery, timelineRequests } from '../first-requests.js';
import type { TimelineItem, TimelinePageView, TimelineYearsView } from '../../model/index.js';
import { actorFilter, actorName } from './actor-filter.js';
import { loadPhrases } from '../phrases.js';
import { navigate, type Page } from '../router.js';
import { afterFirstScreen, formatEdtf, pageHeader, plural } from '../ui.js';
import { groupByYear, headline, itemsPerYear, renderYear, reveal, typeNames } from './timeline-items.js';
import {
  drawBrush,
  timeScale,
  timelineOverview,
  type DateRange,
  type Overview,
  type TimeScale,
} from './timeline-overview.js';

/** Items asked for at a time. */
const pageSize = 200;

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

/** The filters of the page (in the URL), the years of the axis, and how a new date range is applied. */
interface TimelineFilters {
  actor: string;
  type: string;
  /** The range shown; changed in place as the reader moves it. */
  range: DateRange;
  scale: TimeScale;
  setRange(from: string, to: string): void;
}

/** A page of the items of the filters' range (the first, or the one after `cursor`). */
function eventsUrl(
  { actor, type, range }: Pick<TimelineFilters, 'actor' | 'type' | 'range'>,
  cursor?: string,
  limit = pageSize,
): string {
  return pageUrl({ actor, type, range }, limit, cursor);
}

/** A select of the filter form: choosing a value opens the timeline filtered by it. */
function filterSelect(
  { actor, type, range }: TimelineFilters,
  name: string,
  label: string,
  options: [string, string][],
  value: string,
) {
  return h(
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
}

/** The field of one end of the date range (a year, a year-month or a date). */
function dateField({ range, scale }: TimelineFilters, name: 'from' | 'to', label: string) {
  const { firstYear, lastYear } = scale;
  return h(
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
}

/** The filter form: actor, type and the date range; its date inputs follow the range (see `renderRange`). */
function timelineFilters(filters: TimelineFilters, currentActorName: string) {
  const { actor, type, range, setRange } = filters;
  const fromField = dateField(filters, 'from', 'From');
  const toField = dateField(filters, 'to', 'To');
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
  const form = h(
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
    filterSelect(filters, 'type', 'Type', [['', 'All types'], ...Object.entries(typeNames)], type),
    fromField,
    toField,
    h('button', { type: 'submit', class: 'button' }, 'Apply dates'),
    h('button', { type: 'button', class: 'button tl-clear', onclick: () => setRange('', '') }, 'All dates'),
    rangeHelp,
  );
  return { form, fromInput, toInput };
}

/** "from 2019 to 2021", "from 2019", "up to 2021" (with a leading space), or nothing for all dates. */
function rangePhrase({ from, to }: DateRange): string {
  return from || to ? ' ' + (from && to ? `from ${from} to ${to}` : from ? `from ${from}` : `up to ${to}`) : '';
}

/**
 * The page while it is open: the items of the range loaded so far and the cursor of the rest, the overview and the
 * list; a new range or the next page is fetched (a newer request aborts an older one) and drawn.
 */
class TimelineView {
  /** The items of the range loaded so far, and the cursor of the rest (null: all loaded). */
  items: TimelineItem[];
  next: string | null;
  /** The request under way for a new range or the next page (a newer one aborts it). */
  loading: AbortController | null = null;
  readonly expanded = new Set<string>();
  readonly dots = new Map<TimelineItem, SVGElement>();
  readonly dotLayer = svg('g', { class: 'tl-dots' });
  readonly summary = h('p', { class: 'result-summary', role: 'status' });
  readonly list = h('div', { class: 'timeline' });
  readonly moreButton = h(
    'button',
    { type: 'button', class: 'button tl-load-more', onclick: () => void this.loadMore() },
    'Load more',
  );
  readonly loadFailed = h('p', { class: 'muted', role: 'alert', hidden: true });
  readonly empty = h('p', { class: 'muted' }, 'Nothing dated matches these filters.');
  readonly overview: Overview | null;
  readonly filters: TimelineFilters;
  readonly form: ReturnType<typeof timelineFilters>;

  constructor(
    query: { actor: string; type: string; range: DateRange },
    first: TimelinePageView,
    counts: TimelineYearsView,
    currentActorName: string,
  ) {
    this.items = first.items;
    this.next = first.next;
    const scale = timeScale(counts);
    this.filters = { ...query, scale, setRange: (from, to) => this.setRange(from, to) };
    this.form = timelineFilters(this.filters, currentActorName);
    this.overview = timelineOverview(counts, scale, this.dotLayer, query.range, (end, year) =>
      this.moveHandle(end, year),
    );
  }

  /** Moves one brush handle to a year (kept inside the axis and on its side of the other handle). */
  moveHandle(end: 'from' | 'to', year: number): void {
    const { range, scale } = this.filters;
    const { firstYear, lastYear, yearOf } = scale;
    const from = yearOf(range.from, firstYear);
    const to = yearOf(range.to, lastYear);
    const next = end === 'from' ? Math.min(Math.max(year, firstYear), to) : Math.max(Math.min(year, lastYear), from);
    const wholeYear = (y: number, edge: number) => (y === edge ? '' : String(y));
    if (end === 'from') this.setRange(wholeYear(next, firstYear), range.to);
    else this.setRange(range.from, wholeYear(next, lastYear));
  }

  /** Asks for a page (a new range's first, or the next of this one); a newer request aborts an older one. */
  async fetchPage(cursor: string | undefined, limit = pageSize): Promise<TimelinePageView | null> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.list.setAttribute('aria-busy', 'true');
    this.moreButton.disabled = true;
    try {
      const page = await getJson<TimelinePageView>(eventsUrl(this.filters, cursor, limit), controller.signal);
      this.loadFailed.hidden = true;
      return page;
    } catch (error) {
      if (controller.signal.aborted) return null;
      this.loadFailed.textContent =
        `The timeline could not be loaded: ` + `${error instanceof Error ? error.message : String(error)}`;
      this.loadFailed.hidden = false;
      return null;
    } finally {
      if (this.loading === controller) {
        this.loading = null;
        this.list.removeAttribute('aria-busy');
        this.moreButton.disabled = false;
      }
    }
  }

  async loadMore(limit = pageSize): Promise<void> {
    if (this.next === null) return;
    const page = await this.fetchPage(this.next, limit);
    if (!page) return;
    this.items = [...this.items, ...page.items];
    this.next = page.next;
    this.render();
  }

  setRange(from: string, to: string): void {
    const { actor, type, range } = this.filters;
    range.from = from;
    range.to = to;
    history.replaceState(history.state, '', withQuery('/timeline', { actor, type, from, to }));
    this.renderRange();
    void this.fetchPage(undefined).then((page) => {
      if (!page) return;
      this.items = page.items;
      this.next = page.next;
      this.render();
    });
  }

  /** The inputs, the brush and the dots follow the range at once; the list when its items arrive. */
  renderRange(): void {
    const { range, scale } = this.filters;
    this.form.fromInput.value = range.from;
    this.form.toInput.value = range.to;
    for (const [item, dot] of this.dots) dot.classList.toggle('is-out', !inRange(item, range.from, range.to));
    if (this.overview) drawBrush(this.overview, scale, range);
  }

  /** A dot per dated item loaded, in the order of the list. */
  renderDots(shown: TimelineItem[]): void {
    this.dots.clear();
    if (!this.overview) return;
    for (const item of shown) {
      if (!item.earliest) continue;
      this.dots.set(
        item,
        svg(
          'circle',
          {
            cx: this.filters.scale.x(item.earliest),
            cy: 24,
            r: 5,
            class: `tl-dot tl-${item.kind}`,
            onclick: () => reveal(this.list, item, this.expanded),
          },
          svg('title', null, `${formatEdtf(item.date)} · ${headline(item)}`),
        ),
      );
    }
    this.dotLayer.replaceChildren(...this.dots.values());
  }

  render(): void {
    const { range } = this.filters;
    const shown = this.items.filter((i) => inRange(i, range.from, range.to));
    this.renderDots(shown);
    // While more pages remain the list is long: fold every year to a few items.
    const perYear = itemsPerYear(this.next === null ? shown.length : Infinity);
    this.list.replaceChildren(
      ...groupByYear(shown).map(([year, group]) => renderYear(year, group, perYear, this.expanded)),
    );
    const during = rangePhrase(range);
    const loaded =
      `${plural(shown.filter((i) => i.kind === 'event').length, 'event')} and ` +
      `${plural(shown.filter((i) => i.kind === 'statement').length, 'dated statement')}`;
    this.summary.textContent =
      this.next === null ? `${loaded}${during}` : `The first ${loaded}${during} (earliest first); more to load below`;
    this.list.hidden = shown.length === 0;
    this.empty.hidden = shown.length > 0;
    this.moreButton.hidden = this.next === null;
    this.renderRange();
  }
}

export const timelinePage: Page = async ({ query, signal, onCleanup }) => {
  const { actor, type, range } = timelineQuery(query);
  // Its first items (the first screen; the rest of the first page follows at once) and the items per year.
  const requests = timelineRequests(query);
  const [first, counts, currentActorName] = await Promise.all([
    getJson<TimelinePageView>(requests.events, signal),
    getJson<TimelineYearsView>(requests.years, signal),
    actorName(actor, signal),
    loadPhrases(), // event headlines come from the phrase table
  ]);
  const view = new TimelineView({ actor, type, range }, first, counts, currentActorName);
  view.render();
  // The first screen is drawn from a few items; the rest of the first page follows (a newer range aborts it).
  afterFirstScreen(() => {
    // Unless the reader has moved on (left the page, or asked for another range meanwhile).
    if (!signal.aborted && !view.loading && view.next === first.next) void view.loadMore(pageSize - first.items.length);
  });
  onCleanup(() => view.loading?.abort());

  const node = h(
    'div',
    { class: 'page timeline-page' },
    pageHeader(
      'Timeline',
      downloadMenu({ actor: actor ? { id: actor, name: currentActorName } : null }),
      h('p', { class: 'lede' }, 'Events and dated statements from every profile. Select an item to read its evidence.'),
    ),
    view.form.form,
    view.overview?.node ?? null,
    view.summary,
    view.list,
    view.empty,
    view.moreButton,
    view.loadFailed,
  );
  return { title: 'Timeline', node };
};
