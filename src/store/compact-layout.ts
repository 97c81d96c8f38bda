// The layout JSON of a document stored compactly (migration 18): its sentences as a flat list of numbers (the gap
// from the previous sentence's end, the length, the section, the interest or 0), its sections and interests as
// lists, a heading or a title left out when it is the slice of the text at its span. The layout read back is the
// one written, key for key and in the same key order. A layout of another shape (a field more or less) is stored
// as it is; both forms are read (a row written before migration 18, or by a writer of another shape).
import type { DocumentLayout } from './rows.js';

/** The mark of the compact form (a plain layout has no `v`). */
const compactVersion = 2;

interface CompactLayout {
  v: typeof compactVersion;
  /** titleSpan: [start, end]. */
  t: [number, number];
  /** sections: [start, end, headingStart, headingEnd, kind, heading?]. */
  h: Array<[number, number, number, number, string, string?]>;
  /** interests: [rank, start, end, titleStart, titleEnd, title?]. */
  i: Array<[number, number, number, number, number, string?]>;
  /** sentences: gap, length, section, interest (0: none), for each in turn. */
  s: number[];
  pages?: DocumentLayout['pages'];
  metadataSpans?: DocumentLayout['metadataSpans'];
}

const int = (value: unknown): value is number => Number.isInteger(value);
/** Whether `value` is an object of these keys (in this order, unless `anyOrder`). */
const keysAre = (value: unknown, keys: string, anyOrder = false): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const own = Object.keys(value);
  return (anyOrder ? own.sort() : own).join(',') === (anyOrder ? keys.split(',').sort().join(',') : keys);
};
const layoutKeys = ['titleSpan', 'sections', 'interests', 'sentences', 'pages', 'metadataSpans'];

/**
 * Whether `layout` has exactly the shape the compact form keeps, its keys in the order read back (else it is stored
 * as it is); `anyOrder`: in any order (a PostgreSQL jsonb value, whose keys have no order of their own).
 */
function compactable(layout: DocumentLayout, anyOrder: boolean): boolean {
  const keys = Object.keys(layout);
  const shape = layoutKeys.filter((key) => keys.includes(key)).join(',');
  if (!keysAre(layout, shape, anyOrder) || !layoutKeys.slice(0, 4).every((key) => keys.includes(key))) return false;
  const { titleSpan: title, sections, interests, sentences } = layout;
  return (
    keysAre(title, 'start,end', anyOrder) &&
    int(title.start) &&
    int(title.end) &&
    sections.every(
      (s) =>
        keysAre(s, 'heading,start,end,headingStart,headingEnd,kind', anyOrder) &&
        typeof s.heading === 'string' &&
        [s.start, s.end, s.headingStart, s.headingEnd].every(int) &&
        typeof s.kind === 'string',
    ) &&
    interests.every(
      (i) =>
        keysAre(i, 'rank,title,start,end,titleStart,titleEnd', anyOrder) &&
        typeof i.title === 'string' &&
        [i.rank, i.start, i.end, i.titleStart, i.titleEnd].every(int),
    ) &&
    sentences.every(
      (s) =>
        keysAre(s, 'start,end,section,interest', anyOrder) &&
        [s.start, s.end, s.section].every(int) &&
        (s.interest === null || (int(s.interest) && s.interest > 0)),
    )
  );
}

/** The layout as stored: compact when it has the usual shape (`anyKeyOrder`: see compactable). */
export function storedLayout(layout: DocumentLayout, text: string, anyKeyOrder = false): unknown {
  if (!compactable(layout, anyKeyOrder)) return layout;
  const compact: CompactLayout = {
    v: compactVersion,
    t: [layout.titleSpan.start, layout.titleSpan.end],
    h: layout.sections.map((s) => {
      const row: CompactLayout['h'][number] = [s.start, s.end, s.headingStart, s.headingEnd, s.kind];
      if (text.slice(s.headingStart, s.headingEnd) !== s.heading) row.push(s.heading);
      return row;
    }),
    i: layout.interests.map((i) => {
      const row: CompactLayout['i'][number] = [i.rank, i.start, i.end, i.titleStart, i.titleEnd];
      if (text.slice(i.titleStart, i.titleEnd) !== i.title) row.push(i.title);
      return row;
    }),
    s: [],
  };
  let end = 0;
  for (const sentence of layout.sentences) {
    compact.s.push(sentence.start - end, sentence.end - sentence.start, sentence.section, sentence.interest ?? 0);
    end = sentence.end;
  }
  if (layout.pages) compact.pages = layout.pages;
  if (layout.metadataSpans) compact.metadataSpans = layout.metadataSpans;
  return compact;
}

/** The layout of a stored layout value (parsed JSON), either form; `text` is its document's text. */
export function layoutFromStored(stored: unknown, text: string): DocumentLayout {
  const value = stored as Partial<CompactLayout> & DocumentLayout;
  if (value.v !== compactVersion) return value;
  const compact = value as CompactLayout;
  const layout: DocumentLayout = {
    titleSpan: { start: compact.t[0], end: compact.t[1] },
    sections: compact.h.map(([start, end, headingStart, headingEnd, kind, heading]) => ({
      heading: heading ?? text.slice(headingStart, headingEnd),
      start,
      end,
      headingStart,
      headingEnd,
      kind: kind as DocumentLayout['sections'][number]['kind'],
    })),
    interests: compact.i.map(([rank, start, end, titleStart, titleEnd, title]) => ({
      rank,
      title: title ?? text.slice(titleStart, titleEnd),
      start,
      end,
      titleStart,
      titleEnd,
    })),
    sentences: [],
  };
  let end = 0;
  for (let n = 0; n + 3 < compact.s.length; n += 4) {
    const start = end + compact.s[n]!;
    end = start + compact.s[n + 1]!;
    const interest = compact.s[n + 3]!;
    layout.sentences.push({ start, end, section: compact.s[n + 2]!, interest: interest === 0 ? null : interest });
  }
  if (compact.pages) layout.pages = compact.pages;
  if (compact.metadataSpans) layout.metadataSpans = compact.metadataSpans;
  return layout;
}

/** The metadata spans of a stored layout value (parsed JSON), either form. */
export const metadataSpansOfStored = (stored: unknown): DocumentLayout['metadataSpans'] =>
  (stored as { metadataSpans?: DocumentLayout['metadataSpans'] } | null)?.metadataSpans;
