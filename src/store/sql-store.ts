// The SQL store core, written once for SQLite and PostgreSQL over a runner and a dialect
// (sql-dialect.ts): the readers' wiring, the document half of Store (list, read, search, save)
// and the writing and reading of every item kind from its declaration (item-kinds.ts). Each
// backend adds only what differs: connections and transactions, its dialect, migrations, the
// diagnosis and backups.
import type {
  ActorDetail,
  ActorSummary,
  DocumentKind,
  IngestOutcome,
  ProfileDocument,
  SearchQuery,
  SearchResult,
  VersionSummary,
} from '../model/index.js';
import {
  actorDetailFrom,
  entityFromRow,
  fromJson,
  entityValues,
  nowIso,
  outcomeOf,
  profileDocumentFromRow,
  saveBatch,
  versionFromRow,
  type BatchItem,
  type DocumentRow,
  type EntityRow,
  type PreparedDocument,
  type VersionRow,
} from './rows.js';
import { isEmptyQuery, parseSearchQuery } from './search-query.js';
import { highlightSnippet } from './search-snippet.js';
import { groupMatchers, RankedWindows, scoreSentence, type RankedWindow } from './search-rank.js';
import { guarded } from './store-error.js';
import { SourceReader } from './source-reader.js';
import { BatchReader } from './batch-reader.js';
import { ActorPageReader } from './actor-page-reader.js';
import { RelatedReader } from './related-reader.js';
import { FacetReader } from './facet-reader.js';
import { ChecksReader } from './checks-reader.js';
import { CheckSnapshots } from './check-snapshots.js';
import { MentionPageReader } from './mention-page-reader.js';
import { TimelineReader } from './timeline-reader.js';
import { GraphReader } from './graph-reader.js';
import { GraphEvidenceReader } from './graph-evidence-reader.js';
import { GraphTotals } from './graph-totals.js';
import { CompareReader } from './compare-reader.js';
import { EditorialStoreBase } from './editorial-store-base.js';
import { storedLayout } from './compact-layout.js';
import { Editorial } from './editorial.js';
import type { BatchSaveResult, CollectionCounts, EntityDetail, SaveDocumentInput, WriteFaultHook } from './store.js';
import {
  mentionRefFromRow,
  normalizeSearchQuery,
  searchCountCap,
  searchRankWindow,
  sortActors,
  type MentionJoinRow,
} from './store-common.js';
import { sqlPlaceholders, type DocumentDialect, type SqlColumn, type SqlRunner } from './sql-dialect.js';
import { documentItemKinds, extractionFromItemRows, itemSelectSql, type ItemKind, type ItemRow } from './item-kinds.js';
import { entityUpserts, refreshEntityLevels, storedEntities, type EntityChange } from './fact-levels.js';
import { fillSlices, sentenceSeek, sentenceTextsById, type SlicedRow } from './sentence-texts.js';

/** The columns of a new document row, in insert order. */
export const documentColumns: SqlColumn[] = [
  ['actor_id', 'text'],
  ['version', 'int'],
  ['hash', 'text'],
  ['text', 'text'],
  ['actor_name', 'text'],
  ['actor_country', 'text'],
  ['extraction_actor_name', 'text'],
  ['extraction_actor_country', 'text'],
  ['layout', 'json'],
  ['source_name', 'text'],
  ['format', 'text'],
  ['encoding', 'text'],
  ['bytes', 'int'],
  ['as_of', 'text'],
  ['source_url', 'text'],
  ['author', 'text'],
  ['focus', 'text'],
  ['extra', 'json'],
  ['ingested_at', 'timestamp'],
  ['sentence_count', 'int'],
  ['kind', 'text'],
  ['published', 'text'],
  ['publisher', 'text'],
].map(([name, type]) => ({ name, type }) as SqlColumn);

export const actorColumns: SqlColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'kind', type: 'text' },
];

export const entityColumns: SqlColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'wikidata', type: 'text' },
  { name: 'aliases', type: 'json' },
  { name: 'attributes', type: 'json' },
  { name: 'updated_at', type: 'timestamp' },
];

const knownVersionSql = 'SELECT version FROM documents WHERE actor_id = ? AND hash = ? ORDER BY version LIMIT 1';
const versionRowsSql =
  'SELECT version, hash, source_name, format, ingested_at, as_of FROM documents WHERE actor_id = ? ORDER BY version';
/** Version numbers count every version ever stored; which one is the latest is the pointer's business. */
const nextVersionSql = `SELECT CAST(coalesce(max(version), 0) AS INTEGER) AS max,
  (SELECT latest_document_id FROM actors WHERE id = ?) AS latest FROM documents WHERE actor_id = ?`;

/** Whether a version number can be stored at all (a 32-bit integer); any other matches nothing. */
const storableVersion = (version: number): boolean => Number.isInteger(version) && Math.abs(version) < 2 ** 31;

const unchanged = (prepared: PreparedDocument, version: number): IngestOutcome => ({
  status: 'unchanged',
  actorId: prepared.actorId,
  actorName: prepared.document.actor.name,
  version,
});

/** The values of a new document row, in documentColumns order. */
export function documentValues(prepared: PreparedDocument, version: number): unknown[] {
  const { actorId, document, extraction } = prepared;
  return [
    actorId,
    version,
    document.source.hash,
    document.text,
    document.actor.name,
    document.actor.country,
    extraction.actor.name,
    extraction.actor.country,
    JSON.stringify(storedLayout(prepared.layout, document.text)),
    document.source.name,
    document.source.format,
    document.source.encoding,
    document.source.bytes,
    document.metadata.asOf,
    document.metadata.source,
    document.metadata.author,
    document.metadata.focus,
    JSON.stringify(document.metadata.extra ?? {}),
    nowIso(),
    extraction.sentences.length,
    document.kind,
    document.metadata.published,
    document.metadata.publisher,
  ];
}

/** The columns of an item kind's rows: document, position (when positioned) and the declared columns. */
export const itemColumns = (kind: ItemKind): SqlColumn[] => [
  { name: 'document_id', type: 'int' },
  ...(kind.positioned ? [{ name: 'position', type: 'int' } as SqlColumn] : []),
  ...kind.columns.map(({ name, type }) => ({ name, type })),
];

/** The rows of one item kind of a document (itemColumns order). */
export const itemRows = (kind: ItemKind, prepared: PreparedDocument, documentId: unknown): unknown[][] =>
  kind
    .items(prepared.extraction)
    .map((item, index) => [
      documentId,
      ...(kind.positioned ? [index] : []),
      ...kind.columns.map((column) => column.value(item, index, prepared)),
    ]);

export abstract class SqlStore extends EditorialStoreBase {
  protected readonly editorial: Editorial;
  protected readonly sources: SourceReader;
  protected readonly batches: BatchReader;
  protected readonly actorPages: ActorPageReader;
  protected readonly related: RelatedReader;
  protected readonly facets: FacetReader;
  protected readonly checks: ChecksReader;
  /** The whole collection's check findings as last computed (migration 20), written without moving the revision. */
  readonly checkSnapshots: CheckSnapshots;
  protected readonly mentionPages: MentionPageReader;
  protected readonly timeline: TimelineReader;
  protected readonly graphs: GraphReader;
  protected readonly edgeEvidence: GraphEvidenceReader;
  /** The ranked windows of the last searches, per store revision (search-rank.ts). */
  private readonly rankedWindows = new RankedWindows();
  /** The network's maintained figures, recomputed for the actors each write changes. */
  protected readonly graphTotals: GraphTotals;
  protected readonly compareRows: CompareReader;
  private faultHook: WriteFaultHook | undefined;

  /**
   * `reader` reads committed data; `writeLabel` names the backend in a failed write's message
   * ("write to the SQLite database"); `itemKinds` are the item kinds written and read.
   */
  protected constructor(
    protected readonly dialect: DocumentDialect,
    protected readonly reader: SqlRunner,
    writeLabel: string,
    protected readonly itemKinds: readonly ItemKind[] = documentItemKinds,
  ) {
    super();
    this.graphTotals = new GraphTotals(dialect.kind);
    this.editorial = new Editorial(
      dialect,
      reader,
      (work) => guarded(writeLabel, () => this.writeTransaction(work, () => true)),
      itemKinds,
      // Users, sessions and tokens are no data: a login does not move the revision the caches of views are keyed by.
      (work) => guarded(writeLabel, () => this.writeTransaction(work, () => false)),
      this.graphTotals,
    );
    this.sources = new SourceReader(reader);
    this.batches = new BatchReader(reader, itemKinds);
    this.actorPages = new ActorPageReader(reader, dialect.byteOrder);
    this.related = new RelatedReader(reader);
    this.facets = new FacetReader(reader);
    this.checks = new ChecksReader(reader, dialect.byteOrder, dialect.kind);
    this.checkSnapshots = new CheckSnapshots(reader, (work) =>
      guarded(writeLabel, () => this.writeTransaction(work, () => false)),
    );
    this.mentionPages = new MentionPageReader(reader, dialect.byteOrder);
    this.timeline = new TimelineReader(reader, dialect.byteOrder, dialect.kind);
    this.graphs = new GraphReader(reader, dialect.kind);
    this.edgeEvidence = new GraphEvidenceReader(reader, dialect.byteOrder);
    this.compareRows = new CompareReader(reader, dialect.byteOrder);
  }

  /**
   * Runs work in one write transaction (after or beside other writers, as the backend does it);
   * the store revision moves unless `changed` says the work wrote nothing.
   */
  protected abstract writeTransaction<T>(
    work: (db: SqlRunner) => Promise<T>,
    changed: (result: T) => boolean,
  ): Promise<T>;

  /** Runs reads that must see one snapshot (a document, its items and its versions). */
  protected abstract readSnapshot<T>(work: (db: SqlRunner) => Promise<T>): Promise<T>;

  /** Writes the items of a batch in one write transaction; a backend may lock or retry around it. */
  protected writeAll(items: BatchItem[]): Promise<IngestOutcome[]> {
    return this.writeTransaction(
      (db) => this.writeAndSync(db, items),
      (outcomes) => outcomes.some((outcome) => outcome.status !== 'unchanged'),
    );
  }

  /** Writes the items (writeEach) and recomputes the network's figures of the actors given a new version. */
  protected async writeAndSync(db: SqlRunner, items: BatchItem[]): Promise<IngestOutcome[]> {
    const outcomes = await this.writeEach(db, items);
    await this.graphTotals.sync(
      db,
      outcomes.filter((outcome) => outcome.status !== 'unchanged').map((outcome) => outcome.actorId),
    );
    return outcomes;
  }

  setWriteFaultHook(hook: WriteFaultHook | undefined): void {
    this.faultHook = hook;
  }

  /** A point in a write transaction where the test-only fault hook may abort it. */
  protected step(name: string): void {
    this.faultHook?.(name);
  }

  async saveDocument(input: SaveDocumentInput): Promise<IngestOutcome> {
    return outcomeOf((await this.saveDocuments([input]))[0]);
  }

  saveDocuments(inputs: SaveDocumentInput[]): Promise<BatchSaveResult[]> {
    return saveBatch(inputs, {
      itemKinds: this.itemKinds,
      // A text already stored for the actor (any version, committed) needs no write transaction at all.
      knownVersions: (items) => this.knownVersions(items),
      writeAll: (items) => this.writeAll(items),
    });
  }

  /** For each item, 'unchanged' with the version when its actor has a committed version of its text, else null. */
  protected async knownVersions(items: BatchItem[]): Promise<Array<IngestOutcome | null>> {
    const outcomes: Array<IngestOutcome | null> = [];
    for (const { prepared } of items) outcomes.push(await this.knownVersion(this.reader, prepared));
    return outcomes;
  }

  /** 'unchanged' with the version number when the actor already has a version of this text (seen by `db`). */
  private async knownVersion(db: SqlRunner, prepared: PreparedDocument): Promise<IngestOutcome | null> {
    const [row] = await db.all<{ version: number }>(
      knownVersionSql,
      [prepared.actorId, prepared.document.source.hash],
      {
        reuse: true,
      },
    );
    return row ? unchanged(prepared, Number(row.version)) : null;
  }

  /** Writes prepared documents in order inside the current write transaction, each with its audit entry. */
  protected async writeEach(db: SqlRunner, items: BatchItem[]): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = [];
    for (const { prepared, savedBy } of items) {
      const outcome = await this.writeDocument(db, await this.editorial.adjustBeforeSave(db, prepared));
      await this.editorial.afterSave(db, outcome, savedBy, prepared.document.source, prepared.ruleDecisions);
      this.step('audit');
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Writes one document version: actor, document row, entities, every item kind, search index, latest pointer. */
  private async writeDocument(db: SqlRunner, prepared: PreparedDocument): Promise<IngestOutcome> {
    const { actorId, document } = prepared;
    // Inside the transaction every committed version is visible, and so is every version written earlier in it.
    const known = await this.knownVersion(db, prepared);
    if (known) return known;
    const [next] = await db.all<{ max: number; latest: unknown }>(nextVersionSql, [actorId, actorId], { reuse: true });
    this.step('lookup');
    const version = Number(next?.max ?? 0) + 1;
    const { dialect } = this;
    await dialect.upsertRows(db, 'actors', ['id'], actorColumns, [
      [actorId, document.actor.name, document.actor.country, document.kind],
    ]);
    this.step('actor');
    const documentId = await this.insertDocument(db, prepared, version);
    this.step('document');
    await this.writeEntities(db, prepared, documentId);
    for (const kind of this.itemKinds) {
      await this.writeItems(db, kind, prepared, documentId);
      this.step(kind.table);
    }
    await dialect.indexSentences(db, documentId, next?.latest ?? null, (name) => this.step(name));
    await db.run('UPDATE actors SET latest_document_id = ? WHERE id = ?', [documentId, actorId], { reuse: true });
    this.step('latest-pointer');
    return { status: version === 1 ? 'created' : 'new-version', actorId, actorName: document.actor.name, version };
  }

  private async insertDocument(db: SqlRunner, prepared: PreparedDocument, version: number): Promise<unknown> {
    const values = documentValues(prepared, version);
    const { dialect } = this;
    const [row] = await db.all<{ id: unknown }>(
      `INSERT INTO documents (${documentColumns.map((column) => column.name).join(', ')})
       VALUES (${documentColumns.map((column) => dialect.placeholder(column.type)).join(', ')}) RETURNING id`,
      values.map((value, index) => dialect.param(documentColumns[index]!.type, value)),
      { reuse: true },
    );
    return row!.id;
  }

  /**
   * Upserts entity rows, their stored names kept as aliases; answers what it changed of what the confidence rules read
   * of the existing ones (fact-levels.ts). Read before the upsert: right where one writer writes at a time (SQLite);
   * PostgreSQL locks the rows it reads.
   */
  protected async upsertEntities(db: SqlRunner, rows: unknown[][]): Promise<EntityChange[]> {
    const stored = await storedEntities(
      db,
      rows.map((row) => row[0]),
    );
    const upserts = entityUpserts(stored, rows);
    if (rows.length > 0)
      await this.dialect.upsertRows(db, 'entities', ['id'], entityColumns, upserts.rows, ['updated_at']);
    return upserts.changes;
  }

  /** Upserts the document's entities (in id order: one lock order for concurrent writers) and links them to it. */
  private async writeEntities(db: SqlRunner, prepared: PreparedDocument, documentId: unknown): Promise<void> {
    const now = nowIso();
    const rows = prepared.entityUpserts.map((e) => entityValues(e, now));
    // Entities stored with other data: the confidence of their mentions in other documents changes (fact-levels.ts).
    const changed = await this.upsertEntities(db, rows);
    if (changed.length > 0) await refreshEntityLevels(db, this.dialect.kind, changed);
    this.step('entities');
    const links: SqlColumn[] = [
      { name: 'document_id', type: 'int' },
      { name: 'position', type: 'int' },
      { name: 'entity_id', type: 'text' },
    ];
    const linkRows = prepared.entityLinks.map((id, position) => [documentId, position, id]);
    if (linkRows.length > 0) await this.dialect.insertRows(db, 'document_entities', links, linkRows);
    this.step('document_entities');
  }

  /** Inserts the items of one kind of the document, each row its document, position and declared columns. */
  private async writeItems(db: SqlRunner, kind: ItemKind, prepared: PreparedDocument, documentId: unknown) {
    const rows = itemRows(kind, prepared, documentId);
    if (rows.length === 0) return;
    await this.dialect.insertRows(db, kind.table, itemColumns(kind), rows);
  }

  async listActors(kind: DocumentKind = 'profile'): Promise<ActorSummary[]> {
    return guarded('list the actors', async () => {
      const actors = await this.reader.all<{
        id: string;
        name: string;
        country: string | null;
        document_id: unknown;
        version: number;
        as_of: string | null;
        versions: number;
        sentence_count: number;
      }>(
        `SELECT a.id, a.name, a.country, d.id AS document_id, d.version, d.as_of,
           (SELECT CAST(count(*) AS INTEGER) FROM documents v WHERE v.actor_id = a.id) AS versions,
           d.sentence_count
         FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.kind = ?`,
        [kind],
      );
      const interests = await this.reader.all<{ document_id: unknown; rank: number; title: string; themes: unknown }>(
        `SELECT i.document_id, i.rank, i.title, i.themes FROM interests i
         JOIN actors a ON a.latest_document_id = i.document_id WHERE a.kind = ? ORDER BY i.document_id, i.position`,
        [kind],
      );
      const byDocument = new Map<string, ActorSummary['interests']>();
      for (const row of interests) {
        const list = byDocument.get(String(row.document_id)) ?? [];
        list.push({ rank: row.rank, title: row.title, themes: fromJson(row.themes) });
        byDocument.set(String(row.document_id), list);
      }
      return sortActors(
        actors.map((row) => ({
          id: row.id,
          name: row.name,
          country: row.country,
          latestVersion: row.version,
          versions: row.versions,
          asOf: row.as_of,
          interests: byDocument.get(String(row.document_id)) ?? [],
          sentenceCount: row.sentence_count,
        })),
      );
    });
  }

  private async documentRow(db: SqlRunner, id: string, version?: number): Promise<DocumentRow | undefined> {
    if (version !== undefined && !storableVersion(version)) return undefined;
    const [row] =
      version === undefined
        ? await db.all<DocumentRow>(
            'SELECT d.* FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.id = ?',
            [id],
          )
        : await db.all<DocumentRow>('SELECT * FROM documents WHERE actor_id = ? AND version = ?', [id, version]);
    return row;
  }

  async getActor(id: string, version?: number): Promise<ActorDetail | null> {
    return guarded(`read actor ${id}`, () =>
      this.readSnapshot(async (db) => {
        const doc = await this.documentRow(db, id, version);
        if (!doc) return null;
        const where = 'document_id = ?';
        // One query at a time: a transaction's connection runs them in turn anyway.
        // Statements kept prepared (reuse): an actor page is read often and each of its reads is small.
        const versions = await db.all<VersionRow>(versionRowsSql, [doc.actor_id], { reuse: true });
        const entities = await db.all<EntityRow>(
          `SELECT e.id, e.type, e.name, e.country, e.wikidata, e.aliases, e.attributes
           FROM document_entities de JOIN entities e ON e.id = de.entity_id
           WHERE de.document_id = ? ORDER BY de.position`,
          [doc.id],
          { reuse: true },
        );
        const rowsOf = new Map<ItemKind, ItemRow[]>();
        for (const kind of this.itemKinds)
          rowsOf.set(kind, await db.all<ItemRow>(itemSelectSql(kind, where), [doc.id], { reuse: true }));
        const extraction = extractionFromItemRows(
          doc,
          this.itemKinds,
          (kind) => rowsOf.get(kind)!,
          entities.map(entityFromRow),
        );
        return actorDetailFrom(doc, versions, extraction);
      }),
    );
  }

  async getDocument(id: string, version?: number): Promise<ProfileDocument | null> {
    return guarded(`read the document of ${id}`, async () => {
      const doc = await this.documentRow(this.reader, id, version);
      return doc ? profileDocumentFromRow(doc) : null;
    });
  }

  async listVersions(actorId: string): Promise<VersionSummary[]> {
    return guarded(`list the versions of ${actorId}`, async () =>
      (await this.reader.all<VersionRow>(versionRowsSql, [actorId])).map(versionFromRow),
    );
  }

  /** One row kept by triggers on actors and documents (migration 25): constant time at any collection size. */
  async collectionCounts(): Promise<CollectionCounts> {
    return guarded('read the collection counts', async () => {
      const [row] = await this.reader.all<{ actors: unknown; versions: unknown; sentences: unknown }>(
        'SELECT actors, versions, sentences FROM collection_counts WHERE id = 1',
      );
      return {
        actors: Number(row?.actors ?? 0),
        versions: Number(row?.versions ?? 0),
        sentences: Number(row?.sentences ?? 0),
      };
    });
  }

  async getEntity(id: string): Promise<EntityDetail | null> {
    return guarded(`read entity ${id}`, async () => {
      const [row] = await this.reader.all<EntityRow>(
        'SELECT id, type, name, country, wikidata, aliases, attributes FROM entities WHERE id = ?',
        [id],
      );
      if (!row) return null;
      const mentions = await this.reader.all<MentionJoinRow & SlicedRow>(
        `SELECT a.id AS actor, a.name AS actor_name, a.kind,
           m.document_id, m.span_start, m.span_end, m.text, m.type,
           s.text AS sentence_text, s.span_start AS sentence_start, s.span_end AS sentence_end
         FROM mentions m
         JOIN actors a ON a.latest_document_id = m.document_id
                  LEFT JOIN sentence_spans s ON s.document_id = m.document_id AND s.span_end >= m.span_end
           AND ${sentenceSeek('m')}
         WHERE m.entity_id = ? AND m.review_status <> 'rejected'
         ORDER BY a.id${this.dialect.byteOrder}, m.position`,
        [id],
      );
      await fillSlices(this.reader, mentions);
      return { entity: entityFromRow(row), mentions: mentions.map(mentionRefFromRow) };
    });
  }

  /**
   * Top-k first: the `searchRankWindow` newest matches are read from the full-text index alone and
   * ranked by search-rank.ts (the same scores on both backends); positions past that window follow
   * in newest-first order. Matches are counted up to `searchCountCap` (`totalExact: false` beyond it,
   * unless `count: 'exact'`), and only when the window is full. Joins and snippets are for the page only.
   */
  async search(query: SearchQuery): Promise<SearchResult> {
    const { q, actor, limit, offset, exactCount } = normalizeSearchQuery(query);
    const terms = parseSearchQuery(q);
    if (isEmptyQuery(terms)) return { total: 0, totalExact: true, hits: [] };
    return guarded('search', async () => {
      const window = await this.rankedWindow(q, actor, exactCount);
      if (!window) return { total: 0, totalExact: true, hits: [] };
      const { ranked, scores, full, total, totalExact } = window;
      if (total === 0 || offset >= total) return { total, totalExact, hits: [] };
      const matchers = groupMatchers(terms);
      const page = ranked.slice(offset, offset + limit);
      const beyond = Math.min(offset + limit, total) - Math.max(offset, ranked.length);
      if (full && beyond > 0) {
        const matches = await this.dialect.fullText(this.reader, terms, actor);
        if (matches) page.push(...(await matches.newest(beyond, Math.max(offset, ranked.length))));
      }
      if (page.length === 0) return { total, totalExact, hits: [] };
      const outside = page.filter((id) => !window.texts.has(String(id)));
      const [rows, outsideTexts] = await Promise.all([
        this.reader.all<{
          id: unknown;
          actor: string;
          actor_name: string;
          version: number;
          span_start: number;
          span_end: number;
        }>(
          `SELECT s.id, a.id AS actor, a.name AS actor_name, d.version, s.span_start, s.span_end
           FROM sentence_spans s JOIN documents d ON d.id = s.document_id JOIN actors a ON a.latest_document_id = d.id
           WHERE s.id IN (${sqlPlaceholders(page.length)})`,
          page,
        ),
        sentenceTextsById(this.reader, outside),
      ]);
      const textOf = (id: unknown): string => window.texts.get(String(id)) ?? outsideTexts.get(String(id)) ?? '';
      const order = new Map(page.map((id, i) => [String(id), i]));
      rows.sort((a, b) => (order.get(String(a.id)) ?? 0) - (order.get(String(b.id)) ?? 0));
      return {
        total,
        totalExact,
        hits: rows.map((row) => {
          const text = textOf(row.id);
          return {
            actor: row.actor,
            actorName: row.actor_name,
            version: row.version,
            text,
            snippet: highlightSnippet(text, terms),
            start: row.span_start,
            end: row.span_end,
            score: scores.get(String(row.id)) ?? scoreSentence(text, matchers),
          };
        }),
      };
    });
  }

  /**
   * The `searchRankWindow` newest matches of a query ranked by search-rank.ts, and the count, remembered for the store
   * revision (the facets read two pages of one query). Null: nothing to search (an actor with no sentences).
   */
  private async rankedWindow(q: string, actor: string | undefined, exactCount: boolean): Promise<RankedWindow | null> {
    const [stamp] = await this.reader.all<{ revision: unknown }>('SELECT revision FROM store_revision WHERE id = 1');
    const key = [String(stamp?.revision ?? ''), actor ?? '', exactCount ? 'exact' : '', q].join('\u0000');
    const known = this.rankedWindows.get(key);
    if (known) return known;
    const terms = parseSearchQuery(q);
    const matches = await this.dialect.fullText(this.reader, terms, actor);
    if (!matches) return null;
    const cap = exactCount ? null : searchCountCap;
    // Where reads run at once (PostgreSQL), the count runs beside the window and its texts: a full window (every common
    // word, prefix or phrase) needs it, and it is the longest read (cap + 1 matches). SQLite counts only then.
    const early = this.dialect.concurrentReads ? matches.count(cap) : null;
    early?.catch(() => undefined);
    const window = await matches.newest(searchRankWindow, 0);
    const full = window.length === searchRankWindow;
    const texts = await sentenceTextsById(this.reader, window);
    const counted = full || exactCount ? await (early ?? matches.count(cap)) : window.length;
    const matchers = groupMatchers(terms);
    const scores = new Map<string, number>();
    for (const [id, text] of texts) scores.set(id, scoreSentence(text, matchers));
    const ranked = window
      .map((id) => ({ id, n: Number(id), score: scores.get(String(id)) ?? 0 }))
      .sort((a, b) => b.score - a.score || a.n - b.n)
      .map((entry) => entry.id);
    const entry: RankedWindow = {
      ranked,
      scores,
      texts,
      full,
      total: exactCount ? counted : Math.min(counted, searchCountCap),
      totalExact: exactCount || counted <= searchCountCap,
    };
    this.rankedWindows.set(key, entry);
    return entry;
  }
}
