// Audit log (editors and admins): every write, newest first — who, when, the action, the target
// and what changed field by field (before → after), filtered by user and target type, paged. On a
// phone each entry reads as a card (the CSS lays the table rows out as blocks, labelled cells).
import type { AuditEntry, AuditPage } from '../../model/index.js';
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import { navigate, type Page } from '../router.js';
import { requireEditor } from '../editor-guard.js';
import { plural } from '../ui.js';
import { fieldDiffView } from '../history-ui.js';

const pageSize = 50;

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

function targetLink(entry: AuditEntry): Node {
  const id = entry.targetId;
  if (entry.targetType === 'entity') return h('a', { href: `/entities/${encodeURIComponent(id)}` }, id);
  if (entry.targetType === 'actor') return h('a', { href: `/actors/${encodeURIComponent(id)}` }, id);
  return h('span', null, id);
}

/** The user and target-type filters; submitting opens the log filtered. */
function auditFilters(user: string, targetType: string): HTMLFormElement {
  const userInput = h('input', { id: 'audit-user', type: 'search', value: user, autocomplete: 'off' });
  const typeInput = h(
    'select',
    { id: 'audit-type' },
    ['', 'actor', 'fact', 'entity', 'user', 'token'].map((t) =>
      h('option', { value: t, selected: t === targetType }, t || 'Any target'),
    ),
  );
  return h(
    'form',
    {
      class: 'toolbar',
      role: 'search',
      'aria-label': 'Filter the audit log',
      onsubmit: (e) => {
        e.preventDefault();
        navigate(withQuery('/audit', { user: userInput.value.trim(), targetType: typeInput.value }));
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'audit-user' }, 'User'), userInput),
    h('div', { class: 'field' }, h('label', { for: 'audit-type' }, 'Target'), typeInput),
    h('button', { type: 'submit', class: 'button' }, 'Filter'),
  );
}

/** One entry as a table row (a card on a phone). */
function auditRow(e: AuditEntry): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-action': e.action },
    h('td', { class: 'nowrap', 'data-label': 'When' }, h('time', { datetime: e.at }, formatTime(e.at))),
    h('td', { 'data-label': 'Who' }, e.user ?? h('span', { class: 'muted' }, 'system')),
    h('td', { 'data-label': 'Action' }, h('code', null, e.action)),
    h(
      'td',
      { class: 'audit-target', 'data-label': 'Target' },
      h('span', { class: 'muted small' }, `${e.targetType} `),
      targetLink(e),
    ),
    h('td', { class: 'audit-change', 'data-label': 'Change' }, fieldDiffView(e.before, e.after)),
  );
}

function auditTable(page: AuditPage): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-labelledby': 'audit-caption', tabindex: 0 },
    h(
      'table',
      { class: 'audit-table' },
      h('caption', { id: 'audit-caption', class: 'visually-hidden' }, 'Audit entries, newest first'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['When', 'Who', 'Action', 'Target', 'Change'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h('tbody', null, page.entries.map(auditRow)),
    ),
  );
}

export const auditPage: Page = async ({ query, signal }) => {
  const guard = await requireEditor('Audit log');
  if ('page' in guard) return guard.page;
  const user = query.get('user') ?? '';
  const targetType = query.get('targetType') ?? '';
  const cursor = query.get('cursor') ?? '';
  const page = await getJson<AuditPage>(
    withQuery('/api/audit', { user, targetType, limit: pageSize, cursor: cursor || null }),
    signal,
  );

  const filters = auditFilters(user, targetType);
  const table = auditTable(page);
  // Keyset pages: older from the `next` cursor; back to the newest from any later page.
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Audit pages' },
    cursor ? h('a', { href: withQuery('/audit', { user, targetType }) }, '← Newest') : null,
    page.next ? h('a', { href: withQuery('/audit', { user, targetType, cursor: page.next }) }, 'Older →') : null,
  );
  return {
    title: 'Audit log',
    node: h(
      'div',
      { class: 'page audit-page' },
      h(
        'header',
        { class: 'page-header' },
        h('h1', null, 'Audit log'),
        h(
          'p',
          { class: 'lede' },
          `${page.totalExact ? plural(page.total, 'write') : `${page.total.toLocaleString('en')}+ writes`} recorded: ` +
            'who did what, when, and each field before → after.',
        ),
      ),
      filters,
      page.entries.length ? table : h('p', { class: 'empty' }, 'No entries match.'),
      pager,
    ),
  };
};
