// The storage contract of Dossier: one `Store` interface that the SQLite and PostgreSQL
// backends implement identically (checked by the shared contract suite in store-contract.ts).
import type { ActorPage, ActorPageQuery } from './actor-page-reader.js';
import type { EntityNeighbours } from './related-reader.js';
import type { FacetHitRef, SentenceFacets } from './facet-reader.js';
import type { MentionCursor, MentionPage } from './mention-page-reader.js';
import type { CheckChangeMarker, CheckChanges, CheckNeighbourhood } from './checks-reader.js';
import type { CheckSnapshots } from './check-snapshots.js';
import type { TimelinePage, TimelineQuery, TimelineYears } from './timeline-reader.js';
import type { GraphEgoQuery, GraphSlice, GraphTopQuery } from './graph-reader.js';
import type { EdgeEvidencePage, EdgeEvidenceQuery } from './graph-evidence-reader.js';
import type { CompareMapRows, ComparePageQuery, ComparePageRows } from './compare-reader.js';
import type {
  DossierError,
  ActorDetail,
  ActorSummary,
  DocumentKind,
  Entity,
  Extraction,
  IngestOutcome,
  MentionType,
  ProfileDocument,
  SearchQuery,
  SearchResult,
  Theme,
  VersionSummary,
  AuditPage,
  Entity as ModelEntity,
  Fact,
  FactKind,
  ReviewStatus,
  Role,
  TokenSummary,
  User,
} from '../model/index.js';
import type { SourceEvidence, SourceEvidenceQuery } from './source-reader.js';
import type { VersionRef } from './batch-reader.js';
import type { BackupOptions, BackupSummary, RestoreOptions, RestoreSummary } from './backup/backup-format.js';

/**
 * A review rule's decision about one extracted item, made in core from the extraction and the
 * reference data: the item at `index` of the extraction's array of its kind (`mentions`, `times`…)
 * is confirmed at save with reviewedBy = `rule` (`rule:…`), if it is still machine, of machine origin
 * and never reviewed (a person's decision carried from the previous version wins).
 */
export interface RuleDecision {
  kind: FactKind;
  index: number;
  rule: string;
}

/** What `saveDocument` receives: a parsed document and the extraction made from it. */
export interface SaveDocumentInput {
  document: ProfileDocument;
  extraction: Extraction;
  /** Who stored it (a user name; null or absent: the command line), for the audit trail. */
  savedBy?: string | null;
  /** Items of the extraction confirmed by a review rule at save (see RuleDecision); absent: none. */
  ruleDecisions?: readonly RuleDecision[];
}

/** What saving one document of a batch gave: its outcome, or the error that refused it. */
export type BatchSaveResult =
  { outcome: IngestOutcome; error?: undefined } | { error: DossierError; outcome?: undefined };

/** A user with the argon2id hash of their password (never leaves core). */
/** What removing a user took with it. */
export interface RemovedUser {
  user: User;
  sessionsEnded: number;
  tokensRevoked: TokenSummary[];
}

export interface UserCredentials extends User {
  passwordHash: string;
}

/** Filters of the fact listing (already validated and defaulted by the caller). */
export interface FactFilter {
  actor?: string;
  kind?: FactKind;
  /** A review status, or 'any'. */
  status: ReviewStatus | 'any';
  /** A version number; absent: the latest version of each actor. */
  version?: number;
  /** Only facts reviewed by this user or rule (e.g. `rule:exact-country`). */
  reviewedBy?: string;
  /** `uncertainty`: lowest confidence first; default: by actor, version and position. */
  order?: 'position' | 'uncertainty';
  /** Facts per page; 0: the total alone (no page is read). */
  limit: number;
  offset: number;
  /** The `next` cursor of the previous page (then `offset` is not used). */
  after?: string;
}

/** A fact with its confidence (0..1, from how it was found; see factConfidence in editorial.ts). */
export type ScoredFact = Fact & { confidence: number };
export interface ScoredFactPage {
  total: number;
  facts: ScoredFact[];
  /** The cursor of the following page (FactFilter.after), or null on the last. */
  next: string | null;
}

/** Filters and keyset cursor of the entity listing (already validated by the caller). */
export interface EntityListFilter {
  type?: MentionType;
  country?: string;
  /** Words of the name, id or an alias (case-insensitive). */
  q?: string;
  /** The entity the previous page ended with. */
  after?: { name: string; id: string };
  limit: number;
}
export interface EntityListPage {
  entities: ModelEntity[];
  /** The cursor of the next page, or null on the last page. */
  next: { name: string; id: string } | null;
}

/** A change to one fact: a new review status, and for edits the payload fields to change. */
export interface FactChange {
  status: ReviewStatus;
  /** Complete new payload of the fact's kind (edit); absent: status only. */
  payload?: Record<string, unknown>;
}

/** A fact an editor adds on selected words of a version (payload complete for its kind). */
export interface NewFactInput {
  actorId: string;
  /** Default: the latest version. */
  version?: number;
  kind: Exclude<FactKind, 'posture' | 'interest'>;
  start: number;
  end: number;
  payload: Record<string, unknown>;
  /** An entity to create first (a mention of a new entity). */
  newEntity?: ModelEntity;
}

/** The changes of PATCH /api/entities/:id (already validated). */
export interface EntityChange {
  name?: string;
  aliases?: string[];
  wikidata?: string | null;
  country?: string | null;
  type?: ModelEntity['type'];
}

export interface AuditFilter {
  user?: string;
  targetType?: string;
  targetId?: string;
  limit: number;
  offset: number;
  /** A `next` cursor: the entries older than it (keyset; `offset` is then not used). */
  cursor?: string | undefined;
}

export interface NewAuditEntry {
  user: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
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
  /** Whether the mention is in a profile or in a source (an article, a brief, a page). */
  kind: DocumentKind;
  /** A source's publication date (EDTF) and publisher, when known. */
  published: string | null;
  publisher: string | null;
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

/**
 * Test-only fault injection: a store calls the hook at each step of a write transaction (after
 * the step's statements ran); a hook that throws aborts the transaction there.
 */
export type WriteFaultHook = (step: string) => void;

export interface FaultInjectable {
  setWriteFaultHook(hook: WriteFaultHook | undefined): void;
}

export const isFaultInjectable = (store: unknown): store is FaultInjectable =>
  typeof (store as Partial<FaultInjectable> | null)?.setWriteFaultHook === 'function';

/** Row counts over everything stored (all versions; entities are global). */
export interface StoreStats {
  actors: number;
  versions: number;
  sentences: number;
  mentions: number;
  entities: number;
}

/** The collection's counts as maintained at every write (collection_counts): read in constant time. */
export type CollectionCounts = Pick<StoreStats, 'actors' | 'versions' | 'sentences'>;

/** How to open a store. */
export interface OpenStoreOptions {
  /**
   * true (default; write commands, the server): create the database (SQLite file and folders,
   * PostgreSQL schema) when missing and migrate it. false (read commands): create nothing;
   * a missing database is STORE_MISSING, anything that is not a Dossier database
   * STORE_NOT_A_DATABASE; pending migrations are applied only when the database is writable
   * (they are additive), otherwise STORE_SCHEMA_VERSION says so.
   */
  create?: boolean;
}

/** What `dossier doctor` reports about a store. */
export interface StoreDiagnosis {
  backend: 'sqlite' | 'postgres';
  /** The file path, `:memory:`, or the postgres:// URL without its password. */
  location: string;
  /** The highest schema migration applied to the database. */
  schemaVersion: number;
  /** The highest schema migration this version of Dossier knows. */
  expectedSchemaVersion: number;
  /** Migrations of this version of Dossier not applied to the database (empty when up to date). */
  pendingMigrations: number[];
  /** Whether this store can write (false: opened read-only, read-only file or transaction, no privileges). */
  writable: boolean;
  /** SQLite's journal mode (`wal` expected for files). */
  journalMode?: string;
  /** Bytes on disk (SQLite: the file and its WAL; PostgreSQL: the schema's tables and indexes). */
  sizeBytes?: number;
  /** The server's version (PostgreSQL). */
  serverVersion?: string;
  counts: { actors: number; documents: number; sentences: number; entities: number };
  /** Inconsistencies found (SQLite quick_check, latest-version pointers); empty when healthy. */
  problems: string[];
}

export interface Store {
  /** Which backend this is, for logs and diagnostics. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Stores a document and its whole extraction in one transaction, the actor's latest-version
   * pointer moving in the same transaction. Text (content hash) equal to ANY stored version of
   * the actor → 'unchanged' with that version's number (nothing written, latest unchanged);
   * otherwise 'created' or 'new-version' (max + 1, which becomes the latest).
   */
  saveDocument(input: SaveDocumentInput): Promise<IngestOutcome>;
  /**
   * Saves documents in input order with exactly the result sequential saveDocument calls would give
   * (versions, 'unchanged' by content hash — also against an earlier document of the same batch —,
   * latest pointer, audit entries, search index), in one transaction where possible. A document
   * that cannot be prepared (e.g. an empty actor id) gets its error and the others are still saved;
   * if the batch transaction fails, each remaining document is saved on its own so that one bad
   * document does not take the others with it (each then gets its own outcome or classified error).
   * One result per input, at the same position; an empty array returns [] without touching the
   * database, and a batch whose documents are all stored already opens no write transaction.
   */
  saveDocuments(inputs: SaveDocumentInput[]): Promise<BatchSaveResult[]>;
  /** The latest version of every actor, sorted by name. */
  listActors(kind?: DocumentKind): Promise<ActorSummary[]>;
  /** One page of actors (or sources) in id order, after the `after` id, filtered by country and words of the name. */
  listActorPage(query: ActorPageQuery): Promise<ActorPage>;
  /**
   * The source sentences (latest versions, not rejected) that mention any of `entities` or anything
   * of `country`, newest source first (undated last), and the sources whose subjects name them.
   */
  sourceEvidence(query: SourceEvidenceQuery): Promise<SourceEvidence>;
  /**
   * Many versions at once (exports, whole-collection reads): what getActor answers for each, in the
   * order asked, with a handful of queries per batch; unknown actors or versions are left out.
   */
  getActors(refs: readonly VersionRef[]): Promise<ActorDetail[]>;
  /** The extraction of one version (default: the latest) rebuilt from the tables, or null. */
  getActor(id: string, version?: number): Promise<ActorDetail | null>;
  /** The ProfileDocument of one version (default: the latest) as it was saved, or null. */
  getDocument(id: string, version?: number): Promise<ProfileDocument | null>;
  getEntity(id: string): Promise<EntityDetail | null>;
  /**
   * The entities mentioned with an entity (counted in sentences) and its relations, from the indexes of that entity.
   */
  entityNeighbours(id: string, limit?: number): Promise<EntityNeighbours>;
  /** A page of an entity's mentions with their sentences, from its mentions index (keyset: `after`). */
  entityMentionPage(id: string, limit: number, after: MentionCursor | null): Promise<MentionPage>;
  /** What the search facets count of each matched sentence (null: no such document), read for those only. */
  sentenceFacets(hits: readonly FacetHitRef[]): Promise<Array<SentenceFacets | null>>;
  /**
   * What the checks of one profile read: its latest version and the other documents sharing a relation key or an
   * event (type and place) with it, from the relation and event indexes; null when no profile has that id.
   */
  checkNeighbourhood(actor: string): Promise<CheckNeighbourhood | null>;
  /**
   * The marker of the data's current state, and the actors whose documents or facts were written since `since` (null
   * when that cannot be told): what the stored check findings must be computed again for.
   */
  checkChanges(since: CheckChangeMarker | null): Promise<CheckChanges>;
  /** The profiles whose check findings the claims of the latest version of `actor` can take part in. */
  checkPartners(actor: string): Promise<string[]>;
  /** The whole collection's check findings as last computed, kept in the database (check-snapshots.ts). */
  readonly checkSnapshots: CheckSnapshots;
  /** One page of the timeline (events and dated statements of the latest versions), in time order, undated last. */
  listTimeline(query: TimelineQuery): Promise<TimelinePage>;
  /** The timeline's items per year of their start (same filters, no date range). */
  timelineYears(query: Omit<TimelineQuery, 'limit' | 'after' | 'from' | 'to'>): Promise<TimelineYears>;
  /** The network's strongest `limit` nodes and the edges among them, with the whole network's size. */
  graphTop(query: GraphTopQuery): Promise<GraphSlice>;
  /** The ego network of one node from its indexes, capped at `limit` nodes; null when no node has that id. */
  graphEgo(query: GraphEgoQuery): Promise<GraphSlice | null>;
  /** A page of one edge's evidence (every sentence giving it a fact); null when no such edge. */
  graphEdgeEvidence(query: EdgeEvidenceQuery): Promise<EdgeEvidencePage | null>;
  /** What the compare rows of a page of profiles are made of (by id, or by a theme's rank), read for that page only. */
  comparePage(query: ComparePageQuery): Promise<ComparePageRows>;
  /** For each country with a profile, the best rank of a theme among its profiles' interests (or narrative). */
  compareMap(theme: Theme): Promise<CompareMapRows>;
  /** One entity without its mentions, or null. */
  findEntity(id: string): Promise<ModelEntity | null>;
  /** Full-text search over the sentences of the latest version of each actor. */
  search(query: SearchQuery): Promise<SearchResult>;
  /** The versions of an actor, oldest first; empty when the actor is unknown. */
  listVersions(actorId: string): Promise<VersionSummary[]>;
  stats(): Promise<StoreStats>;
  /** The actors, versions and sentences stored, from the maintained counts (one row, not a count of the tables). */
  collectionCounts(): Promise<CollectionCounts>;
  /** Schema version, writability, size, counts and consistency of the database (for `dossier doctor`). */
  diagnose(): Promise<StoreDiagnosis>;
  /** A value that changes whenever any write transaction commits (in this or another process). */
  revision(): Promise<string>;
  close(): Promise<void>;

  // Accounts (names are unique; CONFLICT when taken).
  createUser(input: { name: string; role: Role; passwordHash: string }, by: string | null): Promise<User>;
  getUserCredentials(name: string): Promise<UserCredentials | null>;
  listUsers(): Promise<User[]>;
  /** Stores a session by the sha256 of its id; expired sessions are purged on the way. */
  createSession(input: { idHash: string; user: string; expiresAt: Date }): Promise<void>;
  /** The user of a live session, or null (unknown or expired). */
  getSessionUser(idHash: string, now?: Date): Promise<User | null>;
  deleteSession(idHash: string): Promise<boolean>;
  createToken(
    input: { id: string; user: string; label: string; tokenHash: string },
    by: string | null,
  ): Promise<TokenSummary>;
  getTokenUser(tokenHash: string): Promise<User | null>;
  listTokens(user?: string): Promise<TokenSummary[]>;
  /**
   * Changes a role (sessions and tokens look the user up, so it applies at their next request); audited. NOT_FOUND for
   * an unknown user, CONFLICT for demoting the last admin.
   */
  setUserRole(name: string, role: Role, by: string | null): Promise<User>;
  /**
   * Replaces the password hash and ends the user's sessions; audited without the hash. NOT_FOUND for an unknown user.
   */
  setUserPassword(name: string, passwordHash: string, by: string | null): Promise<{ sessionsEnded: number }>;
  /**
   * Removes a user with their sessions and tokens; the audit trail keeps the name. NOT_FOUND for an unknown user,
   * CONFLICT for the last admin.
   */
  deleteUser(name: string, by: string | null): Promise<RemovedUser>;
  /** Revokes an API token by id; audited. NOT_FOUND for an unknown id. */
  deleteToken(id: string, by: string | null): Promise<TokenSummary>;

  // Facts and review (every write audited in the same transaction).
  listFacts(filter: FactFilter): Promise<ScoredFactPage>;
  getFact(id: string): Promise<ScoredFact | null>;
  reviewFact(id: string, change: FactChange, by: string): Promise<ScoredFact>;
  /** One review status for many facts in one transaction (each audited); nothing written if one is missing. */
  reviewFacts(ids: readonly string[], change: FactChange, by: string): Promise<ScoredFact[]>;
  addFact(input: NewFactInput, by: string): Promise<ScoredFact>;
  /** Entities by name, filtered, keyset-paginated. */
  listEntities(filter: EntityListFilter): Promise<EntityListPage>;
  updateEntity(id: string, change: EntityChange, by: string): Promise<ModelEntity>;
  /** Re-points every mention, relation and event of `from` to `into`, folds names into aliases, removes `from`. */
  mergeEntities(from: string, into: string, by: string): Promise<{ entity: ModelEntity; mentionsMoved: number }>;

  // Audit trail.
  appendAudit(entry: NewAuditEntry): Promise<void>;
  listAudit(filter: AuditFilter): Promise<AuditPage>;
  /** sha256 over the rows of every table: equal digests mean equal databases (for tests and checks). */
  contentDigest(): Promise<string>;

  // Backup and restore (src/store/backup; the portable format is described in backup-format.ts).
  /**
   * Writes a consistent snapshot of the whole store to `file` (replaced atomically) while writers
   * go on; users, sessions and API tokens only with `includeAccounts`.
   */
  writeBackup(file: string, options: BackupOptions): Promise<BackupSummary>;
  /**
   * Loads a backup file (of either backend, any older schema version) into this store in one
   * transaction; a store holding data is refused (CONFLICT) unless `force`, which replaces it.
   */
  restoreBackup(file: string, options: RestoreOptions): Promise<RestoreSummary>;
}
