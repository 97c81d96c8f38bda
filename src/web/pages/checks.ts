// Checks page: the findings of the reference checks across the collection a page at a time,
// contradictions first, filterable by kind (kind and page cursor kept in the URL); each finding
// opens both pieces of its evidence. The heading counts findings by group (possible errors, changes
// between versions, evidence edited away, confirmed claims) over all pages and says what was
// checked, so "0 possible errors" means that. While the collection's findings are first computed (a collection
// nobody asked the checks of yet), the page says how many documents have been read and refreshes until they are done.
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import type { CheckFinding, CheckReport } from '../../model/index.js';
import { checkKindLabels, checkList } from '../checks-ui.js';
import { navigate, type Page } from '../router.js';
import { pageHeader, plural } from '../ui.js';

const kinds = Object.keys(checkKindLabels) as CheckFinding['kind'][];

/** What the checks read, as a sentence. */
export function checkedSentence(checked: CheckReport['checked']): string {
  const parts = [
    `${plural(checked.profiles, 'profile')} (${plural(checked.versions, 'version')})`,
    plural(checked.sources, 'source'),
    `${plural(checked.relations, 'relation')}, of which ${plural(checked.borderClaims, 'border claim')} against ` +
      `the country data`,
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

const count = (n: number): string => n.toLocaleString('en-US');

/** How far the computation of the findings has come, as a sentence. */
export function computingSentence(progress: NonNullable<CheckReport['computing']>, stale: boolean): string {
  const shown = stale
    ? 'until then the findings below are those before its latest changes.'
    : 'the findings are listed once all are compared.';
  if (progress.of === 0) return `Checking the collection: listing its documents; ${shown}`;
  if (progress.checked < progress.of)
    return `Checking the collection: ${count(progress.checked)} of ${count(progress.of)} documents read; ${shown}`;
  return `Checking the collection: all ${count(progress.of)} documents read, comparing their claims; ${shown}`;
}

/** How often the page asks how far the computation has come. */
const progressEveryMs = 2000;

/**
 * While the findings are computed: updates `line` with the progress every few seconds and shows the page again once
 * they are done.
 */
function followProgress(url: string, line: HTMLElement, signal: AbortSignal, onCleanup: (fn: () => void) => void) {
  const timer = setInterval(() => {
    getJson<CheckReport>(url, signal).then(
      (next) => {
        if (next.computing) line.textContent = computingSentence(next.computing, next.stale === true);
        else {
          clearInterval(timer);
          if (!signal.aborted) navigate(`${location.pathname}${location.search}`, { replace: true });
        }
      },
      () => undefined, // left the page, or the server is restarting: asked again on the next tick
    );
  }, progressEveryMs);
  onCleanup(() => clearInterval(timer));
}

/** The field of `counts` that counts a kind ("contradicts-reference" → "contradictsReference"). */
const countField = (kind: CheckFinding['kind']): keyof CheckReport['counts'] =>
  kind.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof CheckReport['counts'];

export const checksPage: Page = async ({ query, signal, onCleanup }) => {
  const kind = kinds.find((k) => k === query.get('kind')) ?? null;
  const cursor = query.get('cursor');
  const url = withQuery('/api/checks', { kind, cursor, limit: 100 });
  const report = await getJson<CheckReport>(url, signal);
  const shown = report.findings;
  // Nothing known yet (not even an earlier revision's findings): no totals that would read as "no errors".
  const unknown = report.computing !== undefined && report.stale !== true;
  const progress = report.computing
    ? h('p', { class: 'check-computing', role: 'status' }, computingSentence(report.computing, report.stale === true))
    : null;
  if (progress) followProgress(url, progress, signal, onCleanup);
  const count = (k: CheckFinding['kind']) => report.counts[countField(k)] ?? 0;
  const total = kinds.reduce((sum, k) => sum + count(k), 0);
  const filter = h(
    'nav',
    { 'aria-label': 'Kinds of finding', class: 'check-summary small' },
    h('a', { href: '/checks', 'aria-current': kind === null ? 'page' : null }, `All (${total})`),
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
        'Border claims between two countries are checked against the country data (world-countries). A relation ' +
          'asserted and denied within one profile, in two profiles, or in a profile and a source is flagged when ' +
          'the times the texts give them overlap (a past fact does not contradict a current one). A relation ' +
          'denied in the next version of a profile is listed as a change; an event dated in periods that do not ' +
          'overlap is flagged; facts confirmed on a sentence the latest version no longer holds are listed. ',
      ),
      progress,
      unknown ? null : h('p', { class: 'check-totals' }, h('strong', null, summarySentence(report.summary))),
      unknown ? null : h('p', { class: 'small muted check-scope' }, checkedSentence(report.checked)),
    ),
    unknown ? null : filter,
    shown.length
      ? h('section', { class: 'panel', 'aria-label': 'Findings' }, checkList(shown, { showActor: true }))
      : unknown
        ? null
        : h('p', { class: 'muted' }, kind ? 'No findings of this kind.' : 'No findings.'),
    h(
      'p',
      { class: 'small' },
      cursor ? h('a', { href: withQuery('/checks', { kind }) }, 'First findings') : null,
      cursor && report.next ? ' · ' : null,
      report.next ? h('a', { href: withQuery('/checks', { kind, cursor: report.next }) }, 'More findings') : null,
    ),
  );
  return { title: 'Checks', node };
};
