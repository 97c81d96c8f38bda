// Actor page: the profile text as written with every mention highlighted by type (focusable
// links to the entity, with a tooltip), times and quantities marked, the ranked interests,
// events, relations and posture with their evidence, the checks of its claims against the
// country data and the other profiles, the document's versions, and (for a profile) "In the
// sources": the source sentences that mention the actor, under its interests, newest first; (for a
// source) the actors it concerns.
import { getJson, withQuery } from '../api.js';
import { h, type Child } from '../dom.js';
import { isEditor, session } from '../session.js';
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
import type { Page } from '../router.js';
import { loadPhrases } from '../phrases.js';
import { allTypes, formatDay, formatEdtf, formatQuantity, themeChip, typeLabel } from '../ui.js';
import {
  checksPanel,
  eventsPanel,
  factContext,
  interestsPanel,
  posturePanel,
  relationsPanel,
  reviewKey,
  versionsPanel,
  type FactContext,
  type ReviewedFacts,
  type Span,
} from './actor-panels.js';

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
    const rightmost = window.scrollX + window.innerWidth - width - 8;
    el.style.left = `${Math.max(8, Math.min(box.left + window.scrollX, rightmost))}px`;
    el.style.top = `${box.bottom + window.scrollY + 6}px`;
  };
  return { el, show, hide };
}

/** What the actor page loads besides its detail: reviewed facts, the user, checks, "In the sources", ranks. */
interface ActorData {
  detail: ActorDetail;
  reviewed: ReviewedFacts;
  who: Awaited<ReturnType<typeof session>>;
  checkReport: CheckReport | null;
  inSources: ActorSources | null;
  history: InterestHistory | null;
}

interface ReviewedFactsPage {
  facts: { kind: string; start: number; end: number; status: 'confirmed' | 'edited'; reviewedBy: string | null }[];
}

async function loadActor(id: string, version: string | null, signal: AbortSignal): Promise<ActorData> {
  const detail = await getJson<ActorDetail>(
    `/api/actors/${encodeURIComponent(id)}${version ? `?version=${encodeURIComponent(version)}` : ''}`,
    signal,
  );
  const x = detail.extraction;
  await loadPhrases(); // relation labels come from the phrase table (fetched once per session)
  // Reviewed facts (confirmed or edited by a person) get a subtle marker; rejected ones are not in the extraction.
  const reviewed: ReviewedFacts = new Map();
  // Checks run over each actor's latest version: their offsets only fit that version's text.
  const showsLatest = detail.version.version === Math.max(...detail.versions.map((v) => v.version));
  const [statusPages, who, checkReport] = await Promise.all([
    Promise.all(
      (['confirmed', 'edited'] as const).map((status) =>
        getJson<ReviewedFactsPage>(
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
  return { detail, reviewed, who, checkReport, inSources, history };
}

type MentionTip = ReturnType<typeof mentionTooltip>;

/** The text's layers, outermost first: sentences, then times and quantities, then mentions. */
function textLayers(detail: ActorDetail, reviewed: ReviewedFacts, tip: MentionTip): Layer[] {
  const x = detail.extraction;
  const entities = new Map(x.entities.map((e) => [e.id, e]));
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
          class:
            `m m-${m.type}` +
            (reviewed.has(reviewKey('mention', m)) ? ` is-${reviewed.get(reviewKey('mention', m))!.status}` : ''),
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
  return [sentences, marks, mentions];
}

/** The profile text, line by line: title, section headings, interest headings, metadata lines, paragraphs. */
function profileText(detail: ActorDetail, layers: Layer[], offsets: TextOffsets): HTMLElement {
  const x = detail.extraction;
  const text = x.text;
  // A source's text before its first heading is a section with an empty heading: no heading to show.
  const sectionStarts = new Set(x.sections.filter((s) => s.heading !== '').map((s) => s.start));
  // A source's byline, dateline and publisher lines are shown as what they are: metadata.
  const metadataSpans = Object.values(detail.metadata.spans ?? {}).filter(
    (span): span is { start: number; end: number } => span !== undefined,
  );
  const isMetadataLine = (start: number, end: number) =>
    metadataSpans.some((span) => span.start >= start && span.end <= end);
  const interestAt = new Map(x.interests.map((i) => [i.start, i]));
  const article = h('article', { class: 'doc', 'aria-label': `${detail.actor.name}: profile text` });
  let lineStart = 0;
  text.split('\n').forEach((line, n) => {
    const start = lineStart;
    const end = start + line.length;
    lineStart = end + 1;
    if (!line.trim()) return;
    const content = renderRange(text, start, end, layers, offsets);
    const interest = interestAt.get(start);
    // A source titled by its front matter opens with text, not with its title.
    if (n === 0 && (x.kind !== 'source' || line.trim() === detail.actor.name.trim()))
      article.append(h('p', { class: 'doc-title' }, content));
    else if (sectionStarts.has(start)) article.append(h('h2', { class: 'doc-section' }, content));
    else if (interest) article.append(h('h3', { class: 'doc-interest', id: `interest-${interest.rank}` }, content));
    else if (isMetadataLine(start, end)) article.append(h('p', { class: 'doc-meta' }, content));
    else article.append(h('p', null, content));
  });
  return article;
}

/** The legend of the mention types (those present), times and quantities. */
function textLegend(x: ActorDetail['extraction']): HTMLElement {
  const present = new Set<MentionType>(x.mentions.map((m) => m.type));
  return h(
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
}

/** A source's "About …" line: the actors it concerns and how that was decided. */
function subjectsLine({ detail, name }: FactContext): HTMLElement | null {
  const x = detail.extraction;
  return x.kind === 'source' && x.subjects?.length
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
}

/** The page header: downloads, the breadcrumb, the name, the metadata line and (for a source) its subjects. */
function actorHeader(facts: FactContext): HTMLElement {
  const { detail } = facts;
  const isSource = detail.extraction.kind === 'source';
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
  return h(
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
    subjectsLine(facts),
  );
}

/** The side panels: interests (profiles only), posture, events, relations, checks and versions. */
function actorAside(data: ActorData, facts: FactContext): HTMLElement {
  return h(
    'aside',
    { class: 'actor-aside', 'aria-label': 'Extracted facts' },
    data.detail.extraction.kind === 'source' ? null : interestsPanel(facts),
    posturePanel(facts),
    eventsPanel(facts),
    relationsPanel(facts),
    checksPanel(data.checkReport),
    versionsPanel(data.detail, data.history),
  );
}

export const actorPage: Page = async ({ params, query, signal, onCleanup }) => {
  const data = await loadActor(params[0]!, query.get('version'), signal);
  const { detail } = data;
  const x = detail.extraction;
  const isLatest = detail.version.version === Math.max(...detail.versions.map((v) => v.version));
  const facts = factContext(detail, data.reviewed);

  // --- the text, line by line, with sentences > times/quantities > mentions nested ----------
  const tip = mentionTooltip();
  const offsets: TextOffsets = new WeakMap();
  const article = profileText(detail, textLayers(detail, data.reviewed, tip), offsets);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') tip.hide();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    tip.el.remove();
  });

  const sourcesPanel = data.inSources ? sourcesSection(data.inSources, detail.actor.name) : null;
  const node = h(
    'div',
    { class: 'page actor-page' },
    actorHeader(facts),
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
      h('div', { class: 'actor-main' }, textLegend(x), article, sourcesPanel),
      actorAside(data, facts),
    ),
    tip.el,
  );
  const editor = isEditor(data.who) && isLatest;
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
            text: x.text,
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
