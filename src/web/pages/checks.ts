// Checks page: every finding of the reference checks across the collection, contradictions
// first, filterable by kind (kept in the URL); each finding opens its evidence sentence.
import { getJson } from '../api.js';
import { h } from '../dom.js';
import { checkKindLabels, checkList, type CheckFinding, type CheckReport } from '../checks-ui.js';
import type { Page } from '../router.js';
import { pageHeader, plural } from '../ui.js';

const kinds = Object.keys(checkKindLabels) as CheckFinding['kind'][];

export const checksPage: Page = async ({ query, signal }) => {
  const report = await getJson<CheckReport>('/api/checks', signal);
  const kind = kinds.find((k) => k === query.get('kind')) ?? null;
  const shown = kind ? report.findings.filter((f) => f.kind === kind) : report.findings;
  const count = (k: CheckFinding['kind']) => report.findings.filter((f) => f.kind === k).length;
  const filter = h(
    'nav',
    { 'aria-label': 'Kinds of finding', class: 'check-summary small' },
    h('a', { href: '/checks', 'aria-current': kind === null ? 'page' : null }, `All (${report.findings.length})`),
    kinds.map((k) => h('a', { href: `/checks?kind=${k}`, 'aria-current': kind === k ? 'page' : null }, `${checkKindLabels[k]} (${count(k)})`)),
  );
  const contradictions = report.counts.contradictsReference + report.counts.contradictsProfile + report.counts.conflictingDates;
  const node = h(
    'div',
    { class: 'page' },
    pageHeader(
      'Checks',
      h(
        'p',
        { class: 'muted' },
        'Border claims between two countries are checked against the country data (world-countries); a relation asserted in one profile and denied in another, and an event dated in periods that do not overlap, are flagged. ',
        `${plural(contradictions, 'possible error')}, ${plural(report.counts.confirmedByReference, 'claim')} confirmed.`,
      ),
    ),
    filter,
    shown.length ? h('section', { class: 'panel', 'aria-label': 'Findings' }, checkList(shown, { showActor: true })) : h('p', { class: 'muted' }, 'No findings of this kind.'),
  );
  return { title: 'Checks', node };
};
