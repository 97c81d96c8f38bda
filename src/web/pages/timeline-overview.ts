// The timeline's overview strip: an axis of years, a bar per year as tall as its share of the busiest
// year, a layer for the dots of the items loaded, and a brush whose two handles are sliders (arrow keys
// move them a year, Page Up/Down ten, Home/End to the ends; a pointer drags them).
import { h, svg } from '../dom.js';
import type { TimelineYearsView } from '../../model/index.js';
import { plural } from '../ui.js';

/** The overview's width in its own units (the SVG's viewBox). */
const width = 1000;

/** The from/to prefixes of the range shown (kept in the URL). */
export interface DateRange {
  from: string;
  to: string;
}

/** The years the overview spans, and where a date falls on it. */
export interface TimeScale {
  firstYear: number;
  lastYear: number;
  /** The x of a date (an ISO date or prefix) in the overview's units. */
  x(iso: string): number;
  /** A from/to prefix's year kept inside the axis; `fallback` for an empty prefix. */
  yearOf(prefix: string, fallback: number): number;
}

export function timeScale(counts: TimelineYearsView): TimeScale {
  const firstYear = counts.years[0]?.year ?? 0;
  const lastYear = counts.years.at(-1)?.year ?? 0;
  const x = (iso: string) => {
    const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`).getTime();
    const a = Date.UTC(firstYear, 0, 1);
    const b = Date.UTC(lastYear + 1, 0, 1);
    return 20 + ((d - a) / (b - a)) * (width - 40);
  };
  const yearOf = (prefix: string, fallback: number) =>
    prefix ? Math.min(lastYear, Math.max(firstYear, Number(prefix.slice(0, 4)))) : fallback;
  return { firstYear, lastYear, x, yearOf };
}

/** The overview as drawn: its box, the brush's handles and the rectangle of the range selected. */
export interface Overview {
  node: HTMLElement;
  fromHandle: HTMLElement;
  toHandle: HTMLElement;
  selection: SVGElement;
}

/** A brush handle moved to a year (the page keeps it inside the axis and on its side of the other). */
export type MoveHandle = (end: 'from' | 'to', year: number) => void;

/** A tick and a label every few years, about a dozen along the axis. */
function yearTicks({ firstYear, lastYear, x }: TimeScale): SVGElement[] {
  const step = Math.max(1, Math.ceil((lastYear + 1 - firstYear) / 12));
  const ticks: SVGElement[] = [];
  for (let y = firstYear; y <= lastYear + 1; y += step) {
    const px = x(`${y}-01-01`);
    ticks.push(
      svg('line', { x1: px, x2: px, y1: 34, y2: 42, class: 'tl-tick' }),
      svg('text', { x: px, y: 58, class: 'tl-label', 'text-anchor': 'middle' }, String(y)),
    );
  }
  return ticks;
}

/** A bar per year, as tall as its share of the busiest year. */
function yearBars(counts: TimelineYearsView, { x }: TimeScale): SVGElement[] {
  const busiest = Math.max(...counts.years.map((y) => y.count));
  return counts.years.map(({ year, count }) => {
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
}

/** The year a key moves a handle to from `current`, or null for a key that does not move it. */
function keyedYear(key: string, current: number, { firstYear, lastYear }: TimeScale): number | null {
  const moves: Record<string, number> = {
    ArrowLeft: -1,
    ArrowDown: -1,
    ArrowRight: 1,
    ArrowUp: 1,
    PageDown: -10,
    PageUp: 10,
  };
  if (key in moves) return current + moves[key]!;
  if (key === 'Home') return firstYear;
  if (key === 'End') return lastYear;
  return null;
}

/** One end of the brush: a slider moved by keys or dragged across the overview (`box` once it is drawn). */
function brushHandle(
  end: 'from' | 'to',
  scale: TimeScale,
  range: DateRange,
  box: () => HTMLElement | null,
  moveHandle: MoveHandle,
): HTMLElement {
  const { firstYear, lastYear, yearOf } = scale;
  const el = h('div', {
    class: `tl-handle tl-handle-${end}`,
    role: 'slider',
    tabindex: 0,
    'aria-label': end === 'from' ? 'Earliest year shown' : 'Latest year shown',
    'aria-valuemin': firstYear,
    'aria-valuemax': lastYear,
    onkeydown: (e) => {
      const current = end === 'from' ? yearOf(range.from, firstYear) : yearOf(range.to, lastYear);
      const next = keyedYear((e as KeyboardEvent).key, current, scale);
      if (next === null) return;
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
      const overview = box();
      if (!el.hasPointerCapture(pointer.pointerId) || !overview) return;
      const bounds = overview.getBoundingClientRect();
      const px = ((pointer.clientX - bounds.left) / bounds.width) * width;
      const fraction = (px - 20) / (width - 40);
      moveHandle(end, Math.round(firstYear + fraction * (lastYear + 1 - firstYear)) - (end === 'to' ? 1 : 0));
    },
  });
  return el;
}

/**
 * The overview of the dated items (none under two: nothing to show a range of), with `dotLayer` for the dots of the
 * items loaded.
 */
export function timelineOverview(
  counts: TimelineYearsView,
  scale: TimeScale,
  dotLayer: SVGElement,
  range: DateRange,
  moveHandle: MoveHandle,
): Overview | null {
  const datedCount = counts.years.reduce((sum, y) => sum + y.count, 0);
  if (datedCount < 2) return null;
  const { firstYear, lastYear } = scale;
  const selection = svg('rect', { x: 20, y: 12, width: width - 40, height: 30, class: 'tl-selection' });
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
    yearBars(counts, scale),
    svg('line', { x1: 20, x2: width - 20, y1: 38, y2: 38, class: 'tl-axis' }),
    yearTicks(scale),
    dotLayer,
  );
  let node: HTMLElement | null = null;
  const fromHandle = brushHandle('from', scale, range, () => node, moveHandle);
  const toHandle = brushHandle('to', scale, range, () => node, moveHandle);
  node = h(
    'div',
    { class: 'tl-range', role: 'group', 'aria-label': 'Date range on the overview' },
    chart,
    fromHandle,
    toHandle,
  );
  return { node, fromHandle, toHandle, selection };
}

/** Moves the brush's rectangle and handles to the range, and says the range on the handles. */
export function drawBrush({ selection, fromHandle, toHandle }: Overview, scale: TimeScale, range: DateRange): void {
  const { firstYear, lastYear, x, yearOf } = scale;
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
