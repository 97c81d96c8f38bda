// The editorial half of every Store backend (users, sessions, tokens, facts and their review,
// entity edits and merges, the audit trail): one implementation over SQL (Editorial) that both
// backends inherit, with driver errors wrapped the same way; and the reads that put sources next to
// profiles (SourceReader), pages of actors (ActorPageReader) and batches of versions (BatchReader),
// also written once.
import type { ActorDetail, AuditPage, Entity, Role, Theme, TokenSummary, User } from '../model/index.js';
import type { Editorial } from './editorial.js';
import type { SourceEvidence, SourceEvidenceQuery, SourceReader } from './source-reader.js';
import type { BatchReader, VersionRef } from './batch-reader.js';
import type { ActorPage, ActorPageQuery, ActorPageReader } from './actor-page-reader.js';
import type { EntityNeighbours, RelatedReader } from './related-reader.js';
import type { FacetHitRef, FacetReader, SentenceFacets } from './facet-reader.js';
import type { MentionCursor, MentionPage, MentionPageReader } from './mention-page-reader.js';
import type { TimelinePage, TimelineQuery, TimelineReader, TimelineYears } from './timeline-reader.js';
import type { GraphEgoQuery, GraphReader, GraphSlice, GraphTopQuery } from './graph-reader.js';
import type { EdgeEvidencePage, EdgeEvidenceQuery, GraphEvidenceReader } from './graph-evidence-reader.js';
import type { CheckChangeMarker, CheckChanges, CheckNeighbourhood, ChecksReader } from './checks-reader.js';
import type { CompareMapRows, ComparePageQuery, ComparePageRows, CompareReader } from './compare-reader.js';
import { guarded } from './store-error.js';
import type {
  AuditFilter,
  EntityChange,
  EntityListFilter,
  EntityListPage,
  FactChange,
  FactFilter,
  NewAuditEntry,
  NewFactInput,
  RemovedUser,
  ScoredFact,
  ScoredFactPage,
  UserCredentials,
} from './store.js';

export abstract class EditorialStoreBase {
  protected abstract readonly editorial: Editorial;
  protected abstract readonly sources: SourceReader;
  protected abstract readonly batches: BatchReader;
  protected abstract readonly actorPages: ActorPageReader;
  protected abstract readonly related: RelatedReader;
  protected abstract readonly timeline: TimelineReader;
  protected abstract readonly graphs: GraphReader;
  protected abstract readonly edgeEvidence: GraphEvidenceReader;
  protected abstract readonly compareRows: CompareReader;
  protected abstract readonly facets: FacetReader;
  protected abstract readonly mentionPages: MentionPageReader;

  entityMentionPage(id: string, limit: number, after: MentionCursor | null): Promise<MentionPage> {
    return guarded(`read the mentions of entity ${id}`, () => this.mentionPages.page(id, limit, after));
  }

  sentenceFacets(hits: readonly FacetHitRef[]): Promise<Array<SentenceFacets | null>> {
    return guarded('read the facets of the matched sentences', () => this.facets.sentenceFacets(hits));
  }

  protected abstract readonly checks: ChecksReader;

  checkNeighbourhood(actor: string): Promise<CheckNeighbourhood | null> {
    return guarded(`read what the checks of ${actor} read`, () => this.checks.neighbourhood(actor));
  }

  checkChanges(since: CheckChangeMarker | null): Promise<CheckChanges> {
    return guarded('read what changed since the last checks', () => this.checks.changes(since));
  }

  checkPartners(actor: string): Promise<string[]> {
    return guarded(`read whose checks the claims of ${actor} take part in`, () => this.checks.partners(actor));
  }

  entityNeighbours(id: string, limit?: number): Promise<EntityNeighbours> {
    return guarded(`read the neighbours of entity ${id}`, () => this.related.neighbours(id, limit));
  }

  listTimeline(query: TimelineQuery): Promise<TimelinePage> {
    return guarded('read a page of the timeline', () => this.timeline.page(query));
  }

  timelineYears(query: Omit<TimelineQuery, 'limit' | 'after' | 'from' | 'to'>): Promise<TimelineYears> {
    return guarded('count the timeline by year', () => this.timeline.years(query));
  }

  graphTop(query: GraphTopQuery): Promise<GraphSlice> {
    return guarded('read the network', () => this.graphs.top(query));
  }

  graphEgo(query: GraphEgoQuery): Promise<GraphSlice | null> {
    return guarded(`read the network around ${query.focus}`, () => this.graphs.ego(query));
  }

  graphEdgeEvidence(query: EdgeEvidenceQuery): Promise<EdgeEvidencePage | null> {
    return guarded(`read the evidence of edge ${query.edge}`, () => this.edgeEvidence.page(query));
  }

  comparePage(query: ComparePageQuery): Promise<ComparePageRows> {
    return guarded('read a page of the compare matrix', () => this.compareRows.page(query));
  }

  compareMap(theme: Theme): Promise<CompareMapRows> {
    return guarded(`read the map of theme ${theme}`, () => this.compareRows.map(theme));
  }

  findEntity(id: string): Promise<Entity | null> {
    return guarded('read an entity', () => this.editorial.findEntity(id));
  }

  listActorPage(query: ActorPageQuery): Promise<ActorPage> {
    return guarded('list a page of actors', () => this.actorPages.page(query));
  }

  getActors(refs: readonly VersionRef[]): Promise<ActorDetail[]> {
    return guarded(`read ${refs.length} actors`, () => this.batches.getActors(refs));
  }

  sourceEvidence(query: SourceEvidenceQuery): Promise<SourceEvidence> {
    return guarded('read the sources of an actor', () => this.sources.sourceEvidence(query));
  }

  createUser(input: { name: string; role: Role; passwordHash: string }, by: string | null): Promise<User> {
    return this.editorial.createUser(input, by);
  }
  getUserCredentials(name: string): Promise<UserCredentials | null> {
    return guarded('read a user', () => this.editorial.getUserCredentials(name));
  }
  listUsers(): Promise<User[]> {
    return guarded('list the users', () => this.editorial.listUsers());
  }
  createSession(input: { idHash: string; user: string; expiresAt: Date }): Promise<void> {
    return this.editorial.createSession(input);
  }
  getSessionUser(idHash: string, now?: Date): Promise<User | null> {
    return guarded('read a session', () => this.editorial.getSessionUser(idHash, now));
  }
  deleteSession(idHash: string): Promise<boolean> {
    return this.editorial.deleteSession(idHash);
  }
  createToken(
    input: { id: string; user: string; label: string; tokenHash: string },
    by: string | null,
  ): Promise<TokenSummary> {
    return this.editorial.createToken(input, by);
  }
  getTokenUser(tokenHash: string): Promise<User | null> {
    return guarded('read a token', () => this.editorial.getTokenUser(tokenHash));
  }
  listTokens(user?: string): Promise<TokenSummary[]> {
    return guarded('list the tokens', () => this.editorial.listTokens(user));
  }
  setUserRole(name: string, role: Role, by: string | null): Promise<User> {
    return this.editorial.setUserRole(name, role, by);
  }
  setUserPassword(name: string, passwordHash: string, by: string | null): Promise<{ sessionsEnded: number }> {
    return this.editorial.setUserPassword(name, passwordHash, by);
  }
  deleteUser(name: string, by: string | null): Promise<RemovedUser> {
    return this.editorial.deleteUser(name, by);
  }
  deleteToken(id: string, by: string | null): Promise<TokenSummary> {
    return this.editorial.deleteToken(id, by);
  }
  listFacts(filter: FactFilter): Promise<ScoredFactPage> {
    return guarded('list the facts', () => this.editorial.listFacts(filter));
  }
  getFact(id: string): Promise<ScoredFact | null> {
    return guarded(`read fact ${id}`, () => this.editorial.getFact(id));
  }
  reviewFact(id: string, change: FactChange, by: string): Promise<ScoredFact> {
    return this.editorial.reviewFact(id, change, by);
  }
  reviewFacts(ids: readonly string[], change: FactChange, by: string): Promise<ScoredFact[]> {
    return this.editorial.reviewFacts(ids, change, by);
  }
  addFact(input: NewFactInput, by: string): Promise<ScoredFact> {
    return this.editorial.addFact(input, by);
  }
  listEntities(filter: EntityListFilter): Promise<EntityListPage> {
    return guarded('list the entities', () => this.editorial.listEntities(filter));
  }
  updateEntity(id: string, change: EntityChange, by: string): Promise<Entity> {
    return this.editorial.updateEntity(id, change, by);
  }
  mergeEntities(from: string, into: string, by: string): Promise<{ entity: Entity; mentionsMoved: number }> {
    return this.editorial.mergeEntities(from, into, by);
  }
  appendAudit(entry: NewAuditEntry): Promise<void> {
    return this.editorial.appendAudit(entry);
  }
  listAudit(filter: AuditFilter): Promise<AuditPage> {
    return guarded('read the audit trail', () => this.editorial.listAudit(filter));
  }
  contentDigest(): Promise<string> {
    return guarded('digest the database', () => this.editorial.contentDigest());
  }
}
