// Compare page: actors × themes, a page of profiles at a time (Next/First links). A cell is the
// rank of the interest carrying the theme (or "narrative" when only sentences carry it) and opens
// its evidence sentences; a column sorts the profiles by that theme's rank (on the server, so
// across pages), actors of the page filter; sort, page and filter live in the URL.
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import { downloadMenu, formatsNamed } from '../download-menu.js';
import type { CompareCell, CompareView, Theme } from '../../model/index.js';
import { navigate, type Page } from '../router.js';
import { allThemes, evidenceQuote, pageHeader, themeLabel } from '../ui.js';

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

export const comparePage: Page = async ({ query, signal }) => {
  const sort = (allThemes as string[]).includes(query.get('sort') ?? '') ? (query.get('sort') as Theme) : null;
  const cursor = query.get('after');
  const view = await getJson<CompareView>(
    withQuery('/api/compare', { limit: String(rowsPerPage), theme: sort, cursor }),
    signal,
  );
  const hidden = new Set((query.get('hide') ?? '').split(',').filter(Boolean));
  const rows = view.rows.filter((r) => !hidden.has(r.actor));
  const url = (next: { sort?: string | null; hide?: Set<string>; after?: string | null }) =>
    withQuery('/compare', {
      sort: next.sort === undefined ? sort : next.sort,
      // Another sort starts again from the first page.
      after: next.after !== undefined ? next.after : next.sort === undefined ? cursor : null,
      hide: [...(next.hide ?? hidden)].join(','),
    });

  const { dialog, openEvidence } = evidenceDialog();

  const header = matrixHeader(view.themes, sort, url);
  const body = rows.map((row) => matrixRow(row, view.themes, openEvidence));

  const filter = actorChooser(view, rows, hidden, cursor, url);

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
            h('thead', null, header),
            h('tbody', null, body),
          ),
        ),
    cursor || view.next
      ? h(
          'nav',
          { class: 'pager', 'aria-label': 'More actors' },
          cursor ? h('a', { href: url({ after: null }) }, '← First page') : h('span'),
          view.next ? h('a', { href: url({ after: view.next }), rel: 'next' }, 'Next actors →') : h('span'),
        )
      : null,
    dialog,
  );
  return { title: 'Compare', node };
};
