// The storage contract of Dossier: one `Store` interface that the SQLite and PostgreSQL
// backends implement identically (checked by the shared contract suite in store-contract.ts).
import type {
  ActorDetail,
  ActorSummary,
  Entity,
  Extraction,
  IngestOutcome,
  MentionType,
  ProfileDocument,
  SearchQuery,
  SearchResult,
  VersionSummary,
} from '../model/index.js';

/** What `saveDocument` receives: a parsed document and the extraction made from it. */
export interface SaveDocumentInput {
  document: ProfileDocument;
  extraction: Extraction;
}

/** The sentence of a document version that holds a mention. */
export interface SentenceRef {
  text: string;
  start: number;
  end: number;
}

/** One mention of an entity in the latest version of an actor's profile. */
export interface EntityMentionRef {
  actor: string;
  actorName: string;
  version: number;
  start: number;
  end: number;
  text: string;
  type: MentionType;
  /** The sentence the mention is in, or null when it lies outside every sentence (e.g. the title). */
  sentence: SentenceRef | null;
}

/** An entity with every mention of it across the latest versions of all actors. */
export interface EntityDetail {
  entity: Entity;
  mentions: EntityMentionRef[];
}

/** Row counts over everything stored (all versions; entities are global). */
export interface StoreStats {
  actors: number;
  versions: number;
  sentences: number;
  mentions: number;
  entities: number;
}

export interface Store {
  /** Which backend this is, for logs and diagnostics. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Stores a document and its whole extraction in one transaction. Same content as the
   * actor's latest version → 'unchanged' (nothing written); changed → 'new-version'.
   */
  saveDocument(input: SaveDocumentInput): Promise<IngestOutcome>;
  /** The latest version of every actor, sorted by name. */
  listActors(): Promise<ActorSummary[]>;
  /** The extraction of one version (default: the latest) rebuilt from the tables, or null. */
  getActor(id: string, version?: number): Promise<ActorDetail | null>;
  /** The ProfileDocument of one version (default: the latest) as it was saved, or null. */
  getDocument(id: string, version?: number): Promise<ProfileDocument | null>;
  getEntity(id: string): Promise<EntityDetail | null>;
  /** Full-text search over the sentences of the latest version of each actor. */
  search(query: SearchQuery): Promise<SearchResult>;
  /** The versions of an actor, oldest first; empty when the actor is unknown. */
  listVersions(actorId: string): Promise<VersionSummary[]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
