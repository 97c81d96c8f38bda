// What changed between two versions of a profile (/actors/:id/changes?from&to): the word diff
// with insertions and deletions marked, and each interest's rank over all the versions.
import { getJson, withQuery } from '../api.js';
import { h } from '../dom.js';
import type { ActorDetail, InterestHistory, VersionDiff } from '../../model/index.js';
import { navigate, type Page } from '../router.js';
import { diffNodes, interestRankTable } from '../history-ui.js';
import { formatDay } from '../ui.js';

const positive = (value: string | null): number | null =>
  value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : null;

type Version = ActorDetail['versions'][number];

/** The from/to pickers and the whole-text box; submitting opens the diff they choose. */
function versionForm(
  versions: Version[],
  choice: { from: number; to: number; whole: boolean },
  actorHref: string,
): HTMLFormElement {
  const picker = (name: string, value: number) =>
    h(
      'select',
      { id: `diff-${name}`, name },
      versions.map((v) =>
        h(
          'option',
          { value: v.version, selected: v.version === value },
          `Version ${v.version} · ${formatDay(v.asOf ?? v.ingestedAt)}`,
        ),
      ),
    );
  const fromSelect = picker('from', choice.from);
  const toSelect = picker('to', choice.to);
  const wholeBox = h('input', { id: 'diff-whole', type: 'checkbox', checked: choice.whole });
  return h(
    'form',
    {
      class: 'toolbar',
      'aria-label': 'Choose the versions to compare',
      onsubmit: (e) => {
        e.preventDefault();
        navigate(
          withQuery(`${actorHref}/changes`, {
            from: fromSelect.value,
            to: toSelect.value,
            whole: wholeBox.checked ? 1 : null,
          }),
        );
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'diff-from' }, 'From'), fromSelect),
    h('div', { class: 'field' }, h('label', { for: 'diff-to' }, 'To'), toSelect),
    h('label', { class: 'check', for: 'diff-whole' }, wholeBox, 'Show the whole text'),
    h('button', { type: 'submit', class: 'button' }, 'Compare'),
  );
}

/** The word diff of two versions, with its counts. */
function diffSection(diff: VersionDiff, whole: boolean): HTMLElement {
  return h(
    'section',
    { class: 'diff-section', 'aria-labelledby': 'diff-h' },
    h('h2', { id: 'diff-h' }, `Version ${diff.from} → version ${diff.to}`),
    h(
      'p',
      { class: 'diff-stats' },
      h('span', { class: 'diff-legend-ins' }, h('ins', null, `${diff.added.toLocaleString('en')} characters added`)),
      ' · ',
      h(
        'span',
        { class: 'diff-legend-del' },
        h('del', null, `${diff.removed.toLocaleString('en')} characters removed`),
      ),
    ),
    diff.added === 0 && diff.removed === 0 ? h('p', { class: 'muted' }, 'The two versions have the same text.') : null,
    h(
      'div',
      { class: 'diff', 'aria-label': 'The text with insertions and deletions marked' },
      diffNodes(diff, { fold: !whole }),
    ),
  );
}

export const changesPage: Page = async ({ params, query, signal }) => {
  const id = params[0]!;
  const base = `/api/actors/${encodeURIComponent(id)}`;
  const [detail, history] = await Promise.all([
    getJson<ActorDetail>(base, signal),
    getJson<InterestHistory>(`${base}/history`, signal),
  ]);
  const versions = [...detail.versions].sort((a, b) => a.version - b.version);
  const latest = versions.at(-1)!.version;
  const to = positive(query.get('to')) ?? latest;
  const from = positive(query.get('from')) ?? Math.max(1, to - 1);
  const whole = query.get('whole') === '1';
  const actorHref = `/actors/${encodeURIComponent(id)}`;

  const form = versionForm(versions, { from, to, whole }, actorHref);

  let diffView: Node;
  if (versions.length < 2)
    diffView = h('p', { class: 'muted' }, 'This profile has one version: there is nothing to compare yet.');
  else if (from === to) diffView = h('p', { class: 'muted' }, 'Choose two different versions.');
  else {
    const diff = await getJson<VersionDiff>(withQuery(`${base}/diff`, { from, to }), signal);
    diffView = diffSection(diff, whole);
  }

  return {
    title: `${detail.actor.name}: changes`,
    node: h(
      'div',
      { class: 'page changes-page' },
      h(
        'header',
        { class: 'page-header' },
        h(
          'p',
          { class: 'eyebrow' },
          h('a', { href: '/' }, 'Actors'),
          ' / ',
          h('a', { href: actorHref }, detail.actor.name),
          ' / history',
        ),
        h('h1', null, `${detail.actor.name}: what changed`),
      ),
      versions.length > 1 ? form : null,
      diffView,
      h(
        'section',
        { class: 'panel rank-panel', 'aria-labelledby': 'ranks-h' },
        h('h2', { id: 'ranks-h' }, 'How the priorities moved'),
        history.interests.length
          ? interestRankTable(history, id)
          : h('p', { class: 'muted' }, 'No ranked interests in any version.'),
      ),
    ),
  };
};
