// Actor page: the profile text as written with every mention highlighted by type (focusable
// links to the entity, with a tooltip), times and quantities marked, the ranked interests,
// events, relations and posture with their evidence, the checks of its claims against the
// country data and the other profiles, the document's versions, and (for a profile) "In the
// sources": the source sentences that mention the actor, under its interests, newest first; (for a
// source) the actors it concerns.
import { getJson, withQuery } from '../api.js';
import { h, type Child } from '../dom.js';
import { isEditor, session } from '../session.js';
import { interestRankTable } from '../history-ui.js';
import { checkList } from '../checks-ui.js';
import { downloadMenu } from '../download-menu.js';
import type {
  ActorDetail,
  ActorSources,
  CheckReport,
  Entity,
  InterestHistory,
  MentionType,
  SourceRef,
  SubjectReason,
} from '../../model/index.js';
import { navigate, type Page } from '../router.js';
import { loadPhrases, relationVerb } from '../phrases.js';
import { allTypes, formatDay, formatEdtf, formatQuantity, postureLabels, themeChip, typeLabel } from '../ui.js';

interface Span {
  start: number;
  end: number;
}
type Layer = (Span & { wrap: (children: Node[]) => Node })[];

/** Where each text node of the profile starts in the version's text (for selections). */
type TextOffsets = WeakMap<Node, number>;

/** Nodes for text[start, end) with the layers nested outermost first (crossing items are clipped). */
function renderRange(text: string, start: number, end: number, layers: Layer[], offsets?: TextOffsets): Node[] {
  const [layer, ...inner] = layers;
  if (!layer) {
    if (start >= end) return [];
    const node = document.createTextNode(text.slice(start, end));
    offsets?.set(node, start);
    return [node];
  }
  const nodes: Node[] = [];
  let at = start;
  for (const item of layer) {
    if (item.end <= at || item.start >= end) continue;
    const from = Math.max(item.start, at);
    const to = Math.min(item.end, end);
    if (from > at) nodes.push(...renderRange(text, at, from, inner, offsets));
    nodes.push(item.wrap(renderRange(text, from, to, inner, offsets)));
    at = to;
  }
  if (at < end) nodes.push(...renderRange(text, at, end, inner, offsets));
  return nodes;
}

/** Keeps the first of overlapping items (sorted by start, longer first). */
function nonOverlapping<T extends Span>(items: T[]): T[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  let end = -1;
  for (const item of sorted) {
    if (item.start >= end && item.end > item.start) {
      kept.push(item);
      end = item.end;
    }
  }
  return kept;
}

function mentionTooltip(): {
  el: HTMLElement;
  show: (anchor: HTMLElement, entity: Entity | undefined, type: string) => void;
  hide: () => void;
} {
  const el = h('div', { id: 'mention-tip', class: 'mention-tip', role: 'tooltip', hidden: true });
  let owner: HTMLElement | null = null;
  const hide = () => {
    el.hidden = true;
    owner?.removeAttribute('aria-describedby');
    owner = null;
  };
  const show = (anchor: HTMLElement, entity: Entity | undefined, type: string) => {
    owner?.removeAttribute('aria-describedby');
    owner = anchor;
    const details: Child[] = [
      h('strong', null, entity?.name ?? anchor.textContent ?? ''),
      h('span', { class: `badge badge-${type}` }, typeLabel(type)),
    ];
    if (entity?.country && entity.id !== entity.country) details.push(h('span', { class: 'tip-meta' }, entity.country));
    el.replaceChildren(
      h('span', { class: 'tip-line' }, ...details),
      h('span', { class: 'tip-hint' }, 'Open the entity page'),
    );
    el.hidden = false;
    anchor.setAttribute('aria-describedby', 'mention-tip');
    const box = anchor.getBoundingClientRect();
    const width = Math.min(280, window.innerWidth - 16);
    el.style.width = `${width}px`;
    el.style.left = `${Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + window.innerWidth - width - 8))}px`;
    el.style.top = `${box.bottom + window.scrollY + 6}px`;
  };
  return { el, show, hide };
}

export const actorPage: Page = async ({ params, query, signal, onCleanup }) => {
  const id = params[0]!;
  const version = query.get('version');
  const detail = await getJson<ActorDetail>(
    `/api/actors/${encodeURIComponent(id)}${version ? `?version=${encodeURIComponent(version)}` : ''}`,
    signal,
  );
  const x = detail.extraction;
  await loadPhrases(); // relation labels come from the phrase table (fetched once per session)
  // Reviewed facts (confirmed or edited by a person) get a subtle marker; rejected ones are not in the extraction.
  const reviewed = new Map<string, { status: 'confirmed' | 'edited'; by: string | null }>();
  const reviewKey = (kind: string, span: Span) => `${kind}:${span.start}:${span.end}`;
  // Checks run over each actor's latest version: their offsets only fit that version's text.
  const showsLatest = detail.version.version === Math.max(...detail.versions.map((v) => v.version));
  const [statusPages, who, checkReport] = await Promise.all([
    Promise.all(
      (['confirmed', 'edited'] as const).map((status) =>
        getJson<{
          facts: {
            kind: string;
            start: number;
            end: number;
            status: 'confirmed' | 'edited';
            reviewedBy: string | null;
          }[];
        }>(
          withQuery(`/api/actors/${encodeURIComponent(id)}/facts`, {
            status,
            version: detail.version.version,
            limit: 500,
          }),
          signal,
        ).catch(() => ({ facts: [] })),
      ),
    ),
    session(),
    // Reference checks are about profiles: a source has none of its own.
    showsLatest && x.kind !== 'source'
      ? getJson<CheckReport>(withQuery('/api/checks', { actor: id }), signal).catch(() => null)
      : null,
  ]);
  // A profile's latest version gets the source sentences about the actor.
  const inSources =
    showsLatest && x.kind !== 'source'
      ? await getJson<ActorSources>(
          withQuery(`/api/actors/${encodeURIComponent(id)}/sources`, { limit: 100 }),
          signal,
        ).catch(() => null)
      : null;
  const history =
    detail.versions.length > 1
      ? await getJson<InterestHistory>(`/api/actors/${encodeURIComponent(id)}/history`, signal).catch(() => null)
      : null;
  for (const page of statusPages)
    for (const f of page.facts) reviewed.set(reviewKey(f.kind, f), { status: f.status, by: f.reviewedBy });
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
  const text = x.text;
  const entities = new Map(x.entities.map((e) => [e.id, e]));
  const latest = Math.max(...detail.versions.map((v) => v.version));
  const isLatest = detail.version.version === latest;
  const sentenceOf = (offset: number) => x.sentences.find((s) => offset >= s.start && offset < s.end);
  const evidenceLink = (span: Span, label = 'Show in text') => {
    const sentence = sentenceOf(span.start);
    return h('a', { href: `#s-${sentence?.start ?? span.start}`, class: 'evidence-link' }, label);
  };
  const quote = (span: Span) => {
    const s = sentenceOf(span.start) ?? span;
    return h('q', { class: 'evidence-inline' }, text.slice(s.start, s.end));
  };

  // --- the text, line by line, with sentences > times/quantities > mentions nested ----------
  const tip = mentionTooltip();
  const sentences: Layer = nonOverlapping(x.sentences).map((s) => ({
    ...s,
    wrap: (children) => h('span', { class: 's', id: `s-${s.start}` }, children),
  }));
  const mentions: Layer = nonOverlapping(x.mentions).map((m) => ({
    ...m,
    wrap: (children) =>
      h(
        'a',
        {
          class: `m m-${m.type}${reviewed.has(reviewKey('mention', m)) ? ` is-${reviewed.get(reviewKey('mention', m))!.status}` : ''}`,
          'data-review': reviewed.get(reviewKey('mention', m))?.status ?? null,
          'data-start': m.start,
          href: `/entities/${encodeURIComponent(m.entity)}`,
          'data-entity': m.entity,
          'data-type': m.type,
          onmouseenter: (e) => tip.show(e.currentTarget as HTMLElement, entities.get(m.entity), m.type),
          onfocus: (e) => tip.show(e.currentTarget as HTMLElement, entities.get(m.entity), m.type),
          onmouseleave: tip.hide,
          onblur: tip.hide,
        },
        children,
      ),
  }));
  const marks: Layer = nonOverlapping([
    ...x.times.map((t) => ({
      ...t,
      wrap: (c: Node[]) => h('span', { class: 'tx', title: `Time: ${formatEdtf(t.value)} (${t.value})` }, c),
    })),
    ...x.quantities.map((q) => ({
      ...q,
      wrap: (c: Node[]) => h('span', { class: 'qx', title: `Quantity: ${formatQuantity(q.value, q.unit)}` }, c),
    })),
  ]);
  // A source's text before its first heading is a section with an empty heading: no heading to show.
  const sectionStarts = new Set(x.sections.filter((s) => s.heading !== '').map((s) => s.start));
  // A source's byline, dateline and publisher lines are shown as what they are: metadata.
  const metadataSpans = Object.values(detail.metadata.spans ?? {}).filter(
    (span): span is { start: number; end: number } => span !== undefined,
  );
  const isMetadataLine = (start: number, end: number) =>
    metadataSpans.some((span) => span.start >= start && span.end <= end);
  const interestAt = new Map(x.interests.map((i) => [i.start, i]));
  const offsets: TextOffsets = new WeakMap();
  const article = h('article', { class: 'doc', 'aria-label': `${detail.actor.name}: profile text` });
  let lineStart = 0;
  text.split('\n').forEach((line, n) => {
    const start = lineStart;
    const end = start + line.length;
    lineStart = end + 1;
    if (!line.trim()) return;
    const content = renderRange(text, start, end, [sentences, marks, mentions], offsets);
    const interest = interestAt.get(start);
    // A source titled by its front matter opens with text, not with its title.
    if (n === 0 && (x.kind !== 'source' || line.trim() === detail.actor.name.trim()))
      article.append(h('p', { class: 'doc-title' }, content));
    else if (sectionStarts.has(start)) article.append(h('h2', { class: 'doc-section' }, content));
    else if (interest) article.append(h('h3', { class: 'doc-interest', id: `interest-${interest.rank}` }, content));
    else if (isMetadataLine(start, end)) article.append(h('p', { class: 'doc-meta' }, content));
    else article.append(h('p', null, content));
  });
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') tip.hide();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    tip.el.remove();
  });

  // --- side panels ------------------------------------------------------------------------
  const present = new Set<MentionType>(x.mentions.map((m) => m.type));
  const legend = h(
    'section',
    { class: 'legend', 'aria-labelledby': 'legend-h' },
    h('h2', { id: 'legend-h', class: 'visually-hidden' }, 'Legend'),
    h(
      'ul',
      { class: 'legend-list' },
      allTypes
        .filter((t) => present.has(t))
        .map((t) => h('li', null, h('span', { class: `m m-${t} legend-sample` }, typeLabel(t)))),
      x.times.length ? h('li', null, h('span', { class: 'tx legend-sample' }, 'Time')) : null,
      x.quantities.length ? h('li', null, h('span', { class: 'qx legend-sample' }, 'Quantity')) : null,
    ),
    x.mentions.length === 0
      ? h('p', { class: 'muted' }, 'No mentions have been extracted from this version yet.')
      : null,
  );

  const interests = h(
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

  const posture = x.posture
    ? h(
        'section',
        { class: 'panel', 'aria-labelledby': 'posture-h' },
        h('h2', { id: 'posture-h' }, 'Posture toward the focus country'),
        h(
          'p',
          null,
          h('span', { class: `posture posture-${x.posture.label}` }, postureLabels[x.posture.label] ?? x.posture.label),
          reviewMark('posture', x.posture.evidence),
          ' ',
          evidenceLink(x.posture.evidence, 'Evidence'),
        ),
      )
    : null;

  const name = (entityId: string | null) => (entityId ? (entities.get(entityId)?.name ?? entityId) : null);
  const eventItem = (e: ActorDetail['extraction']['events'][number]) =>
    h(
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
  // Current facts first; what the text places in a past that no longer holds under "Earlier", latest first.
  const eventsByTime = splitByTime(x.events, (e) => e.valid ?? e.date);
  const events = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'events-h' },
    h('h2', { id: 'events-h' }, 'Events'),
    x.events.length
      ? [
          eventsByTime.current.length ? h('ul', { class: 'event-list' }, eventsByTime.current.map(eventItem)) : null,
          eventsByTime.earlier.length
            ? [
                h('h3', { class: 'small muted', id: 'events-earlier-h' }, 'Earlier'),
                h(
                  'ul',
                  { class: 'event-list', 'aria-labelledby': 'events-earlier-h' },
                  eventsByTime.earlier.map(eventItem),
                ),
              ]
            : null,
        ]
      : h('p', { class: 'muted' }, 'No events extracted.'),
  );

  const relationItem = (r: ActorDetail['extraction']['relations'][number]) =>
    h(
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
  const relationsByTime = splitByTime(x.relations, (r) => r.valid ?? null, false);
  const relations = x.relations.length
    ? h(
        'section',
        { class: 'panel', 'aria-labelledby': 'relations-h' },
        h('h2', { id: 'relations-h' }, 'Relations'),
        relationsByTime.current.length
          ? h('ul', { class: 'relation-list' }, relationsByTime.current.map(relationItem))
          : null,
        relationsByTime.earlier.length
          ? [
              h('h3', { class: 'small muted', id: 'relations-earlier-h' }, 'Earlier'),
              h(
                'ul',
                { class: 'relation-list', 'aria-labelledby': 'relations-earlier-h' },
                relationsByTime.earlier.map(relationItem),
              ),
            ]
          : null,
      )
    : null;

  const checks = checkReport
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

  const sourcesPanel = inSources ? sourcesSection(inSources, detail.actor.name) : null;
  const subjectsLine =
    x.kind === 'source' && x.subjects?.length
      ? h(
          'p',
          { class: 'meta subjects-line' },
          'About ',
          x.subjects.map((subject, n) => [
            n ? ', ' : '',
            h('a', { href: `/entities/${encodeURIComponent(subject.entity)}` }, name(subject.entity) ?? subject.entity),
          ]),
          h('span', { class: 'muted small' }, ` (${subjectReasonLabels[x.subjects[0]!.how]})`),
        )
      : null;

  const sortedVersions = [...detail.versions].sort((a, b) => b.version - a.version);
  const actorHref = `/actors/${encodeURIComponent(detail.id)}`;
  const versionSelect = h(
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
  const current = detail.version.version;
  const versions = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'versions-h' },
    h('h2', { id: 'versions-h' }, 'Versions'),
    detail.versions.length > 1
      ? h('div', { class: 'field version-field' }, h('label', { for: 'version-pick' }, 'Show version'), versionSelect)
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

  const isSource = x.kind === 'source';
  const meta: Child[] = [
    isSource ? h('span', { class: 'kind-badge' }, 'Source') : null,
    detail.actor.country
      ? h('span', null, h('a', { href: `/entities/${encodeURIComponent(detail.actor.country)}` }, detail.actor.country))
      : null,
    detail.metadata.publisher ? h('span', null, detail.metadata.publisher) : null,
    detail.metadata.published ? h('span', null, `Published ${formatDay(detail.metadata.published)}`) : null,
    detail.metadata.asOf ? h('span', null, `As of ${formatDay(detail.metadata.asOf)}`) : null,
    h('span', null, `Version ${detail.version.version} of ${detail.versions.length}`),
    detail.metadata.author ? h('span', null, detail.metadata.author) : null,
    detail.metadata.source && /^https?:\/\//.test(detail.metadata.source)
      ? h('span', null, h('a', { href: detail.metadata.source, rel: 'noopener noreferrer' }, 'Source'))
      : null,
  ];
  const node = h(
    'div',
    { class: 'page actor-page' },
    h(
      'header',
      { class: 'page-header' },
      downloadMenu({ actor: { id: detail.id, name: detail.actor.name, version: detail.version.version } }),
      h(
        'p',
        { class: 'eyebrow' },
        isSource
          ? [h('a', { href: '/#sources-h' }, 'Sources'), ' / source']
          : [h('a', { href: '/' }, 'Actors'), ' / profile'],
      ),
      h('h1', null, detail.actor.name),
      h(
        'p',
        { class: 'meta' },
        meta.filter(Boolean).map((m, n) => [n ? h('span', { class: 'sep', 'aria-hidden': 'true' }, '·') : null, m]),
      ),
      subjectsLine,
    ),
    isLatest
      ? null
      : h(
          'p',
          { class: 'notice', role: 'note' },
          `You are reading version ${detail.version.version}. `,
          h('a', { href: `/actors/${encodeURIComponent(detail.id)}` }, 'Read the latest version'),
        ),
    h(
      'div',
      { class: 'actor-layout' },
      h('div', { class: 'actor-main' }, legend, article, sourcesPanel),
      h(
        'aside',
        { class: 'actor-aside', 'aria-label': 'Extracted facts' },
        isSource ? null : interests,
        posture,
        events,
        relations,
        checks,
        versions,
      ),
    ),
    tip.el,
  );
  const editor = isEditor(who) && isLatest;
  return {
    title: detail.actor.name,
    node,
    mounted: editor
      ? async () => {
          // Editor-only code loads on demand: readers never download it.
          const { attachEditorTools } = await import('../actor-editor.js');
          attachEditorTools({
            article,
            aside: node.querySelector('.actor-aside')!,
            actorId: detail.id,
            actorName: detail.actor.name,
            text,
            entities: x.entities,
            offsetOf: (n) => offsets.get(n),
            signal,
            onCleanup,
          });
        }
      : undefined,
  };
};

const subjectReasonLabels: Record<SubjectReason, string> = {
  'front-matter': 'as its front matter says',
  title: 'named in its title',
  lead: 'named in its lead',
  'most-mentioned': 'the country it mentions most',
};

const sourceLabel = (source: SourceRef): string =>
  [source.publisher, source.published ? formatDay(source.published) : null].filter(Boolean).join(' · ');
const sourceHref = (source: SourceRef, start: number): string =>
  `/actors/${encodeURIComponent(source.series)}?version=${source.version}#s-${start}`;

/** "In the sources": the sources about the actor, then its sentences in the sources under its interests. */
function sourcesSection(panel: ActorSources, actorName: string): HTMLElement {
  const total = panel.groups.reduce((n, group) => n + group.sentences.length, 0);
  return h(
    'section',
    { class: 'panel in-sources', 'aria-labelledby': 'in-sources-h' },
    h('h2', { id: 'in-sources-h' }, 'In the sources'),
    total === 0 && panel.concerning.length === 0
      ? h(
          'p',
          { class: 'muted' },
          `No source mentions ${actorName} yet. Articles, briefs and pages you add are linked here.`,
        )
      : null,
    panel.concerning.length
      ? h(
          'div',
          { class: 'sources-about' },
          h('h3', { class: 'small' }, `About ${actorName}`),
          h(
            'ul',
            { class: 'source-refs' },
            panel.concerning.map((source) =>
              h(
                'li',
                null,
                h('a', { href: `/actors/${encodeURIComponent(source.series)}` }, source.title),
                h('span', { class: 'muted small' }, [
                  sourceLabel(source) ? ` · ${sourceLabel(source)}` : '',
                  ` · ${subjectReasonLabels[source.how]}`,
                ]),
              ),
            ),
          ),
        )
      : null,
    panel.groups.map((group) =>
      h(
        'div',
        { class: 'source-group' },
        h(
          'h3',
          { class: 'small' },
          group.interest
            ? [
                h('span', { class: 'rank', 'aria-hidden': 'true' }, String(group.interest.rank)),
                ' ',
                group.interest.title,
                ' ',
                group.interest.themes.slice(0, 1).map((t) => themeChip(t, { primary: true })),
              ]
            : 'Other mentions',
        ),
        h(
          'ul',
          { class: 'source-sentences' },
          group.sentences.map((sentence) =>
            h(
              'li',
              null,
              h('q', { class: 'evidence-inline' }, sentence.text),
              h(
                'div',
                { class: 'muted small' },
                h('a', { href: sourceHref(sentence.source, sentence.start) }, sentence.source.title),
                sourceLabel(sentence.source) ? ` · ${sourceLabel(sentence.source)}` : '',
              ),
            ),
          ),
        ),
      ),
    ),
    panel.more ? h('p', { class: 'small muted' }, `Showing the ${panel.shown} newest sentences.`) : null,
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
