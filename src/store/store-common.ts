// Behaviour both backends share beyond row mapping: query normalisation, actor ordering and
// the shape of an entity's mention references.
import { searchLimits, type ActorSummary, type MentionType, type SearchQuery } from '../model/index.js';
import type { EntityMentionRef } from './store.js';

export interface NormalizedSearchQuery {
  q: string;
  actor: string | undefined;
  limit: number;
  offset: number;
  /** Count every match (`count: 'exact'`) instead of stopping at the cap. */
  exactCount: boolean;
}

/** Matches are counted up to this many unless an exact count is asked for ("10,000+"). */
export const searchCountCap = searchLimits.countCap;
/** A page is ranked among this many of the newest matches; later positions follow newest first. */
export const searchRankWindow = 500;

const integerOr = (value: unknown, fallback: number): number => {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? Math.trunc(number) : fallback;
};

/**
 * Any query is valid: text is cut at 1000 characters, limit clamped to 1..200, offset to ≥ 0; `count: 'exact'` asks for
 * an exact total.
 */
export function normalizeSearchQuery(query: SearchQuery): NormalizedSearchQuery {
  const q = typeof query?.q === 'string' ? query.q.slice(0, 1000) : '';
  const actor = typeof query?.actor === 'string' && query.actor !== '' ? query.actor : undefined;
  const limit = Math.min(200, Math.max(1, integerOr(query?.limit, 20)));
  const offset = Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, integerOr(query?.offset, 0)));
  return { q, actor, limit, offset, exactCount: query?.count === 'exact' };
}

/** Actors by name (locale-aware, the same in both backends whatever the database collation), then id. */
export function sortActors(actors: ActorSummary[]): ActorSummary[] {
  return actors.sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One row of the mention ⨝ actor ⨝ sentence query of getEntity. */
export interface MentionJoinRow {
  actor: string;
  actor_name: string;
  kind: string;
  published: string | null;
  publisher: string | null;
  version: number;
  span_start: number;
  span_end: number;
  text: string;
  type: string;
  sentence_text: string | null;
  sentence_start: number | null;
  sentence_end: number | null;
}

export const mentionRefFromRow = (row: MentionJoinRow): EntityMentionRef => ({
  actor: row.actor,
  actorName: row.actor_name,
  kind: row.kind === 'source' ? 'source' : 'profile',
  published: row.published ?? null,
  publisher: row.publisher ?? null,
  version: row.version,
  start: row.span_start,
  end: row.span_end,
  text: row.text,
  type: row.type as MentionType,
  sentence:
    row.sentence_text === null || row.sentence_start === null || row.sentence_end === null
      ? null
      : { text: row.sentence_text, start: row.sentence_start, end: row.sentence_end },
});
