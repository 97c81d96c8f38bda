// Compare page: actors × themes, a page of profiles at a time (Next/First links). A cell is the
// rank of the interest carrying the theme (or "narrative" when only sentences carry it) and opens
// its evidence sentences; a column sorts the profiles by that theme's rank (on the server, so
// across pages), actors of the page filter; sort, page and filter live in the URL. The first
// screen shows the page's first 20 rows as soon as they arrive; its other 30 follow in a second
// request (the table grows below the fold, then the pager and the chooser follow).
import { describeApiError, getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import { compareRequest } from '../first-requests.js';
import { downloadMenu, formatsNamed } from '../download-menu.js';
import type { CompareCell, CompareView, Theme } from '../../model/index.js';
import { navigate, type Page } from '../router.js';
import { afterFirstScreen, evidenceQuote, pageHeader, themeLabel } from '../ui.js';

/** Profiles per page: a page stays small whatever the size of the collection. */
const rowsPerPage = 50;

type Row = CompareView['rows'][number];
/** The URL of this page with another sort, set of hidden actors or page. */
type CompareUrl = (next: { sort?: string | null; hide?: Set<string>; after?: string | null }) => string;

/** The dialog of a cell's evidence sentences, and the function that opens it on a cell. */
function evidenceDialog(): {
  dialog: HTMLDialogElement;
  openEvidence: (row: Row, theme: Theme, cell: CompareCell) => void;
} {
  const dialog = h('dialog', { class: 'evidence-dialog', 'aria-labelledby': 'evidence-title' });
  const openEvidence = (row: Row, theme: Theme, cell: CompareCell) => {
    const heading =
      cell.kind === 'interest'
        ? `${row.name}: ${themeLabel(theme)} — interest ${cell.rank}, “${cell.interest}”` +
          (cell.primary ? ' (primary theme)' : '')
        : `${row.name}: ${themeLabel(theme)} — in the narrative only`;
    dialog.replaceChildren(
      h(
        'div',
        { class: 'dialog-head' },
        h('h2', { id: 'evidence-title' }, heading),
        h('button', { type: 'button', class: 'button-quiet', onclick: () => dialog.close() }, 'Close'),
      ),
      h(
        'div',
        { class: 'dialog-body' },
        cell.evidence.map((e) => evidenceQuote(e, undefined, row.name)),
      ),
    );
    dialog.showModal();
  };
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  return { dialog, openEvidence };
}

/** The header row: a column per theme, each a link that sorts by it (or clears the sort). */
function matrixHeader(themes: Theme[], sort: Theme | null, url: CompareUrl): HTMLTableRowElement {
  return h(
    'tr',
    null,
    h('th', { scope: 'col', class: 'actor-col' }, 'Actor'),
    themes.map((t) =>
      h(
        'th',
        { scope: 'col', 'aria-sort': sort === t ? 'ascending' : null },
        h(
          'a',
          {
            href: url({ sort: sort === t ? null : t }),
            class: 'sort-link',
            'aria-label': `${themeLabel(t)}: ${sort === t ? 'sorted by rank, select to clear' : 'sort by rank'}`,
          },
          themeLabel(t),
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sort === t ? ' ▲' : ''),
        ),
      ),
    ),
  );
}

/** An actor's row: a cell per theme, a button that opens its evidence. */
function matrixRow(row: Row, themes: Theme[], openEvidence: (row: Row, theme: Theme, cell: CompareCell) => void) {
  return h(
    'tr',
    null,
    h(
      'th',
      { scope: 'row', class: 'actor-col' },
      h('a', { href: `/actors/${encodeURIComponent(row.actor)}` }, row.name),
    ),
    themes.map((t) => {
      const cell = row.cells[t];
      if (!cell) return h('td', { class: 'cell-empty' }, h('span', { 'aria-label': 'not a theme' }, '–'));
      const label = cell.kind === 'interest' ? String(cell.rank) : 'narrative';
      const rankClass = cell.kind === 'interest' ? `rank-${Math.min(cell.rank ?? 4, 4)}` : 'narrative';
      return h(
        'td',
        { 'data-theme': t },
        h(
          'button',
          {
            type: 'button',
            class: `cell cell-${rankClass}${cell.primary ? ' is-primary' : ''}`,
            'aria-label':
              `${row.name}, ${themeLabel(t)}: ` +
              (cell.kind === 'interest'
                ? `interest rank ${cell.rank}${cell.primary ? ', primary theme' : ''}`
                : 'narrative only') +
              '. Show evidence',
            onclick: () => openEvidence(row, t, cell),
          },
          label,
        ),
      );
    }),
  );
}

/** Which actors of the page show: a check box each (unchecking hides it, in the URL). */
function actorChooser(view: CompareView, rows: Row[], hidden: Set<string>, cursor: string | null, url: CompareUrl) {
  return h(
    'details',
    { class: 'actor-filter' },
    h(
      'summary',
      null,
      `Actors shown: ${rows.length} of ${view.rows.length}${cursor || view.next ? ' on this page' : ''}`,
    ),
    h(
      'fieldset',
      null,
      h('legend', { class: 'visually-hidden' }, 'Actors to show'),
      view.rows.map((r) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            checked: !hidden.has(r.actor),
            onchange: (e) => {
              const next = new Set(hidden);
              if ((e.target as HTMLInputElement).checked) next.delete(r.actor);
              else next.add(r.actor);
              navigate(url({ hide: next }), { replace: true });
            },
          }),
          ' ',
          r.name,
        ),
      ),
    ),
  );
}

/** What the colours and the dot of a cell mean. */
function compareLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend-list compare-legend', 'aria-label': 'Legend' },
    [1, 2, 3, 4].map((r) =>
      h(
        'li',
        null,
        h('span', { class: `cell cell-rank-${r} legend-cell`, 'aria-hidden': 'true' }, r === 4 ? '4+' : String(r)),
        ` rank ${r === 4 ? '4 or lower' : r}`,
      ),
    ),
    h(
      'li',
      null,
      h('span', { class: 'cell cell-narrative legend-cell', 'aria-hidden': 'true' }, 'n'),
      ' narrative only',
    ),
    h(
      'li',
      null,
      h('span', { class: 'cell is-primary cell-rank-4 legend-cell', 'aria-hidden': 'true' }, '2'),
      ' dot: the interest’s primary theme',
    ),
  );
}

/** The pager of the page: back to the first page, on to the next. */
function comparePager(cursor: string | null, next: string | null, url: CompareUrl): HTMLElement | null {
  return cursor || next
    ? h(
        'nav',
        { class: 'pager', 'aria-label': 'More actors' },
        cursor ? h('a', { href: url({ after: null }) }, '← First page') : h('span'),
        next ? h('a', { href: url({ after: next }), rel: 'next' }, 'Next actors →') : h('span'),
      )
    : null;
}

/**
 * Fetches the rest of a page whose first rows are shown (from `first.next`, up to `rowsPerPage` in all) and hands
 * it over; the pager and the chooser wait for it. A failure is said under the table.
 */
function loadRest(
  first: CompareView,
  sort: Theme | null,
  signal: AbortSignal,
  done: (rest: CompareView | null, error?: unknown) => void,
): void {
  if (signal.aborted) return;
  if (first.next === null) return done(null);
  const limit = String(rowsPerPage - first.rows.length);
  getJson<CompareView>(withQuery('/api/compare', { limit, theme: sort, cursor: first.next }), signal).then(
    (rest) => done(rest),
    (error: unknown) => {
      if (!signal.aborted) done(null, error);
    },
  );
}

export const comparePage: Page = async ({ query, signal }) => {
  const cursor = query.get('after');
  // The first screen's rows first (more than a screenful); the rest of the page follows (see loadRest).
  const { rows, sort } = compareRequest(query);
  const view = await getJson<CompareView>(rows, signal);
  const hidden = new Set((query.get('hide') ?? '').split(',').filter(Boolean));
  const url = (next: { sort?: string | null; hide?: Set<string>; after?: string | null }) =>
    withQuery('/compare', {
      sort: next.sort === undefined ? sort : next.sort,
      // Another sort starts again from the first page.
      after: next.after !== undefined ? next.after : next.sort === undefined ? cursor : null,
      hide: [...(next.hide ?? hidden)].join(','),
    });

  const { dialog, openEvidence } = evidenceDialog();
  const shown = (rows: Row[]) => rows.filter((r) => !hidden.has(r.actor));
  const body = h(
    'tbody',
    null,
    shown(view.rows).map((row) => matrixRow(row, view.themes, openEvidence)),
  );
  // Until the rest of the page has arrived, the chooser lists the rows shown so far and the pager waits.
  let filter: HTMLElement = actorChooser(view, shown(view.rows), hidden, cursor, url);
  const pagerHost = h('div', { class: 'compare-pager' });
  const restFailed = h('p', { class: 'notice', role: 'alert', hidden: true });
  afterFirstScreen(() =>
    loadRest(view, sort, signal, (rest, error) => {
      if (error !== undefined) {
        restFailed.textContent = `The rest of this page could not be loaded: ${describeApiError(error)}`;
        restFailed.hidden = false;
      }
      const whole: CompareView = {
        ...view,
        rows: [...view.rows, ...(rest?.rows ?? [])],
        next: rest ? rest.next : null,
      };
      body.append(...shown(rest?.rows ?? []).map((row) => matrixRow(row, view.themes, openEvidence)));
      const chooser = actorChooser(whole, shown(whole.rows), hidden, cursor, url);
      filter.replaceWith(chooser);
      filter = chooser;
      pagerHost.replaceChildren(comparePager(cursor, error === undefined ? whole.next : null, url) ?? '');
    }),
  );

  const node = h(
    'div',
    { class: 'page compare-page' },
    pageHeader(
      'Compare actors by theme',
      downloadMenu({ include: formatsNamed('json', 'csv', 'xlsx', 'markdown', 'pdf') }),
      h(
        'p',
        { class: 'lede' },
        'Each cell is the rank of the interest that carries the theme (1 = the actor’s top priority); ' +
          '“narrative” means the theme appears only in the text. Select a cell for its evidence, a column to sort ' +
          'by it (actors that do not rank it come last).',
      ),
    ),
    h('div', { class: 'toolbar' }, filter, compareLegend()),
    view.rows.length === 0
      ? h('p', { class: 'muted' }, cursor ? 'No more profiles.' : 'No profiles yet.')
      : h(
          'div',
          { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Actors by theme (scrolls sideways)' },
          h(
            'table',
            { class: 'matrix' },
            h('caption', { class: 'visually-hidden' }, 'Rank of each theme among each actor’s interests'),
            h('thead', null, matrixHeader(view.themes, sort, url)),
            body,
          ),
        ),
    restFailed,
    pagerHost,
    dialog,
  );
  return { title: 'Compare', node };
};
