// Checks page: every finding of the reference checks across the collection, contradictions
// first, filterable by kind (kept in the URL); each finding opens both pieces of its evidence.
// The heading counts findings by group (possible errors, changes between versions, evidence
// edited away, confirmed claims) and says what was checked, so "0 possible errors" means that.
import { getJson } from '../api.js';
import { h } from '../dom.js';
import type { CheckFinding, CheckReport } from '../../model/index.js';
import { checkKindLabels, checkList } from '../checks-ui.js';
import type { Page } from '../router.js';
import { pageHeader, plural } from '../ui.js';

const kinds = Object.keys(checkKindLabels) as CheckFinding['kind'][];

/** What the checks read, as a sentence. */
export function checkedSentence(checked: CheckReport['checked']): string {
  const parts = [
    `${plural(checked.profiles, 'profile')} (${plural(checked.versions, 'version')})`,
    plural(checked.sources, 'source'),
    `${plural(checked.relations, 'relation')}, of which ${plural(checked.borderClaims, 'border claim')} against the country data`,
    plural(checked.events, 'dated event'),
    `${plural(checked.confirmedFacts, 'confirmed fact')} of earlier versions`,
  ];
  return `Checked: ${parts.join(', ')}.`;
}

/** The findings by group, as a sentence: "0 possible errors" only when there are none. */
export function summarySentence(summary: CheckReport['summary']): string {
  return (
    [
      plural(summary.contradictions, 'possible error'),
      plural(summary.changes, 'change between versions', 'changes between versions'),
      plural(summary.staleEvidence, 'confirmed sentence edited away', 'confirmed sentences edited away'),
      `${plural(summary.confirmed, 'claim')} confirmed`,
    ].join(', ') + '.'
  );
}

export const checksPage: Page = async ({ query, signal }) => {
  const report = await getJson<CheckReport>('/api/checks', signal);
  const kind = kinds.find((k) => k === query.get('kind')) ?? null;
  const shown = kind ? report.findings.filter((f) => f.kind === kind) : report.findings;
  const count = (k: CheckFinding['kind']) => report.findings.filter((f) => f.kind === k).length;
  const filter = h(
    'nav',
    { 'aria-label': 'Kinds of finding', class: 'check-summary small' },
    h('a', { href: '/checks', 'aria-current': kind === null ? 'page' : null }, `All (${report.findings.length})`),
    kinds
      .filter((k) => count(k) > 0 || k === kind)
      .map((k) =>
        h(
          'a',
          { href: `/checks?kind=${k}`, 'aria-current': kind === k ? 'page' : null },
          `${checkKindLabels[k]} (${count(k)})`,
        ),
      ),
  );
  const node = h(
    'div',
    { class: 'page' },
    pageHeader(
      'Checks',
      h(
        'p',
        { class: 'muted' },
        'Border claims between two countries are checked against the country data (world-countries). A relation asserted and denied within one profile, in two profiles, or in a profile and a source is flagged when the times the texts give them overlap (a past fact does not contradict a current one). A relation denied in the next version of a profile is listed as a change; an event dated in periods that do not overlap is flagged; facts confirmed on a sentence the latest version no longer holds are listed. ',
      ),
      h('p', { class: 'check-totals' }, h('strong', null, summarySentence(report.summary))),
      h('p', { class: 'small muted check-scope' }, checkedSentence(report.checked)),
    ),
    filter,
    shown.length
      ? h('section', { class: 'panel', 'aria-label': 'Findings' }, checkList(shown, { showActor: true }))
      : h('p', { class: 'muted' }, kind ? 'No findings of this kind.' : 'No findings.'),
  );
  return { title: 'Checks', node };
};
