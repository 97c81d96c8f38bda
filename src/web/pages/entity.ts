// Entity page: type, country, Wikidata link, the mentions across the profiles and then across the
// sources (marked as such, newest first) grouped by document, each sentence once with the mentions
// highlighted, 50 sentences a page (?page= in the URL; the API pages by sentence), and the
// related entities (co-mentioned or via relations), their relations grouped by time: those that hold
// now first, then "Earlier" ones (the text places them in the past), latest first.
import { getJson, withQuery } from '../api.js';
import { h, highlightRanges } from '../dom.js';
import type {
  EntityDetailView as EntityDetail,
  EntityMentionPage,
  RelatedEntities,
  RelatedEntity,
} from '../../model/index.js';
import type { Page } from '../router.js';
import { loadPhrases, relationSentence } from '../phrases.js';
import { isEditor, session } from '../session.js';
import { evidenceHref, formatDay, plural, typeBadge } from '../ui.js';

interface SentenceGroup {
  actor: string;
  actorName: string;
  kind: 'profile' | 'source';
  published: string | null;
  publisher: string | null;
  version: number;
  sentence: { text: string; start: number; end: number } | null;
  ranges: { start: number; end: number }[];
  first: number;
}

/** Sentences of mentions shown per page. */
const sentencesPerPage = 50;

type EntityView = EntityMentionPage['entity'];
type Mention = EntityMentionPage['mentions'][number];

/**
 * Mentions grouped by document (actor and version; the API sends them in page order), then by sentence (a sentence
 * may mention the entity twice).
 */
function groupMentions(mentionList: Mention[]): Map<string, SentenceGroup[]> {
  const byActor = new Map<string, SentenceGroup[]>();
  for (const m of mentionList) {
    const documentKey = `${m.actor}\u0000${m.version}`;
    const groups = byActor.get(documentKey) ?? [];
    byActor.set(documentKey, groups);
    const key = m.sentence?.start ?? m.start;
    let group = groups.find((g) => (g.sentence?.start ?? g.first) === key);
    if (!group) {
      group = {
        actor: m.actor,
        actorName: m.actorName,
        kind: m.kind,
        published: m.published,
        publisher: m.publisher,
        version: m.version,
        sentence: m.sentence,
        ranges: [],
        first: m.start,
      };
      groups.push(group);
    }
    if (m.sentence) group.ranges.push({ start: m.start - m.sentence.start, end: m.end - m.sentence.start });
  }
  return byActor;
}

/** Type, country, Wikidata link, aliases and attributes. */
function entityFacts(entity: EntityView, countryName: string | null | undefined): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    h('dt', null, 'Type'),
    h('dd', null, typeBadge(entity.type)),
    entity.country
      ? [
          h('dt', null, 'Country'),
          h(
            'dd',
            null,
            entity.country === entity.id
              ? entity.country
              : h('a', { href: `/entities/${encodeURIComponent(entity.country)}` }, countryName ?? entity.country),
          ),
        ]
      : null,
    entity.wikidata && /^Q\d+$/.test(entity.wikidata)
      ? [
          h('dt', null, 'Wikidata'),
          h(
            'dd',
            null,
            h(
              'a',
              {
                href: `https://www.wikidata.org/wiki/${entity.wikidata}`,
                rel: 'noopener noreferrer',
                target: '_blank',
              },
              entity.wikidata,
              h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
            ),
          ),
        ]
      : null,
    entity.aliases?.length ? [h('dt', null, 'Also called'), h('dd', null, entity.aliases.join(', '))] : null,
    ...Object.entries(entity.attributes ?? {}).map(([key, value]) => [
      h(
        'dt',
        null,
        key.replace(/^\w/, (c) => c.toUpperCase()),
      ),
      h('dd', null, value),
    ]),
  );
}

/** The sentences of one document that mention the entity, its words highlighted, each linked to its place. */
function mentionGroup(groups: SentenceGroup[], entity: EntityView): HTMLElement {
  return h(
    'div',
    { class: `mention-group${groups[0]!.kind === 'source' ? ' is-source' : ''}` },
    h(
      'h3',
      null,
      groups[0]!.kind === 'source' ? [h('span', { class: 'kind-badge' }, 'Source'), ' '] : null,
      h('a', { href: `/actors/${encodeURIComponent(groups[0]!.actor)}` }, groups[0]!.actorName),
      h('span', { class: 'muted small' }, [
        groups[0]!.publisher ? ` · ${groups[0]!.publisher}` : '',
        groups[0]!.published ? ` · ${formatDay(groups[0]!.published)}` : '',
        ` · ${plural(groups.length, 'sentence')}`,
      ]),
    ),
    h(
      'ul',
      { class: 'sentence-list' },
      groups.map((g) =>
        h(
          'li',
          null,
          h(
            'p',
            { class: 'sentence' },
            g.sentence
              ? highlightRanges(
                  g.sentence.text,
                  g.ranges.map((r) => ({ ...r, className: `hl-${entity.type}` })),
                )
              : h('span', { class: 'muted' }, 'Outside any sentence (title or heading).'),
          ),
          h(
            'a',
            {
              class: 'evidence-link small',
              href: g.sentence
                ? evidenceHref({ actor: g.actor, version: g.version, start: g.sentence.start })
                : `/actors/${encodeURIComponent(g.actor)}`,
            },
            g.kind === 'source' ? 'Read in the source' : 'Read in the profile',
          ),
        ),
      ),
    ),
  );
}

/** A related entity: how often they appear together, and its relations grouped by time. */
function relatedItem(r: RelatedEntity, entity: EntityView): HTMLElement {
  return h(
    'li',
    null,
    h('a', { href: `/entities/${encodeURIComponent(r.id)}` }, r.name),
    ' ',
    typeBadge(r.type),
    r.cooccurrences
      ? h('span', { class: 'muted small' }, ` · together in ${plural(r.cooccurrences, 'sentence')}`)
      : null,
    r.relations.length
      ? h(
          'ul',
          { class: 'relation-sublist' },
          // Grouped by time: what holds now, then "Earlier" (the phrase carries the time: "recognised in the
          // 1990s").
          relationsByTime(r.relations).map(({ relations, earlier }) => [
            earlier ? h('li', { class: 'small muted relation-time-group' }, 'Earlier') : null,
            relations.map((rel) => {
              const phrase =
                rel.direction === 'out'
                  ? relationSentence(entity.name, rel, r.name)
                  : relationSentence(r.name, rel, entity.name);
              return h(
                'li',
                { class: 'small' },
                h('span', { class: rel.negated ? 'predicate is-negated' : 'predicate' }, phrase),
                ' ',
                h('a', { href: evidenceHref(rel.evidence) }, 'Evidence'),
              );
            }),
          ]),
        )
      : null,
  );
}

/** The related entities (co-mentioned or via relations), the first 40. */
function relatedSection(relatedList: RelatedEntity[], entity: EntityView): HTMLElement {
  return h(
    'section',
    { class: 'section', 'aria-labelledby': 'related-h' },
    h('h2', { id: 'related-h' }, 'Related entities'),
    relatedList.length === 0
      ? h('p', { class: 'muted' }, 'No other entity appears with it.')
      : h(
          'ul',
          { class: 'related-list' },
          relatedList.slice(0, 40).map((r) => relatedItem(r, entity)),
        ),
  );
}

export const entityPage: Page = async ({ params, query, signal }) => {
  const id = params[0]!;
  const path = `/api/entities/${encodeURIComponent(id)}`;
  const pageNumber = Math.max(1, Math.floor(Number(query.get('page'))) || 1);
  const [detail, related] = await Promise.all([
    getJson<EntityMentionPage>(
      withQuery(path, { limit: sentencesPerPage, offset: (pageNumber - 1) * sentencesPerPage }),
      signal,
    ),
    getJson<RelatedEntities>(`${path}/related`, signal).catch((): Pick<RelatedEntities, 'related'> => ({
      related: [],
    })),
  ]);
  await loadPhrases(); // relation phrases come from the phrase table (fetched once per session)
  const { entity } = detail;
  const countryName =
    entity.country && entity.country !== entity.id
      ? await getJson<EntityDetail>(`/api/entities/${encodeURIComponent(entity.country)}?limit=1`, signal).then(
          (c) => c.entity.name,
          () => entity.country,
        )
      : entity.country;

  const byActor = groupMentions(detail.mentions);

  // Pages of sentences: "Sentences 51–100 of 230", previous and next as links (?page= in the URL).
  const totalSentences =
    detail.page?.sentences ??
    new Set(detail.mentions.map((m) => `${m.actor}:${m.version}:${m.sentence?.start ?? `@${m.start}`}`)).size;
  const pageCount = Math.max(1, Math.ceil(totalSentences / sentencesPerPage));
  const pageHref = (n: number) => withQuery(`/entities/${encodeURIComponent(id)}`, { page: n > 1 ? n : null });
  const mentionPager = (key: string) =>
    h(
      'nav',
      { class: 'pager mention-pager', 'aria-label': key.endsWith('top') ? 'Mention pages' : 'Mention pages (bottom)' },
      pageNumber > 1
        ? h('a', { href: pageHref(Math.min(pageNumber - 1, pageCount)), rel: 'prev' }, '← Previous')
        : h('span'),
      h(
        'span',
        { class: 'muted small' },
        `Sentences ${Math.min((pageNumber - 1) * sentencesPerPage + 1, totalSentences)}–` +
          `${Math.min(pageNumber * sentencesPerPage, totalSentences)} of ${totalSentences} · ` +
          `page ${pageNumber} of ${pageCount}`,
      ),
      detail.page?.next != null ? h('a', { href: pageHref(pageNumber + 1), rel: 'next' }, 'Next →') : h('span'),
    );

  const facts = entityFacts(entity, countryName);

  const mentions = h(
    'section',
    { class: 'section', 'aria-labelledby': 'mentions-h' },
    h('h2', { id: 'mentions-h' }, `Mentions (${plural(totalSentences, 'sentence')})`),
    detail.mentions.length === 0
      ? h(
          'p',
          { class: 'muted' },
          totalSentences > 0
            ? ['No mentions on this page. ', h('a', { href: pageHref(1) }, 'First page')]
            : 'No profile or source mentions this entity.',
        )
      : null,
    pageCount > 1 ? mentionPager('mentions-pager-top') : null,
    [...byActor.values()].map((groups) => mentionGroup(groups, entity)),
    pageCount > 1 ? mentionPager('mentions-pager-bottom') : null,
  );

  const relatedView = relatedSection(related.related, entity);

  const node = h(
    'div',
    { class: 'page entity-page' },
    h('header', { class: 'page-header' }, h('p', { class: 'eyebrow' }, 'Entity'), h('h1', null, entity.name), facts),
    h('div', { class: 'two-col' }, mentions, relatedView),
  );
  const editor = isEditor(await session());
  return {
    title: entity.name,
    node,
    // Editor-only code loads on demand: readers never download it.
    mounted: editor
      ? async () => node.append((await import('../entity-editor.js')).entityEditorPanel(entity))
      : undefined,
  };
};

/**
 * A related entity's relation with the time the text gives it (absent until the API sends `valid`/`current`: current,
 * undated).
 */
type TimedRelation = RelatedEntity['relations'][number] & { valid?: string | null; current?: boolean };

/** Relations that hold now (text order), then the earlier ones latest first, undated last; empty groups left out. */
function relationsByTime<T extends TimedRelation>(relations: readonly T[]): { relations: T[]; earlier: boolean }[] {
  const current = relations.filter((rel) => rel.current !== false);
  const earlier = relations
    .filter((rel) => rel.current === false)
    .sort((a, b) => Number(!a.valid) - Number(!b.valid) || (b.valid ?? '').localeCompare(a.valid ?? ''));
  return [
    { relations: current, earlier: false },
    { relations: earlier, earlier: true },
  ].filter((group) => group.relations.length > 0);
}
