// Pages of an entity's mentions counted in sentences: mentions are ordered as the entity page shows
// them (profiles first, then sources newest first, text order inside each document), grouped by
// document and sentence (a sentence naming the entity twice is one), and a page is `limit`
// sentences from `offset`, with `next` the offset of the following page (null on the last).

/** The fields of a mention that ordering and grouping need. */
export interface PageableMention {
  actor: string;
  kind: 'profile' | 'source';
  published: string | null;
  version: number;
  start: number;
  sentence: { start: number } | null;
}

export interface MentionPage<M> {
  mentions: M[];
  page: { offset: number; limit: number; sentences: number; next: number | null };
}

/** Documents in page order: profiles (as stored), then sources newest first, undated sources last. */
function documentOrder(a: PageableMention, b: PageableMention): number {
  if (a.kind !== b.kind) return a.kind === 'profile' ? -1 : 1;
  if (a.kind === 'source')
    return Number(!a.published) - Number(!b.published) || (b.published ?? '').localeCompare(a.published ?? '');
  return 0;
}

/** The mentions of sentences [offset, offset + limit), in page order. Linear after one sort. */
export function pageMentions<M extends PageableMention>(
  mentions: readonly M[],
  offset: number,
  limit: number,
): MentionPage<M> {
  const documentOf = (m: M) => `${m.actor}\u0000${m.version}`;
  // Stable sort: documents in page order, then each mention's position in its document.
  const firstIndex = new Map<string, number>();
  mentions.forEach((m, n) => {
    if (!firstIndex.has(documentOf(m))) firstIndex.set(documentOf(m), n);
  });
  const ordered = [...mentions].sort(
    (a, b) =>
      documentOrder(a, b) || firstIndex.get(documentOf(a))! - firstIndex.get(documentOf(b))! || a.start - b.start,
  );
  const sentenceOf = new Map<string, number>();
  const sentenceIndex: number[] = [];
  for (const m of ordered) {
    const key = `${documentOf(m)}\u0000${m.sentence?.start ?? `@${m.start}`}`;
    let index = sentenceOf.get(key);
    if (index === undefined) {
      index = sentenceOf.size;
      sentenceOf.set(key, index);
    }
    sentenceIndex.push(index);
  }
  const total = sentenceOf.size;
  const selected = ordered.filter((_, n) => sentenceIndex[n]! >= offset && sentenceIndex[n]! < offset + limit);
  return {
    mentions: selected,
    page: { offset, limit, sentences: total, next: offset + limit < total ? offset + limit : null },
  };
}
