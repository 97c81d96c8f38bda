// Shapes of the API responses the UI reads. Model types come from src/model (type imports
// only); the views computed in src/core/collection-views.ts are mirrored here because the UI
// may import nothing else of ours.
import type {
  ActorDetail,
  ActorSummary,
  Entity,
  NamedEntity,
  EntityDetailView,
  EventSchema,
  MentionType,
  PostureLabel,
  RelationPredicateSchema,
  SearchHit,
  Theme,
} from '../model/index.js';
import type { z } from 'zod';

export type { ActorDetail, ActorSummary, Entity, MentionType, PostureLabel, SearchHit, Theme };
export type EventType = z.infer<typeof EventSchema>['type'];
export type RelationPredicate = z.infer<typeof RelationPredicateSchema>;

/** GET /api/entities/:id */
export type EntityDetail = EntityDetailView;

export interface EvidenceSentence {
  actor: string;
  version: number;
  start: number;
  end: number;
  text: string;
}

export interface CompareCell {
  kind: 'interest' | 'narrative';
  rank: number | null;
  interest: string | null;
  primary: boolean;
  evidence: EvidenceSentence[];
}

/** GET /api/compare: a page of the matrix (`next`: the cursor of the following page, or null). */
export interface CompareView {
  themes: Theme[];
  focus: { country: string; name: string }[];
  rows: {
    actor: string;
    name: string;
    country: string | null;
    version: number;
    posture: PostureLabel | null;
    cells: Partial<Record<Theme, CompareCell>>;
  }[];
  next: string | null;
}

/** GET /api/compare/map?theme=: per country with a profile, the best rank of the theme. */
export interface CompareMap {
  theme: Theme;
  focus: { country: string; name: string }[];
  countries: {
    country: string;
    kind: 'interest' | 'narrative' | null;
    rank: number | null;
    actor: string;
    name: string;
    actors: number;
  }[];
}

export interface GraphNode {
  id: string;
  label: string;
  kind: 'actor' | 'source' | 'entity';
  type: MentionType | null;
  actor: string | null;
  entity: string | null;
  country: string | null;
  themes: Theme[];
  mentions: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'mention' | 'relation';
  predicate: RelationPredicate | null;
  negated: boolean;
  weight: number;
  actors: string[];
  evidence: (EvidenceSentence & { actor: string })[];
}

export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The size of the whole network (or of the ego neighbourhood) the answer was cut from. */
  total?: { nodes: number; edges: number };
}

export type TimelineItemType = EventType | 'statement';

export interface TimelineItem {
  id: string;
  kind: 'event' | 'statement';
  type: TimelineItemType;
  actor: string;
  actorName: string;
  documentKind: 'profile' | 'source';
  publisher: string | null;
  version: number;
  date: string | null;
  earliest: string | null;
  latest: string | null;
  participants: { id: string; name: string }[];
  place: { id: string; name: string } | null;
  dateText: string | null;
  evidence: EvidenceSentence;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface FacetedHit extends SearchHit {
  themes: Theme[];
  types: MentionType[];
  years: string[];
  documentKind: 'profile' | 'source';
  publisher: string | null;
  published: string | null;
}

export interface FacetedSearch {
  total: number;
  hits: FacetedHit[];
  facets: {
    actor: FacetValue[];
    theme: FacetValue[];
    type: FacetValue[];
    year: FacetValue[];
    kind: FacetValue[];
    publisher: FacetValue[];
    published: FacetValue[];
  };
  truncated: boolean;
  /** The entity the query names (by its name or an alias), if any. */
  entity?: NamedEntity;
}

export interface RelatedEntity {
  id: string;
  name: string;
  type: MentionType | null;
  country: string | null;
  cooccurrences: number;
  relations: {
    predicate: RelationPredicate;
    negated: boolean;
    direction: 'out' | 'in';
    evidence: EvidenceSentence;
    valid: string | null;
    current: boolean;
  }[];
}
