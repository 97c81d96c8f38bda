// Timeline page: events and dated statements on a vertical time axis grouped by year, with an
// overview strip; filter by actor and type (kept in the URL); each item opens its evidence.
import { getJson, withQuery } from '../api.js';
import { h, svg } from '../dom.js';
import { downloadMenu } from '../download-menu.js';
import type { ActorSummary, TimelineItem } from '../api-types.js';
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

function headline(item: TimelineItem): string {
  const who = item.participants.map((p) => p.name).filter((n, i, all) => all.indexOf(n) === i);
  if (item.kind === 'statement') {
    const text = item.evidence.text;
    return text.length > 160 ? `${text.slice(0, 157).replace(/\s+\S*$/, '')}…` : text;
  }
  const parts = [typeNames[item.type] ?? item.type];
  if (who.length) parts.push(`by ${who.join(', ')}`);
  if (item.place) parts.push(`to ${item.place.name}`);
  return parts.join(' ');
}

/** A small horizontal axis with one tick per year and a dot per dated item. */
function overview(items: TimelineItem[]): SVGElement | null {
  const dated = items.filter((i) => i.earliest);
  if (dated.length < 2) return null;
  const years = dated.map((i) => Number(i.earliest!.slice(0, 4)));
  const first = Math.min(...years);
  const last = Math.max(...years) + 1;
  const width = 1000;
  const x = (iso: string) => {
    const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`).getTime();
    const a = Date.UTC(first, 0, 1);
    const b = Date.UTC(last, 0, 1);
    return 20 + ((d - a) / (b - a)) * (width - 40);
  };
  const step = Math.max(1, Math.ceil((last - first) / 12));
  const ticks: SVGElement[] = [];
  for (let y = first; y <= last; y += step) {
    const px = x(`${y}-01-01`);
    ticks.push(svg('line', { x1: px, x2: px, y1: 34, y2: 42, class: 'tl-tick' }), svg('text', { x: px, y: 58, class: 'tl-label', 'text-anchor': 'middle' }, String(y)));
  }
  return svg(
    'svg',
    { viewBox: `0 0 ${width} 64`, class: 'tl-overview', role: 'img', 'aria-label': `Overview: ${plural(dated.length, 'dated item')} from ${first} to ${last - 1}` },
    svg('line', { x1: 20, x2: width - 20, y1: 38, y2: 38, class: 'tl-axis' }),
    ticks,
    dated.map((i) => svg('circle', { cx: x(i.earliest!), cy: 24, r: 5, class: `tl-dot tl-${i.kind}` }, svg('title', null, `${formatEdtf(i.date)} · ${headline(i)}`))),
  );
}

export const timelinePage: Page = async ({ query, signal }) => {
  const actor = query.get('actor') ?? '';
  const type = query.get('type') ?? '';
  const [{ items }, { actors }] = await Promise.all([
    getJson<{ items: TimelineItem[] }>(withQuery('/api/events', { actor, type }), signal),
    getJson<{ actors: ActorSummary[] }>('/api/actors', signal),
  ]);

  const select = (name: string, label: string, options: [string, string][], value: string) =>
    h(
      'label',
      { class: 'field' },
      h('span', null, label),
      h(
        'select',
        { name, onchange: (e) => navigate(withQuery('/timeline', { actor, type, [name]: (e.target as HTMLSelectElement).value }), { replace: true }) },
        options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      ),
    );
  const filters = h(
    'form',
    { class: 'toolbar filters', 'aria-label': 'Filter the timeline', onsubmit: (e) => e.preventDefault() },
    select('actor', 'Actor', [['', 'All actors'], ...actors.map((a): [string, string] => [a.id, a.name])], actor),
    select('type', 'Type', [['', 'All types'], ...Object.entries(typeNames)], type),
  );

  const groups = new Map<string, TimelineItem[]>();
  for (const item of items) {
    const key = item.earliest?.slice(0, 4) ?? 'Undated';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const list = h(
    'div',
    { class: 'timeline' },
    [...groups].map(([year, group]) =>
      h(
        'section',
        { class: 'tl-year', 'aria-labelledby': `y-${year}` },
        h('h2', { id: `y-${year}`, class: 'tl-year-label' }, year),
        h(
          'ol',
          { class: 'tl-items' },
          group.map((item) => {
            const panelId = `ev-${item.id.replace(/[^\w-]/g, '-')}`;
            const panel = h('div', { id: panelId, class: 'tl-evidence', hidden: true }, evidenceQuote(item.evidence, undefined, item.actorName));
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
              { class: `tl-item tl-${item.kind}` },
              h('div', { class: 'tl-meta' }, h('span', { class: `badge badge-${item.kind === 'event' ? 'event' : 'statement'}` }, typeNames[item.type] ?? item.type), h('a', { href: `/actors/${encodeURIComponent(item.actor)}`, class: 'small' }, item.actorName), item.documentKind === 'source' ? [' ', h('span', { class: 'kind-badge' }, 'Source'), item.publisher ? h('span', { class: 'muted small' }, ` ${item.publisher}`) : null] : null),
              toggle,
              panel,
            );
          }),
        ),
      ),
    ),
  );

  const node = h(
    'div',
    { class: 'page timeline-page' },
    pageHeader('Timeline', downloadMenu({ actor: actor ? { id: actor, name: actors.find((a) => a.id === actor)?.name ?? actor } : null }), h('p', { class: 'lede' }, 'Events and dated statements from every profile. Select an item to read its evidence.')),
    filters,
    items.length ? overview(items) : null,
    h('p', { class: 'result-summary', role: 'status' }, `${plural(items.filter((i) => i.kind === 'event').length, 'event')} and ${plural(items.filter((i) => i.kind === 'statement').length, 'dated statement')}`),
    items.length ? list : h('p', { class: 'muted' }, 'Nothing dated matches these filters.'),
  );
  return { title: 'Timeline', node };
};
