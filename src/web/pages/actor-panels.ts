// Actor page's side panels (key interests, posture, events, relations, checks, versions) and the
// helpers they share: the reviewed-fact marker, the evidence links and quotes, entity names.
import { h, type Child } from '../dom.js';
import { interestRankTable } from '../history-ui.js';
import { checkList } from '../checks-ui.js';
import type { ActorDetail, CheckReport, InterestHistory } from '../../model/index.js';
import { navigate } from '../router.js';
import { relationVerb } from '../phrases.js';
import { formatDay, formatEdtf, postureLabels, themeChip } from '../ui.js';

export interface Span {
  start: number;
  end: number;
}

/** Facts confirmed or edited by a person, by `kind:start:end`; rejected ones are not in the extraction. */
export type ReviewedFacts = Map<string, { status: 'confirmed' | 'edited'; by: string | null }>;

export const reviewKey = (kind: string, span: Span): string => `${kind}:${span.start}:${span.end}`;

/** What the panels need of the page: the actor, the reviewed marker, evidence links and entity names. */
export interface FactContext {
  detail: ActorDetail;
  reviewMark: (kind: string, span: Span) => Child;
  evidenceLink: (span: Span, label?: string) => HTMLElement;
  quote: (span: Span) => HTMLElement;
  name: (entityId: string | null) => string | null;
}

export function factContext(detail: ActorDetail, reviewed: ReviewedFacts): FactContext {
  const x = detail.extraction;
  const text = x.text;
  const entities = new Map(x.entities.map((e) => [e.id, e]));
  const reviewMark = (kind: string, span: Span): Child => {
    const r = reviewed.get(reviewKey(kind, span));
    if (!r) return null;
    const label = `${r.status === 'confirmed' ? 'Confirmed' : 'Edited'} by ${r.by ?? 'an editor'}`;
    return h(
      'span',
      { class: `review-mark review-${r.status}`, title: label },
      h('span', { 'aria-hidden': 'true' }, r.status === 'confirmed' ? '✓' : '✎'),
      h('span', { class: 'visually-hidden' }, ` (${label})`),
    );
  };
  const sentenceOf = (offset: number) => x.sentences.find((s) => offset >= s.start && offset < s.end);
  const evidenceLink = (span: Span, label = 'Show in text') => {
    const sentence = sentenceOf(span.start);
    return h('a', { href: `#s-${sentence?.start ?? span.start}`, class: 'evidence-link' }, label);
  };
  const quote = (span: Span) => {
    const s = sentenceOf(span.start) ?? span;
    return h('q', { class: 'evidence-inline' }, text.slice(s.start, s.end));
  };
  const name = (entityId: string | null) => (entityId ? (entities.get(entityId)?.name ?? entityId) : null);
  return { detail, reviewMark, evidenceLink, quote, name };
}

export function interestsPanel({ detail, reviewMark }: FactContext): HTMLElement {
  const x = detail.extraction;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'interests-h' },
    h('h2', { id: 'interests-h' }, 'Key interests'),
    x.interests.length
      ? h(
          'ol',
          { class: 'interest-list' },
          [...x.interests]
            .sort((a, b) => a.rank - b.rank)
            .map((i) =>
              h(
                'li',
                null,
                h('span', { class: 'rank', 'aria-hidden': 'true' }, String(i.rank)),
                h(
                  'div',
                  null,
                  h('a', { href: `#interest-${i.rank}`, class: 'interest-title' }, i.title),
                  reviewMark('interest', i),
                  h(
                    'div',
                    { class: 'chips' },
                    i.themes.map((t, n) =>
                      themeChip(t, {
                        primary: n === 0,
                        href: `/search?actor=${encodeURIComponent(detail.id)}&theme=${t}`,
                      }),
                    ),
                  ),
                ),
              ),
            ),
        )
      : h('p', { class: 'muted' }, 'No ranked interests.'),
  );
}

export function posturePanel({ detail, reviewMark, evidenceLink }: FactContext): HTMLElement | null {
  const posture = detail.extraction.posture;
  return posture
    ? h(
        'section',
        { class: 'panel', 'aria-labelledby': 'posture-h' },
        h('h2', { id: 'posture-h' }, 'Posture toward the focus country'),
        h(
          'p',
          null,
          h('span', { class: `posture posture-${posture.label}` }, postureLabels[posture.label] ?? posture.label),
          reviewMark('posture', posture.evidence),
          ' ',
          evidenceLink(posture.evidence, 'Evidence'),
        ),
      )
    : null;
}

function eventItem(
  { reviewMark, evidenceLink, quote, name }: FactContext,
  e: ActorDetail['extraction']['events'][number],
): HTMLElement {
  return h(
    'li',
    null,
    h(
      'div',
      { class: 'event-head' },
      h('span', { class: `badge badge-event` }, e.type),
      ' ',
      h('span', { class: 'event-date' }, formatEdtf(e.valid ?? e.date)),
      e.place ? [' · ', h('a', { href: `/entities/${encodeURIComponent(e.place)}` }, name(e.place))] : null,
      reviewMark('event', e.evidence),
    ),
    e.actors.length
      ? h(
          'div',
          { class: 'muted small' },
          e.actors.map((a, n) => [n ? ', ' : '', h('a', { href: `/entities/${encodeURIComponent(a)}` }, name(a))]),
        )
      : null,
    h('div', { class: 'small' }, quote(e.evidence), ' ', evidenceLink(e.evidence)),
  );
}

export function eventsPanel(facts: FactContext): HTMLElement {
  const x = facts.detail.extraction;
  const item = (e: ActorDetail['extraction']['events'][number]) => eventItem(facts, e);
  // Current facts first; what the text places in a past that no longer holds under "Earlier", latest first.
  const eventsByTime = splitByTime(x.events, (e) => e.valid ?? e.date);
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'events-h' },
    h('h2', { id: 'events-h' }, 'Events'),
    x.events.length
      ? [
          eventsByTime.current.length ? h('ul', { class: 'event-list' }, eventsByTime.current.map(item)) : null,
          eventsByTime.earlier.length
            ? [
                h('h3', { class: 'small muted', id: 'events-earlier-h' }, 'Earlier'),
                h('ul', { class: 'event-list', 'aria-labelledby': 'events-earlier-h' }, eventsByTime.earlier.map(item)),
              ]
            : null,
        ]
      : h('p', { class: 'muted' }, 'No events extracted.'),
  );
}

function relationItem(
  { reviewMark, evidenceLink, name }: FactContext,
  r: ActorDetail['extraction']['relations'][number],
): HTMLElement {
  return h(
    'li',
    null,
    h('a', { href: `/entities/${encodeURIComponent(r.subject)}` }, name(r.subject)),
    ' ',
    h('span', { class: r.negated ? 'predicate is-negated' : 'predicate' }, relationVerb(r)),
    ' ',
    h('a', { href: `/entities/${encodeURIComponent(r.object)}` }, name(r.object)),
    r.valid ? h('span', { class: 'muted small fact-time' }, ` · ${formatEdtf(r.valid)}`) : null,
    reviewMark('relation', r.evidence),
    ' ',
    evidenceLink(r.evidence, 'Evidence'),
  );
}

export function relationsPanel(facts: FactContext): HTMLElement | null {
  const x = facts.detail.extraction;
  const item = (r: ActorDetail['extraction']['relations'][number]) => relationItem(facts, r);
  const relationsByTime = splitByTime(x.relations, (r) => r.valid ?? null, false);
  return x.relations.length
    ? h(
        'section',
        { class: 'panel', 'aria-labelledby': 'relations-h' },
        h('h2', { id: 'relations-h' }, 'Relations'),
        relationsByTime.current.length ? h('ul', { class: 'relation-list' }, relationsByTime.current.map(item)) : null,
        relationsByTime.earlier.length
          ? [
              h('h3', { class: 'small muted', id: 'relations-earlier-h' }, 'Earlier'),
              h(
                'ul',
                { class: 'relation-list', 'aria-labelledby': 'relations-earlier-h' },
                relationsByTime.earlier.map(item),
              ),
            ]
          : null,
      )
    : null;
}

export function checksPanel(checkReport: CheckReport | null): HTMLElement | null {
  return checkReport
    ? h(
        'section',
        { class: 'panel', 'aria-labelledby': 'checks-h' },
        h('h2', { id: 'checks-h' }, 'Checks'),
        checkReport.findings.length
          ? checkList(checkReport.findings, { inPage: true })
          : h(
              'p',
              { class: 'muted' },
              'No claim in this profile could be checked against the country data or the other profiles.',
            ),
        h('p', { class: 'small' }, h('a', { href: '/checks' }, 'All checks')),
      )
    : null;
}

/** The versions, newest first (a select to pick one, links to each and to its changes), and the interest ranks. */
export function versionsPanel(detail: ActorDetail, history: InterestHistory | null): HTMLElement {
  const sortedVersions = [...detail.versions].sort((a, b) => b.version - a.version);
  const actorHref = `/actors/${encodeURIComponent(detail.id)}`;
  const current = detail.version.version;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'versions-h' },
    h('h2', { id: 'versions-h' }, 'Versions'),
    detail.versions.length > 1
      ? h(
          'div',
          { class: 'field version-field' },
          h('label', { for: 'version-pick' }, 'Show version'),
          versionSelect(detail, sortedVersions),
        )
      : null,
    h(
      'ol',
      { class: 'version-list', reversed: true },
      sortedVersions.map((v) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: `${actorHref}?version=${v.version}`, 'aria-current': v.version === current ? 'page' : null },
            `Version ${v.version}`,
          ),
          h('span', { class: 'muted small' }, ` · ${formatDay(v.ingestedAt)} · ${v.sourceName}`),
          v.version > 1
            ? [
                ' ',
                h(
                  'a',
                  { class: 'small changes-link', href: `${actorHref}/changes?from=${v.version - 1}&to=${v.version}` },
                  'changes',
                  h('span', { class: 'visually-hidden' }, ` in version ${v.version}`),
                ),
              ]
            : null,
        ),
      ),
    ),
    history && history.interests.length
      ? h(
          'div',
          { class: 'rank-history' },
          h('h3', { class: 'small' }, 'Interest ranks over versions'),
          interestRankTable(history, detail.id),
        )
      : null,
    detail.versions.length > 1
      ? h('p', { class: 'small' }, h('a', { href: `${actorHref}/changes` }, 'Compare versions'))
      : null,
  );
}

function versionSelect(detail: ActorDetail, sortedVersions: ActorDetail['versions']): HTMLElement {
  const latest = Math.max(...detail.versions.map((v) => v.version));
  const actorHref = `/actors/${encodeURIComponent(detail.id)}`;
  return h(
    'select',
    {
      id: 'version-pick',
      onchange: (e) => navigate(`${actorHref}?version=${(e.currentTarget as HTMLSelectElement).value}`),
    },
    sortedVersions.map((v) =>
      h(
        'option',
        { value: v.version, selected: v.version === detail.version.version },
        `Version ${v.version} · ${formatDay(v.asOf ?? v.ingestedAt)}${v.version === latest ? ' (latest)' : ''}`,
      ),
    ),
  );
}

/**
 * Facts split by time: `current` (true or absent) by date, undated last (or in text order when not
 * `sortCurrent`);
 * `earlier` (current false) latest first, undated last. Shared shape of events and relations.
 */
export function splitByTime<T extends { current?: boolean }>(
  facts: readonly T[],
  time: (fact: T) => string | null | undefined,
  sortCurrent = true,
): { current: T[]; earlier: T[] } {
  const key = (fact: T): string => time(fact) ?? '';
  const current = facts.filter((fact) => fact.current !== false);
  const earlier = facts.filter((fact) => fact.current === false);
  const undatedLast = (a: T, b: T): number => Number(!key(a)) - Number(!key(b));
  if (sortCurrent) current.sort((a, b) => undatedLast(a, b) || key(a).localeCompare(key(b)));
  earlier.sort((a, b) => undatedLast(a, b) || key(b).localeCompare(key(a)));
  return { current, earlier };
}
