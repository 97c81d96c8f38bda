// The application: one object that the CLI and the API drive. It composes ingest, extraction
// and a Store (opened by location; core never names a concrete backend).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  DossierError,
  isDossierError,
  SearchQuerySchema,
  type ActorDetail,
  type ActorSummary,
  type IngestOutcome,
  type SearchQuery,
  type SearchResult,
  type SourceFormat,
  type ErrorCode,
} from '../model/index.js';
import { openStore, type EntityDetail, type Store } from '../store/index.js';
import { processProfile } from './profile-pipeline.js';
import { describeLocation } from './config.js';
import { RevisionCache, type CachedJson } from './revision-cache.js';
import { Accounts } from './accounts.js';
import { ReviewDesk } from './review.js';
import { VersionHistory } from './version-diff.js';

/** Largest profile document accepted (a profile is a few KB; this leaves ample room). */
export const maxDocumentBytes = 5 * 1024 * 1024;

export interface FileIngestResult {
  file: string;
  outcome?: IngestOutcome;
  error?: DossierError;
}

export interface IngestReport {
  results: FileIngestResult[];
  created: number;
  newVersions: number;
  unchanged: number;
  refused: number;
  bytes: number;
}

export interface IngestOptions {
  /** Called after each file with the number done so far. */
  onProgress?: (done: number, total: number, result: FileIngestResult) => void;
  /** Name files relative to this folder in results and messages (default: the working directory). */
  relativeTo?: string;
}

/** One finished ingest of a document (for metrics and logs). */
export interface IngestEvent {
  outcome: 'created' | 'new-version' | 'unchanged' | 'refused';
  /** The refusal's error code. */
  code?: ErrorCode;
  durationMs: number;
  bytes: number;
  via: 'bytes' | 'files';
}

/** The ingest worker pool's state (all zero when no pool has been started). */
export interface IngestPoolStats {
  maxThreads: number;
  threads: number;
  running: number;
  queued: number;
  completed: number;
  /** Share of the pool's capacity in use over its life, 0..1. */
  utilization: number;
}

const asDossierError = (error: unknown, file: string): DossierError =>
  isDossierError(error) ? error : new DossierError('INTERNAL', error instanceof Error ? error.message : String(error), { file, cause: error });

export class Dossier {
  private readonly jsonCache = new RevisionCache();
  private readonly ingestListeners = new Set<(event: IngestEvent) => void>();
  /** Users, sessions and API tokens. */
  readonly accounts: Accounts;
  /** Review of extracted facts, entity edits and merges, the audit trail. */
  readonly review: ReviewDesk;
  /** Diffs between versions and interest ranks over versions. */
  readonly history: VersionHistory;

  private constructor(
    readonly store: Store,
    readonly location: string,
  ) {
    this.accounts = new Accounts(store);
    this.review = new ReviewDesk(store);
    this.history = new VersionHistory(store);
  }

  static async open(location: string): Promise<Dossier> {
    return new Dossier(await openStore(location), location);
  }

  describeLocation(): string {
    return describeLocation(this.location);
  }

  /** Ingest one document given as bytes (an upload, a paste, a file already read). */
  async ingestBytes(bytes: Uint8Array, name: string, format?: SourceFormat, savedBy: string | null = null): Promise<IngestOutcome> {
    if (bytes.byteLength > maxDocumentBytes) {
      throw new DossierError('PAYLOAD_TOO_LARGE', `document is ${bytes.byteLength} bytes; the limit is ${maxDocumentBytes}`, { file: name });
    }
    const processed = processProfile(bytes, name, format);
    return this.store.saveDocument({ ...processed, savedBy });
  }

  /** Ingest files one by one; a refused file is reported and the others are still stored. */
  async ingestFiles(files: string[], options: IngestOptions = {}): Promise<IngestReport> {
    const report: IngestReport = { results: [], created: 0, newVersions: 0, unchanged: 0, refused: 0, bytes: 0 };
    const base = options.relativeTo ?? process.cwd();
    for (const absolute of files) {
      const file = path.relative(base, absolute) || absolute;
      const result: FileIngestResult = { file };
      try {
        const info = await stat(absolute);
        if (info.size > maxDocumentBytes) {
          throw new DossierError('PAYLOAD_TOO_LARGE', `file is ${info.size} bytes; the limit is ${maxDocumentBytes}`, { file });
        }
        const bytes = await readFile(absolute);
        report.bytes += bytes.byteLength;
        result.outcome = await this.store.saveDocument(processProfile(bytes, file));
        if (result.outcome.status === 'created') report.created++;
        else if (result.outcome.status === 'new-version') report.newVersions++;
        else report.unchanged++;
      } catch (error) {
        result.error = asDossierError(error, file);
        report.refused++;
      }
      report.results.push(result);
      options.onProgress?.(report.results.length, files.length, result);
    }
    return report;
  }

  /** Calls `listener` after every document ingested or refused; returns the function that removes it. */
  onIngestDone(listener: (event: IngestEvent) => void): () => void {
    this.ingestListeners.add(listener);
    return () => this.ingestListeners.delete(listener);
  }

  protected emitIngestDone(event: IngestEvent): void {
    for (const listener of this.ingestListeners) listener(event);
  }

  /** The ingest worker pool's state. */
  ingestPoolStats(): IngestPoolStats {
    return { maxThreads: 0, threads: 0, running: 0, queued: 0, completed: 0, utilization: 0 };
  }

  listActors(): Promise<ActorSummary[]> {
    return this.store.listActors();
  }

  /**
   * An actor as serialised JSON with its ETag, from a cache valid for the current store revision:
   * the hot path of the actor page and the API.
   */
  async getActorJson(id: string, version?: number): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get(`actor\0${id}\0${version ?? ''}`, revision, () => this.getActor(id, version));
  }

  /** The actor list as serialised JSON (`{ actors }`) with its ETag, cached like getActorJson. */
  async listActorsJson(): Promise<CachedJson> {
    const revision = await this.store.revision();
    return this.jsonCache.get('actors', revision, async () => ({ actors: await this.listActors() }));
  }

  async getActor(id: string, version?: number): Promise<ActorDetail> {
    const detail = await this.store.getActor(id, version);
    if (!detail) {
      throw new DossierError('NOT_FOUND', version === undefined ? `no actor "${id}"` : `no version ${version} of actor "${id}"`);
    }
    return detail;
  }

  /** An actor by id, or by name or ISO code as a user would type it (`show kazakhstan`, `show KAZ`). */
  async findActor(nameOrId: string): Promise<ActorDetail> {
    const wanted = nameOrId.trim().toLowerCase();
    const direct = await this.store.getActor(wanted);
    if (direct) return direct;
    const match = (await this.store.listActors()).find(
      (actor) => actor.id === wanted || actor.name.toLowerCase() === wanted || actor.country?.toLowerCase() === wanted,
    );
    if (!match) throw new DossierError('NOT_FOUND', `no actor "${nameOrId}"`, { expected: 'an actor id, name or ISO code; see `dossier list`' });
    return this.getActor(match.id);
  }

  async getEntity(id: string): Promise<EntityDetail> {
    const detail = await this.store.getEntity(id);
    if (!detail) throw new DossierError('NOT_FOUND', `no entity "${id}"`);
    return detail;
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const parsed = SearchQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new DossierError('BAD_REQUEST', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '));
    }
    return this.store.search(parsed.data);
  }

  stats() {
    return this.store.stats();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
