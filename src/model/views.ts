// The views the API serves over the whole collection, as zod schemas (the types follow from them; they document the
// API in /openapi.json): the actors × themes compare matrix and its map, the entity/relation network, the timeline of
// events and dated statements, faceted search and the entities related to one entity. Computed in
// src/core/collection-views.ts; the web UI imports their types from here.
import { z } from 'zod';
import { DocumentKindSchema } from './document.js';
import { EventTypeSchema, MentionTypeSchema, RelationPredicateSchema } from './extraction.js';
import { NamedEntitySchema, SearchHitSchema } from './api.js';
import { PostureLabelSchema, ThemeSchema } from './themes.js';

export const EvidenceSentenceSchema = z
  .object({
    actor: z.string(),
    version: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
  })
  .meta({ id: 'EvidenceSentence' });
export type EvidenceSentence = z.infer<typeof EvidenceSentenceSchema>;

export const CompareCellSchema = z
  .object({
    /** `interest`: a ranked interest carries the theme; `narrative`: only sentences do. */
    kind: z.enum(['interest', 'narrative']),
    /** Rank of the best-ranked interest carrying the theme; null for `narrative`. */
    rank: z.number().int().positive().nullable(),
    interest: z.string().nullable(),
    /** The theme is the interest's primary (first) theme. */
    primary: z.boolean(),
    evidence: z.array(EvidenceSentenceSchema),
  })
  .meta({ id: 'CompareCell' });
export type CompareCell = z.infer<typeof CompareCellSchema>;

export const CompareViewSchema = z
  .object({
    themes: z.array(ThemeSchema),
    /** The focus countries of the collection (metadata `focus`), with their names. */
    focus: z.array(z.object({ country: z.string(), name: z.string() })),
    rows: z.array(
      z.object({
        actor: z.string(),
        name: z.string(),
        country: z.string().nullable(),
        version: z.number().int(),
        posture: PostureLabelSchema.nullable(),
        cells: z.record(z.string(), CompareCellSchema),
      }),
    ),
    /** The cursor of the next page (also in the `Link` header); null on the last page and for the whole matrix. */
    next: z.string().nullable(),
  })
  .meta({ id: 'CompareView' });
export type CompareView = z.infer<typeof CompareViewSchema>;
export type CompareRow = CompareView['rows'][number];

/** The query of a page of the compare matrix: how many profiles, after which cursor, sorted by which theme's rank. */
export const ComparePageRequestSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(600).optional(),
  /** Sort by the rank of this theme among each profile's interests (unranked profiles last, by id); absent: by id. */
  theme: ThemeSchema.optional(),
});
export type ComparePageRequest = z.input<typeof ComparePageRequestSchema>;

export const CompareMapSchema = z
  .object({
    theme: ThemeSchema,
    focus: z.array(z.object({ country: z.string(), name: z.string() })),
    /** One entry per country with a profile, by country code. */
    countries: z.array(
      z.object({
        country: z.string(),
        /**
         * `interest`: an interest of one of its profiles carries the theme; `narrative`: only sentences do; null:
         * neither.
         */
        kind: z.enum(['interest', 'narrative']).nullable(),
        /** The best rank of the theme among the interests of the country's profiles. */
        rank: z.number().int().positive().nullable(),
        /**
         * The profile to open: the best-ranked (then first by id), else the first whose sentences carry the theme, else
         * the first.
         */
        actor: z.string(),
        name: z.string(),
        /** How many profiles the country has. */
        actors: z.number().int().positive(),
      }),
    ),
  })
  .meta({ id: 'CompareMap' });
export type CompareMap = z.infer<typeof CompareMapSchema>;

export const GraphNodeSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    /**
     * `actor`: a profile; `source`: an article, brief or page (its mentions link it to what it names); `entity`:
     * anything named.
     */
    kind: z.enum(['actor', 'source', 'entity']),
    /** Entity type; an actor that is a state has type `country`. */
    type: MentionTypeSchema.nullable(),
    /** Actor id for actor and source nodes (opens /actors/:id). */
    actor: z.string().nullable(),
    /** Entity id when the node is a known entity (opens /entities/:id). */
    entity: z.string().nullable(),
    country: z.string().nullable(),
    themes: z.array(ThemeSchema),
    mentions: z.number().int().nonnegative(),
  })
  .meta({ id: 'GraphNode' });
export type GraphNode = z.infer<typeof GraphNodeSchema>;

export const GraphEdgeSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    kind: z.enum(['mention', 'relation']),
    predicate: RelationPredicateSchema.nullable(),
    negated: z.boolean(),
    weight: z.number().int().positive(),
    /** The actors giving the edge its facts (GET /api/graph: the first `graphEdgeCaps.actors`, see `actorCount`). */
    actors: z.array(z.string()),
    /**
     * How many actors the edge has when `actors` lists only the first of them (GET /api/graph); absent when it lists
     * them all.
     */
    actorCount: z.number().int().positive().optional(),
    /** The first evidence sentences (GET /api/graph/evidence?edge= pages through all of them). */
    evidence: z.array(EvidenceSentenceSchema),
  })
  .meta({ id: 'GraphEdge' });
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;

/** What an edge of GET /api/graph carries at most: its first actors and evidence sentences. */
export const graphEdgeCaps = { actors: 5, evidence: 2 } as const;

/** A page of one edge's evidence (GET /api/graph/evidence): every sentence giving the edge a fact. */
export const GraphEdgeEvidencePageSchema = z
  .object({
    edge: z.string(),
    /** In the order of the actor's id (bytewise), then the sentence's place in the text; one item per sentence. */
    evidence: z.array(EvidenceSentenceSchema),
    /** The cursor of the following page (also in the `Link` header); null on the last page. */
    next: z.string().nullable(),
  })
  .meta({ id: 'GraphEdgeEvidencePage' });
export type GraphEdgeEvidencePage = z.infer<typeof GraphEdgeEvidencePageSchema>;

export const GraphViewSchema = z
  .object({
    nodes: z.array(GraphNodeSchema),
    edges: z.array(GraphEdgeSchema),
    /**
     * How big the network is, to say "showing 300 of 41,220": the whole network (for the sources
     * switch, before the type and theme filters); for an ego view, the nodes within `depth` links of
     * the focus and the links found reaching them. Absent when nothing was left out.
     */
    total: z.object({ nodes: z.number().int().nonnegative(), edges: z.number().int().nonnegative() }).optional(),
  })
  .meta({ id: 'GraphView' });
export type GraphView = z.infer<typeof GraphViewSchema>;

/**
 * The network page's graph (GET /api/screens/network): the nodes and edges of GraphView without each edge's list of
 * actors, and with a relation's first evidence sentence only (a mention none): what the page draws and lists, a
 * tenth of the bytes at 10,000 documents.
 */
export const NetworkScreenEdgeSchema = GraphEdgeSchema.omit({ actors: true })
  .extend({ evidence: z.array(EvidenceSentenceSchema).max(1) })
  .meta({ id: 'NetworkScreenEdge' });
export type NetworkScreenEdge = z.infer<typeof NetworkScreenEdgeSchema>;

export const NetworkScreenSchema = GraphViewSchema.extend({ edges: z.array(NetworkScreenEdgeSchema) }).meta({
  id: 'NetworkScreen',
});
export type NetworkScreen = z.infer<typeof NetworkScreenSchema>;

export const timelineItemTypes = [...EventTypeSchema.options, 'statement'] as const;
export const TimelineItemTypeSchema = z.enum(timelineItemTypes);
export type TimelineItemType = z.infer<typeof TimelineItemTypeSchema>;

export const TimelineItemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['event', 'statement']),
    type: TimelineItemTypeSchema,
    actor: z.string(),
    actorName: z.string(),
    /** Whether the item comes from a profile or from a source (with the source's publisher). */
    documentKind: DocumentKindSchema,
    publisher: z.string().nullable(),
    version: z.number().int(),
    /** EDTF value; null for an event the text gives no date for. */
    date: z.string().nullable(),
    earliest: z.string().nullable(),
    latest: z.string().nullable(),
    /** Entities taking part (ids) and their names. */
    participants: z.array(z.object({ id: z.string(), name: z.string() })),
    place: z.object({ id: z.string(), name: z.string() }).nullable(),
    /** The words that date the item (a statement's time expression), or null. */
    dateText: z.string().nullable(),
    /** A statement's evidence also names its actor (an event's does not). */
    evidence: EvidenceSentenceSchema.extend({ actorName: z.string().optional() }),
  })
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const TimelinePageSchema = z
  .object({
    items: z.array(TimelineItemSchema),
    /** The cursor of the following page (also in the `Link` header); null on the last page. */
    next: z.string().nullable(),
  })
  .meta({ id: 'TimelinePage' });
export type TimelinePageView = z.infer<typeof TimelinePageSchema>;

export const TimelineYearsSchema = z
  .object({
    /** Items per year of their start, earliest year first. */
    years: z.array(z.object({ year: z.number().int(), count: z.number().int().nonnegative() })),
    /** Items with no start. */
    undated: z.number().int().nonnegative(),
  })
  .meta({ id: 'TimelineYears' });
export type TimelineYearsView = z.infer<typeof TimelineYearsSchema>;

export const FacetValueSchema = z.object({
  value: z.string(),
  label: z.string(),
  count: z.number().int().nonnegative(),
});
export type FacetValue = z.infer<typeof FacetValueSchema>;

export const FacetedHitSchema = SearchHitSchema.extend({
  themes: z.array(ThemeSchema),
  types: z.array(MentionTypeSchema),
  years: z.array(z.string()),
  /** Profile or source, the source's publisher, and the year it was published. */
  documentKind: DocumentKindSchema,
  publisher: z.string().nullable(),
  published: z.string().nullable(),
}).meta({ id: 'FacetedHit' });
export type FacetedHit = z.infer<typeof FacetedHitSchema>;

export const FacetedSearchSchema = z
  .object({
    total: z.number().int().nonnegative(),
    hits: z.array(FacetedHitSchema),
    facets: z.object({
      actor: z.array(FacetValueSchema),
      theme: z.array(FacetValueSchema),
      type: z.array(FacetValueSchema),
      year: z.array(FacetValueSchema),
      kind: z.array(FacetValueSchema),
      publisher: z.array(FacetValueSchema),
      published: z.array(FacetValueSchema),
    }),
    /** True when the query matched more sentences than the facets were computed over. */
    truncated: z.boolean(),
    /**
     * True when the facets were counted over a sample: the best matches of the query (at most 2,000), not all of
     * them (the same as `truncated`).
     */
    capped: z.boolean(),
    /** The entity the query names (by its name or an alias), if any: the API adds it to offer the entity's page. */
    entity: NamedEntitySchema.optional(),
  })
  .meta({ id: 'FacetedSearch' });
export type FacetedSearch = z.infer<typeof FacetedSearchSchema>;

export const RelatedEntitySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: MentionTypeSchema.nullable(),
    country: z.string().nullable(),
    /** Sentences in which both entities are mentioned. */
    cooccurrences: z.number().int().nonnegative(),
    relations: z.array(
      z.object({
        predicate: RelationPredicateSchema,
        negated: z.boolean(),
        /** `out`: the entity is the subject; `in`: it is the object. */
        direction: z.enum(['out', 'in']),
        evidence: EvidenceSentenceSchema,
        /** The time the relation holds (EDTF), if the text gives it, and whether it still does. */
        valid: z.string().nullable(),
        current: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'RelatedEntity' });
export type RelatedEntity = z.infer<typeof RelatedEntitySchema>;
/** GET /api/entities/:id/related: the entities mentioned with it, and the relations between them. */
export const RelatedEntitiesSchema = z.object({ entity: z.string(), related: z.array(RelatedEntitySchema) });
export type RelatedEntities = z.infer<typeof RelatedEntitiesSchema>;
