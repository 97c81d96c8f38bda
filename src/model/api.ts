// Shapes the core returns and the API serves: actor summaries and details, versions, search.
import { z } from 'zod';
import { ActorSchema, DocumentKindSchema, DocumentMetadataSchema, SourceFormatSchema } from './document.js';
import { EntitySchema, MentionTypeSchema, SubjectReasonSchema } from './extraction.js';
import { ExtractionSchema } from './extraction-contract.js';
import { ThemeSchema } from './themes.js';

export const VersionSummarySchema = z
  .object({
    version: z.number().int().positive(),
    hash: z.string(),
    sourceName: z.string(),
    format: SourceFormatSchema,
    ingestedAt: z.string(),
    asOf: z.string().nullable(),
  })
  .meta({ id: 'VersionSummary' });
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export const ActorSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    latestVersion: z.number().int().positive(),
    versions: z.number().int().positive(),
    asOf: z.string().nullable(),
    interests: z.array(z.object({ rank: z.number().int(), title: z.string(), themes: z.array(ThemeSchema) })),
    sentenceCount: z.number().int().nonnegative(),
  })
  .meta({ id: 'ActorSummary' });
export type ActorSummary = z.infer<typeof ActorSummarySchema>;

/** The query of a page of actors: how many, after which cursor, of which country, with which words. */
export const ActorPageRequestSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(400).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code such as KAZ')
    .optional(),
  q: z.string().max(200).optional(),
});
export type ActorPageRequest = z.input<typeof ActorPageRequestSchema>;
/** GET /api/actors: a page of actors; `next` is the cursor of the following page, or null on the last. */
export const ActorPageSchema = z.object({ actors: z.array(ActorSummarySchema), next: z.string().nullable() });
export type ActorPage = z.infer<typeof ActorPageSchema>;
/** GET /api/sources: a page of the source documents' actors, as GET /api/actors pages them. */
export const SourcePageSchema = z.object({ sources: z.array(ActorSummarySchema), next: z.string().nullable() });
export type SourcePage = z.infer<typeof SourcePageSchema>;

export const ActorDetailSchema = z
  .object({
    id: z.string(),
    actor: ActorSchema,
    version: VersionSummarySchema,
    versions: z.array(VersionSummarySchema),
    metadata: DocumentMetadataSchema,
    extraction: ExtractionSchema,
  })
  .meta({ id: 'ActorDetail' });
export type ActorDetail = z.infer<typeof ActorDetailSchema>;

/** The search limits, one source for the library, the store and both search routes. */
export const searchLimits = {
  /** The longest query (characters). */
  maxQueryLength: 1000,
  /** Hits per page: default and most. */
  defaultLimit: 20,
  maxLimit: 200,
  /** The furthest page the routes serve. */
  maxOffset: 100_000,
  /** Matches are counted up to this many unless an exact count is asked for ("10,000+"). */
  countCap: 10_000,
} as const;

/** `limit` and `offset` of a search route. */
export const searchPageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(searchLimits.maxLimit)
  .default(searchLimits.defaultLimit);
export const searchPageOffset = z.coerce.number().int().min(0).max(searchLimits.maxOffset).default(0);

export const SearchQuerySchema = z.object({
  q: z.string().max(searchLimits.maxQueryLength),
  actor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(searchLimits.maxLimit).default(searchLimits.defaultLimit),
  offset: z.coerce.number().int().min(0).default(0),
  /** `exact`: count every match; by default matches are counted up to 10,000 (`totalExact: false` beyond). */
  count: z.enum(['capped', 'exact']).optional(),
});
export type SearchQuery = z.input<typeof SearchQuerySchema>;

export const SearchHitSchema = z
  .object({
    actor: z.string(),
    actorName: z.string(),
    version: z.number().int(),
    text: z.string(),
    /** The sentence with matches wrapped in <mark>…</mark>; all other text HTML-escaped. */
    snippet: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    score: z.number(),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** The entity a search query names (an alias such as "Nur-Sultan" names Astana), to offer its page. */
export const NamedEntitySchema = z
  .object({ id: z.string(), name: z.string(), type: MentionTypeSchema })
  .meta({ id: 'NamedEntity' });
export type NamedEntity = z.infer<typeof NamedEntitySchema>;

export const SearchResultSchema = z
  .object({
    /** Matches, counted up to 10,000 unless an exact count was asked for. */
    total: z.number().int().nonnegative(),
    /** False when counting stopped at the cap: there are more than `total` matches ("10,000+"). */
    totalExact: z.boolean(),
    hits: z.array(SearchHitSchema),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResultSchema>;
/** GET /api/search: a search answer, with the entity the query names (by its name or an alias) when it names one. */
export const SearchWithEntitySchema = SearchResultSchema.extend({ entity: NamedEntitySchema.optional() });
export type SearchWithEntity = z.infer<typeof SearchWithEntitySchema>;

export const IngestOutcomeSchema = z.object({
  status: z.enum(['created', 'new-version', 'unchanged']),
  actorId: z.string(),
  actorName: z.string(),
  version: z.number().int().positive(),
});
export type IngestOutcome = z.infer<typeof IngestOutcomeSchema>;

export const EntityDetailSchema = z
  .object({
    entity: EntitySchema,
    mentions: z.array(
      z.object({
        actor: z.string(),
        actorName: z.string(),
        /** In a profile or in a source. */
        kind: DocumentKindSchema,
        published: z.string().nullable(),
        publisher: z.string().nullable(),
        version: z.number().int(),
        start: z.number().int(),
        end: z.number().int(),
        text: z.string(),
        type: MentionTypeSchema,
        /** The sentence holding the mention; null when it lies outside every sentence (the title). */
        sentence: z.object({ text: z.string(), start: z.number().int(), end: z.number().int() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'EntityDetail' });
export type EntityDetailView = z.infer<typeof EntityDetailSchema>;

/**
 * GET /api/entities/:id: the entity with one page of its mentions; `page` says which sentences and where the next page
 * starts (offset pages), `next` is the cursor of the following page (keyset pages).
 */
export const EntityMentionPageSchema = EntityDetailSchema.extend({
  /** Present when ?limit= was given: which sentences these mentions belong to, and where the next page starts. */
  page: z
    .object({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive(),
      /** Sentences (across all documents) that mention the entity. */
      sentences: z.number().int().nonnegative(),
      /** The offset of the next page, or null on the last. */
      next: z.number().int().nonnegative().nullable(),
    })
    .optional(),
  /** Keyset pages (no ?limit= or a ?cursor=): the cursor of the following page of mentions, or null on the last. */
  next: z.string().nullable().optional(),
}).meta({ id: 'EntityMentionPage' });
export type EntityMentionPage = z.infer<typeof EntityMentionPageSchema>;
/** POST /api/entities/:id/merge: the entity merged into, and how many mentions moved to it. */
export const EntityMergeResultSchema = z.object({
  entity: EntitySchema,
  mentionsMoved: z.number().int().nonnegative(),
});
export type EntityMergeResult = z.infer<typeof EntityMergeResultSchema>;
/** The body of POST /api/entities/:id/merge: the entity to merge into. */
export const EntityMergeSchema = z.object({ into: z.string().min(1).max(200) });
export type EntityMerge = z.infer<typeof EntityMergeSchema>;

/** A source document as a reference: its series, latest version, title, publisher and publication date. */
export const SourceRefSchema = z
  .object({
    series: z.string(),
    version: z.number().int().positive(),
    title: z.string(),
    publisher: z.string().nullable(),
    /** EDTF publication date, or null. */
    published: z.string().nullable(),
  })
  .meta({ id: 'SourceRef' });
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** One sentence of a source (its latest version), with the source it is in. */
export const SourceSentenceSchema = z
  .object({
    source: SourceRefSchema,
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    themes: z.array(ThemeSchema),
  })
  .meta({ id: 'SourceSentence' });
export type SourceSentence = z.infer<typeof SourceSentenceSchema>;

/**
 * The "In the sources" panel of an actor: the sources that concern it (their subjects name it) and
 * the source sentences that mention it, grouped under the actor's interests by theme (newest source
 * first), the rest under `other`.
 */
export const ActorSourcesSchema = z
  .object({
    actor: z.string(),
    /** Sources whose subjects name this actor, with why (front matter, title, lead, most mentioned). */
    concerning: z.array(SourceRefSchema.extend({ how: SubjectReasonSchema })),
    groups: z.array(
      z.object({
        /** The interest whose themes the sentences share; null for the sentences that fit none. */
        interest: z.object({ rank: z.number().int(), title: z.string(), themes: z.array(ThemeSchema) }).nullable(),
        sentences: z.array(SourceSentenceSchema),
      }),
    ),
    /** Sentences shown (at most the limit). */
    shown: z.number().int().nonnegative(),
    /** Whether more sentences mention the actor than were shown. */
    more: z.boolean(),
  })
  .meta({ id: 'ActorSources' });
export type ActorSources = z.infer<typeof ActorSourcesSchema>;

/** GET /healthz: liveness, and the collection's counts where the caller may read it. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  actors: z
    .number()
    .int()
    .optional()
    .describe(
      'Only for callers who may read the collection (anyone on a public-read instance, signed-in users on a ' +
        'private one), once counted: the counts are refreshed in the background after a write, so they may lag it ' +
        'briefly',
    ),
  sentences: z.number().int().optional(),
});
export type Health = z.infer<typeof HealthSchema>;
