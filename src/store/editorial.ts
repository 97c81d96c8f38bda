// The editorial half of the store, written once for both backends over a tiny SQL runner
// (`?` placeholders; PostgreSQL numbers them): users, sessions, API tokens, facts and their
// review, entity edits and merges, the audit trail, the carrying of review decisions to a new
// version, and a digest of every table. Facts carry a confidence (factConfidence: how they were
// found); at save the rule of exact country names, and the rule decisions core made for the
// extraction (SaveDocumentInput.ruleDecisions), confirm the certain ones (reversibly).
import { createHash } from 'node:crypto';
import {
  auditCountCap,
  DossierError,
  factKinds,
  type AuditEntry,
  type AuditPage,
  type Entity,
  type FactKind,
  type IngestOutcome,
  type ReviewStatus,
  type Role,
  type TokenSummary,
  type User,
} from '../model/index.js';
import { entityFromRow, entityValues, fromJson, jsonOrNull, type EntityRow, type PreparedDocument } from './rows.js';
import { eventBoundsOf, timeBoundsOf } from './timeline-reader.js';
import { eventPartyKey } from './event-parties.js';
import { claimBoundsOf, claimDateOf } from './claim-bounds.js';
import {
  documentItemKinds,
  reviewedItemKinds,
  slicedColumnSql,
  type ItemKind,
  type ItemReview,
  type ReviewFieldType,
} from './item-kinds.js';
import { isRuleReviewer, reviewerOf, reviewTimeOf, storedReviewer } from './rule-reviewers.js';
import {
  decodeFactCursor,
  encodeFactCursor,
  factCountSql,
  factPageSql,
  positionSourcesSql,
  type FactCursor,
} from './fact-page-sql.js';
import { columnsRead, confidenceJoin, confidenceOf, readsEntity } from './confidence-rule.js';
import {
  aliasOfFor,
  levelCountSql,
  pageSources,
  refreshEntityLevels,
  refreshLevels,
  retireOlderLevels,
} from './fact-levels.js';
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
  RuleDecision,
  ScoredFact,
  ScoredFactPage,
  UserCredentials,
} from './store.js';
import type { SqlDialect, SqlRunner } from './sql-dialect.js';
import { sqlPlaceholders } from './sql-dialect.js';
import { sentencesWithText } from './sentence-texts.js';
import { entityWords, trigramPhrase, usesTrigrams } from './entity-trigrams.js';

// The SQL runner and dialect live in sql-dialect.ts; re-exported here for the readers written against editorial.ts.
export { sqlPlaceholders, type SqlDialect, type SqlRunner } from './sql-dialect.js';

/** How the items of one reviewed kind are stored: from its item-kind declaration (item-kinds.ts). */
interface FactTable extends ItemReview {
  table: string;
  /** Columns whose NULL reads as the document's text at the span (ItemKind.sliced). */
  sliced?: readonly string[];
  /** postures have one row per document and no position column. */
  positioned: boolean;
}

/** The fact tables of a registry of item kinds: its reviewed kinds, by fact kind. */
export function factTablesOf(kinds: readonly ItemKind[]): ReadonlyMap<FactKind, FactTable> {
  return new Map(
    reviewedItemKinds(kinds).map((kind) => [
      kind.review.kind,
      { ...kind.review, table: kind.table, positioned: kind.positioned, sliced: kind.sliced },
    ]),
  );
}

const storeFactTables = factTablesOf(documentItemKinds);

const isoTime = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);
const nowIso = () => new Date().toISOString();

export const factId = (kind: FactKind, documentId: number, position: number): string =>
  `${kind}-${documentId}-${position}`;

export function parseFactId(
  id: string,
  tables: ReadonlyMap<FactKind, FactTable> = storeFactTables,
): { kind: FactKind; documentId: number; position: number } | null {
  const match = /^([a-z]+)-(\d{1,9})-(\d{1,9})$/.exec(id);
  const spec = match ? tables.get(match[1] as FactKind) : undefined;
  if (!match || !spec) return null;
  const kind = spec.kind;
  const documentId = Number(match[2]);
  const position = Number(match[3]);
  if (!spec.positioned && position !== 0) return null;
  return { kind, documentId, position };
}

/** The keys and sort columns of a fact in a page (fact-page-sql.ts). */
interface FactKeyRow {
  confidence: unknown;
  actor_id: string;
  version: unknown;
  span_start: unknown;
  kind_order: unknown;
  position: unknown;
  document_id: unknown;
}

interface FactRow {
  document_id: number;
  position: number;
  span_start: number;
  span_end: number;
  review_status: string;
  reviewed_by: string | null;
  reviewed_at: unknown;
  /** The ingest time of the fact's document (the time of a rule's decision). */
  ingested_at: unknown;
  origin: string;
  machine_payload: unknown;
  actor_id: string;
  /** Mentions: the linked entity's name and aliases, and how the mention was found. */
  entity_name?: string | null;
  entity_aliases?: unknown;
  entity_wikidata?: string | null;
  via?: string | null;
  /** Times: how a time without a year was completed. */
  resolved?: string | null;
  version: number;
  latest: unknown;
  [column: string]: unknown;
}

function payloadOf(spec: FactTable, row: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [field, column, type] of spec.fields) {
    const value = row[column];
    payload[field] =
      value === null || value === undefined
        ? null
        : type === 'number'
          ? Number(value)
          : type === 'json'
            ? fromJson(value)
            : type === 'bool'
              ? Boolean(value)
              : value;
  }
  return payload;
}

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );

interface SentenceRow {
  document_id: number;
  text: string;
  span_start: number;
  span_end: number;
}

/**
 * A finder of the smallest sentence holding a span over sentences in text order: a binary search
 * for the last sentence starting at or before the span, then the (few) earlier ones that may also
 * hold it; sentences out of order fall back to a full scan.
 */
function sentenceFinder(sentences: SentenceRow[]): (start: number, end: number) => SentenceRow | null {
  const ordered = sentences.every(
    (sentence, i) => i === 0 || (sentences[i - 1] as SentenceRow).span_start <= sentence.span_start,
  );
  if (!ordered) return (start, end) => sentenceOf(sentences, start, end);
  return (start, end) => {
    let low = 0;
    let high = sentences.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((sentences[middle] as SentenceRow).span_start <= start) {
        last = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    let best: SentenceRow | null = null;
    for (let i = last; i >= 0 && i > last - 8; i--) {
      const sentence = sentences[i] as SentenceRow;
      if (
        sentence.span_end >= end &&
        (!best || sentence.span_end - sentence.span_start < best.span_end - best.span_start)
      )
        best = sentence;
    }
    return best ?? sentenceOf(sentences, start, end);
  };
}

/** The smallest sentence holding a span, or null. */
function sentenceOf(sentences: SentenceRow[], start: number, end: number): SentenceRow | null {
  let best: SentenceRow | null = null;
  for (const sentence of sentences) {
    if (
      sentence.span_start <= start &&
      sentence.span_end >= end &&
      (!best || sentence.span_end - sentence.span_start < best.span_end - best.span_start)
    ) {
      best = sentence;
    }
  }
  return best;
}

/** Of these sentences, the smallest of those starting last at or before `start` (null when none does). */
function lastStarting(sentences: SentenceRow[], start: number): SentenceRow | null {
  let best: SentenceRow | null = null;
  for (const sentence of sentences) {
    if (sentence.span_start > start) continue;
    if (
      !best ||
      sentence.span_start > best.span_start ||
      (sentence.span_start === best.span_start && sentence.span_end < best.span_end)
    )
      best = sentence;
  }
  return best;
}

/** A review decision as carried to a new version. */
interface CarriedReview {
  status: string;
  by: string | null;
  at: string | null;
  origin: 'machine' | 'human';
  machinePayload: unknown;
}

/**
 * Where a span of the previous version lies in the new one: the smallest sentence holding it, matched to the new
 * sentence of the same text and the same occurrence among equal sentences, shifted by as much; null when that
 * sentence is gone or changed.
 */
async function sentenceCarrier(
  db: SqlRunner,
  previousId: number,
  currentId: number,
): Promise<(start: number, end: number) => { start: number; end: number } | null> {
  const sentencesOf = (id: number): Promise<SentenceRow[]> => sentencesWithText(db, id);
  const oldSentences = await sentencesOf(previousId);
  const newSentences = await sentencesOf(currentId);
  // Each old sentence's occurrence among equal sentences, and the new sentences by text: one pass each.
  const occurrenceOf = new Map<SentenceRow, number>();
  const seenTexts = new Map<string, number>();
  for (const sentence of oldSentences) {
    const n = seenTexts.get(sentence.text) ?? 0;
    occurrenceOf.set(sentence, n);
    seenTexts.set(sentence.text, n + 1);
  }
  const newByText = new Map<string, SentenceRow[]>();
  for (const sentence of newSentences) {
    const list = newByText.get(sentence.text);
    if (list) list.push(sentence);
    else newByText.set(sentence.text, [sentence]);
  }
  const findOldSentence = sentenceFinder(oldSentences);
  return (start, end) => {
    const oldSentence = findOldSentence(start, end);
    if (!oldSentence) return null;
    const twin = newByText.get(oldSentence.text)?.[occurrenceOf.get(oldSentence) ?? 0];
    if (!twin) return null;
    const shift = twin.span_start - oldSentence.span_start;
    return { start: start + shift, end: end + shift };
  };
}

/** The reviewer a rule writes: a country mention whose words are exactly a gazetteer name of the country. */
export const exactCountryRule = 'rule:exact-country';

/** What the confidence of a fact is computed from (the stored row, and for a mention its entity). */
export interface ConfidenceInput {
  kind: FactKind;
  origin: 'machine' | 'human';
  payload: Record<string, unknown>;
  evidence: string;
  entity?: { name: string; aliases: string[]; wikidata: string | null } | null;
  via?: string | null;
  resolved?: string | null;
  /** Other columns of the stored row a kind's rule reads. */
  row?: Record<string, unknown>;
}

/** The JavaScript form of a kind's confidence rule over one fact (confidence-rule.ts). */
function confidenceBy(spec: Pick<FactTable, 'fields' | 'confidence'> | undefined, input: ConfidenceInput): number {
  const fieldOf = new Map(spec?.fields.map(([field, column]) => [column, field]));
  const extra: Record<string, unknown> = { via: input.via, resolved: input.resolved, ...input.row };
  return confidenceOf(spec?.confidence, {
    origin: input.origin,
    words: input.evidence,
    column: (name) => (fieldOf.has(name) ? input.payload[fieldOf.get(name)!] : extra[name]),
    entity: input.entity,
  });
}

/**
 * How certain a fact is, from how it was found (0..1; the review queue shows the lowest first): 1 when a person
 * added it, else as its kind's confidence rule says (`ItemReview.confidence` in item-kinds.ts, where each kind's
 * rule is written and explained), 0.5 for a kind with no rule.
 */
export function factConfidence(input: ConfidenceInput): number {
  return confidenceBy(storeFactTables.get(input.kind), input);
}

/** A row of audit_log. */
interface AuditRow {
  id: unknown;
  at: unknown;
  user_name: string | null;
  action: string;
  target_type: string;
  target_id: string;
  before_value: unknown;
  after_value: unknown;
}

const auditEntryOf = (row: AuditRow): AuditEntry => ({
  id: Number(row.id),
  at: isoTime(row.at)!,
  user: row.user_name,
  action: row.action,
  targetType: row.target_type,
  targetId: row.target_id,
  before: row.before_value === null ? null : fromJson(row.before_value),
  after: row.after_value === null ? null : fromJson(row.after_value),
});

const selectFact = (spec: FactTable): string => {
  const columns = spec.fields
    .map(([, column]) =>
      spec.sliced?.includes(column) ? `${slicedColumnSql(spec.sliced, column)} AS ${column}` : `x.${column}`,
    )
    .join(', ');
  // What the kind's confidence rule reads besides the payload: other columns, the linked entity.
  const fields = new Set(spec.fields.map(([, column]) => column));
  const extra = [
    ...columnsRead(spec.confidence)
      .filter((column) => !fields.has(column))
      .map((column) => `, x.${column}`),
    ...(readsEntity(spec.confidence)
      ? [', e.name AS entity_name, e.aliases AS entity_aliases, e.wikidata AS entity_wikidata']
      : []),
  ].join('');
  const join = confidenceJoin(spec.confidence);
  return `SELECT x.document_id, ${spec.positioned ? 'x.position' : '0 AS position'}, x.span_start, x.span_end,
    x.review_status, x.reviewed_by,
      x.reviewed_at, d.ingested_at, x.origin, x.machine_payload, ${columns}${extra}, d.actor_id, d.version,
      CASE WHEN a.latest_document_id = d.id THEN 1 ELSE 0 END AS latest
    FROM ${spec.table} x JOIN documents d ON d.id = x.document_id JOIN actors a ON a.id = d.actor_id${join}`;
};

/** The confidence of a stored fact row (its evidence read from the document's text). */
function rowConfidence(spec: FactTable, row: FactRow, evidence: string): number {
  const entity =
    row.entity_name !== null && row.entity_name !== undefined
      ? {
          name: row.entity_name,
          aliases:
            row.entity_aliases === null || row.entity_aliases === undefined
              ? []
              : fromJson<string[]>(row.entity_aliases),
          wikidata: row.entity_wikidata ?? null,
        }
      : null;
  return confidenceBy(spec, {
    kind: spec.kind,
    origin: row.origin === 'human' ? 'human' : 'machine',
    payload: payloadOf(spec, row),
    evidence,
    entity,
    row,
  });
}

const keyWhere = (spec: FactTable): string =>
  spec.positioned ? 'document_id = ? AND position = ?' : 'document_id = ?';
const keyParams = (spec: FactTable, documentId: number, position: number): unknown[] =>
  spec.positioned ? [documentId, position] : [documentId];

/**
 * Confirms rows of a positioned table of a document, each by its rule, in one UPDATE per rule (not one per row: on
 * PostgreSQL each is a round trip). The first confirmation of a position wins, as one UPDATE after another would
 * (the later ones find the row reviewed already when `unreviewed` asks for an unreviewed row).
 */
async function confirmPositions(
  db: SqlRunner,
  table: string,
  documentId: number,
  confirmations: ReadonlyArray<{ position: number; rule: string }>,
  unreviewed: string,
): Promise<void> {
  const byRule = new Map<string, number[]>();
  const seen = new Set<number>();
  for (const { position, rule } of confirmations) {
    if (unreviewed !== '' && seen.has(position)) continue;
    seen.add(position);
    const positions = byRule.get(rule);
    if (positions) positions.push(position);
    else byRule.set(rule, [position]);
  }
  for (const [rule, positions] of byRule) {
    for (let from = 0; from < positions.length; from += 500) {
      const chunk = positions.slice(from, from + 500);
      // A rule's decision is stored as the rule's code, without time (rule-reviewers.ts).
      await db.run(
        `UPDATE ${table} SET review_status = 'confirmed', reviewed_by = ?, reviewed_at = NULL
          WHERE document_id = ? AND position IN (${sqlPlaceholders(chunk.length)})${unreviewed}`,
        [storedReviewer(rule), documentId, ...chunk],
      );
    }
  }
}

/** A created document's save, for Editorial.afterCreates. */
export interface CreatedSave {
  outcome: IngestOutcome;
  savedBy: string | null;
  source: { name: string; hash: string };
  ruleDecisions: readonly RuleDecision[];
  /** The document row as stored: its id and text. */
  written: { id: unknown; text: string };
}

/** The fact tables whose review changes the network's figures (graph-totals.ts). */
const graphTables = new Set(['mentions', 'relations', 'interests']);

/** Runs work atomically on one connection. */
export type EditorialTransaction = <T>(work: (db: SqlRunner) => Promise<T>) => Promise<T>;

/**
 * The editorial operations over one backend. `transaction` runs work atomically on one connection and moves the
 * data revision (reviews, added facts, entity edits); `accountTransaction` runs writes to users, sessions and tokens
 * (and their audit entries), which no cached view of the data reads: a login leaves the data revision, and every
 * answer cached for it, as they were.
 */
export class Editorial {
  constructor(
    private readonly dialect: SqlDialect,
    private readonly reader: SqlRunner,
    private readonly transaction: EditorialTransaction,
    itemKinds: readonly ItemKind[] = documentItemKinds,
    private readonly accountTransaction: EditorialTransaction = transaction,
    /** The network's maintained figures, recomputed for the documents a review, an added fact or a merge changes. */
    private readonly graph?: { syncDocuments(db: SqlRunner, documentIds: Iterable<unknown>): Promise<void> },
  ) {
    this.tables = factTablesOf(itemKinds);
  }

  /** The fact tables of the store's item kinds (its reviewed kinds). */
  private readonly tables: ReadonlyMap<FactKind, FactTable>;

  private spec(kind: FactKind): FactTable {
    const spec = this.tables.get(kind);
    if (!spec) throw new DossierError('BAD_REQUEST', `no fact kind "${kind}" in this store`);
    return spec;
  }

  private columnValue(type: ReviewFieldType, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (type === 'json') return JSON.stringify(value);
    if (type === 'bool') return this.dialect.bool(Boolean(value));
    return value;
  }

  // ---- audit -------------------------------------------------------------------------------

  async audit(db: SqlRunner, entry: NewAuditEntry): Promise<void> {
    await db.run(
      'INSERT INTO audit_log (at, user_name, action, target_type, target_id, before_value, after_value) VALUES ' +
        '(?, ?, ?, ?, ?, ?, ?)',
      [
        nowIso(),
        entry.user,
        entry.action,
        entry.targetType,
        entry.targetId,
        jsonOrNull(entry.before),
        jsonOrNull(entry.after),
      ],
    );
  }

  appendAudit(entry: NewAuditEntry): Promise<void> {
    return this.transaction((db) => this.audit(db, entry));
  }

  /**
   * A page of the audit trail, newest first: from a `cursor` by a seek on the key (the cost of the page, whatever
   * its depth), else after `offset` entries. Counted up to auditCountCap.
   */
  async listAudit(filter: AuditFilter): Promise<AuditPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.user !== undefined) {
      where.push('user_name = ?');
      params.push(filter.user);
    }
    if (filter.targetType !== undefined) {
      where.push('target_type = ?');
      params.push(filter.targetType);
    }
    if (filter.targetId !== undefined) {
      where.push('target_id = ?');
      params.push(filter.targetId);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.reader.all<{ n: unknown }>(
      `SELECT count(*) AS n FROM (SELECT 1 AS x FROM audit_log ${clause} LIMIT ${auditCountCap + 1}) c`,
      params,
    );
    const keyset = filter.cursor === undefined ? null : Number(filter.cursor);
    if (keyset !== null && !Number.isSafeInteger(keyset))
      throw new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of the audit trail', {
        expected: 'the `next` value of the previous page',
      });
    const page = keyset === null ? clause : `WHERE ${[...where, 'id < ?'].join(' AND ')}`;
    const rows = await this.reader.all<AuditRow>(
      `SELECT * FROM audit_log ${page} ORDER BY id DESC LIMIT ?${keyset === null ? ' OFFSET ?' : ''}`,
      keyset === null ? [...params, filter.limit + 1, filter.offset] : [...params, keyset, filter.limit + 1],
    );
    const entries = rows.slice(0, filter.limit).map(auditEntryOf);
    const counted = Number(count?.n ?? 0);
    return {
      total: Math.min(counted, auditCountCap),
      totalExact: counted <= auditCountCap,
      entries,
      next: rows.length > filter.limit && entries.length ? String(entries[entries.length - 1]!.id) : null,
    };
  }

  // ---- users, sessions, tokens -------------------------------------------------------------

  async createUser(input: { name: string; role: Role; passwordHash: string }, by: string | null): Promise<User> {
    return this.accountTransaction(async (db) => {
      const existing = await db.all('SELECT 1 AS x FROM users WHERE name = ?', [input.name]);
      if (existing.length > 0) throw new DossierError('CONFLICT', `the user "${input.name}" exists already`);
      const user: User = { name: input.name, role: input.role, createdAt: nowIso() };
      await db.run('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)', [
        user.name,
        user.role,
        input.passwordHash,
        user.createdAt,
      ]);
      await this.audit(db, {
        user: by,
        action: 'user.create',
        targetType: 'user',
        targetId: user.name,
        before: null,
        after: user,
      });
      return user;
    });
  }

  async getUserCredentials(name: string): Promise<UserCredentials | null> {
    const [row] = await this.reader.all<{ name: string; role: Role; password_hash: string; created_at: unknown }>(
      'SELECT name, role, password_hash, created_at FROM users WHERE name = ?',
      [name],
    );
    return row
      ? { name: row.name, role: row.role, passwordHash: row.password_hash, createdAt: isoTime(row.created_at)! }
      : null;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.reader.all<{ name: string; role: Role; created_at: unknown }>(
      'SELECT name, role, created_at FROM users ORDER BY name',
    );
    return rows.map((row) => ({ name: row.name, role: row.role, createdAt: isoTime(row.created_at)! }));
  }

  async createSession(input: { idHash: string; user: string; expiresAt: Date }): Promise<void> {
    await this.accountTransaction(async (db) => {
      const now = nowIso();
      await db.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
      await db.run('INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)', [
        input.idHash,
        input.user,
        now,
        input.expiresAt.toISOString(),
      ]);
    });
  }

  async getSessionUser(idHash: string, now = new Date()): Promise<User | null> {
    const [row] = await this.reader.all<{ name: string; role: Role; created_at: unknown }>(
      'SELECT u.name, u.role, u.created_at FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash ' +
        '= ? AND s.expires_at > ?',
      [idHash, now.toISOString()],
    );
    return row ? { name: row.name, role: row.role, createdAt: isoTime(row.created_at)! } : null;
  }

  async deleteSession(idHash: string): Promise<boolean> {
    return (await this.accountTransaction((db) => db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]))) > 0;
  }

  async createToken(
    input: { id: string; user: string; label: string; tokenHash: string },
    by: string | null,
  ): Promise<TokenSummary> {
    return this.accountTransaction(async (db) => {
      const users = await db.all('SELECT 1 AS x FROM users WHERE name = ?', [input.user]);
      if (users.length === 0)
        throw new DossierError('NOT_FOUND', `no user "${input.user}"`, {
          expected: 'a user added with `dossier users add`',
        });
      const token: TokenSummary = { id: input.id, user: input.user, label: input.label, createdAt: nowIso() };
      await db.run('INSERT INTO api_tokens (id, user_name, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
        token.id,
        token.user,
        token.label,
        input.tokenHash,
        token.createdAt,
      ]);
      await this.audit(db, {
        user: by,
        action: 'token.create',
        targetType: 'token',
        targetId: token.id,
        before: null,
        after: token,
      });
      return token;
    });
  }

  async getTokenUser(tokenHash: string): Promise<User | null> {
    const [row] = await this.reader.all<{ name: string; role: Role; created_at: unknown }>(
      'SELECT u.name, u.role, u.created_at FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE ' +
        't.token_hash = ?',
      [tokenHash],
    );
    return row ? { name: row.name, role: row.role, createdAt: isoTime(row.created_at)! } : null;
  }

  async listTokens(user?: string): Promise<TokenSummary[]> {
    const rows = await this.reader.all<{ id: string; user_name: string; label: string; created_at: unknown }>(
      `SELECT id, user_name, label, created_at FROM api_tokens ${user === undefined ? '' : 'WHERE user_name = ?'}
       ORDER BY created_at, id`,
      user === undefined ? [] : [user],
    );
    return rows.map((row) => ({
      id: row.id,
      user: row.user_name,
      label: row.label,
      createdAt: isoTime(row.created_at)!,
    }));
  }

  private async readUser(db: SqlRunner, name: string): Promise<User> {
    const [row] = await db.all<{ name: string; role: Role; created_at: unknown }>(
      'SELECT name, role, created_at FROM users WHERE name = ?',
      [name],
    );
    if (!row)
      throw new DossierError('NOT_FOUND', `no user "${name}"`, { expected: 'a user listed by `dossier users list`' });
    return { name: row.name, role: row.role, createdAt: isoTime(row.created_at)! };
  }

  /** Refuses a change that would leave the store without an admin. */
  private async keepAnAdmin(db: SqlRunner, user: User, what: string): Promise<void> {
    if (user.role !== 'admin') return;
    const [count] = await db.all<{ n: unknown }>("SELECT count(*) AS n FROM users WHERE role = 'admin'");
    if (Number(count?.n ?? 0) <= 1)
      throw new DossierError('CONFLICT', `cannot ${what} "${user.name}": it is the last admin`, {
        expected: 'another admin first',
      });
  }

  async setUserRole(name: string, role: Role, by: string | null): Promise<User> {
    return this.accountTransaction(async (db) => {
      const before = await this.readUser(db, name);
      if (before.role === role) return before;
      await this.keepAnAdmin(db, before, 'change the role of');
      await db.run('UPDATE users SET role = ? WHERE name = ?', [role, name]);
      const after: User = { ...before, role };
      await this.audit(db, { user: by, action: 'user.role', targetType: 'user', targetId: name, before, after });
      return after;
    });
  }

  async setUserPassword(name: string, passwordHash: string, by: string | null): Promise<{ sessionsEnded: number }> {
    return this.accountTransaction(async (db) => {
      await this.readUser(db, name);
      await db.run('UPDATE users SET password_hash = ? WHERE name = ?', [passwordHash, name]);
      const sessionsEnded = await db.run('DELETE FROM sessions WHERE user_name = ?', [name]);
      await this.audit(db, {
        user: by,
        action: 'user.password',
        targetType: 'user',
        targetId: name,
        before: null,
        after: { sessionsEnded },
      });
      return { sessionsEnded };
    });
  }

  async deleteUser(name: string, by: string | null): Promise<RemovedUser> {
    return this.accountTransaction(async (db) => {
      const user = await this.readUser(db, name);
      await this.keepAnAdmin(db, user, 'remove');
      const tokens = await db.all<{ id: string; user_name: string; label: string; created_at: unknown }>(
        'SELECT id, user_name, label, created_at FROM api_tokens WHERE user_name = ? ORDER BY created_at, id',
        [name],
      );
      const tokensRevoked = tokens.map((row): TokenSummary => ({
        id: row.id,
        user: row.user_name,
        label: row.label,
        createdAt: isoTime(row.created_at)!,
      }));
      const sessionsEnded = await db.run('DELETE FROM sessions WHERE user_name = ?', [name]);
      await db.run('DELETE FROM api_tokens WHERE user_name = ?', [name]);
      await db.run('DELETE FROM users WHERE name = ?', [name]);
      await this.audit(db, {
        user: by,
        action: 'user.delete',
        targetType: 'user',
        targetId: name,
        before: { ...user, tokens: tokensRevoked },
        after: { sessionsEnded },
      });
      return { user, sessionsEnded, tokensRevoked };
    });
  }

  async deleteToken(id: string, by: string | null): Promise<TokenSummary> {
    return this.accountTransaction(async (db) => {
      const [row] = await db.all<{ id: string; user_name: string; label: string; created_at: unknown }>(
        'SELECT id, user_name, label, created_at FROM api_tokens WHERE id = ?',
        [id],
      );
      if (!row)
        throw new DossierError('NOT_FOUND', `no API token "${id}"`, {
          expected: 'a token id listed by `dossier tokens list`',
        });
      const token: TokenSummary = {
        id: row.id,
        user: row.user_name,
        label: row.label,
        createdAt: isoTime(row.created_at)!,
      };
      await db.run('DELETE FROM api_tokens WHERE id = ?', [id]);
      await this.audit(db, {
        user: by,
        action: 'token.revoke',
        targetType: 'token',
        targetId: id,
        before: token,
        after: null,
      });
      return token;
    });
  }

  // ---- facts -------------------------------------------------------------------------------

  /**
   * The rows of a page's facts in page order: one statement per kind and 100 keys (not one per fact, which made a
   * page of 500 facts 500 round trips).
   */
  private async factRowsOf(keys: FactKeyRow[]): Promise<Array<{ kind: FactKind; row: FactRow }>> {
    const byKind = new Map<FactKind, FactKeyRow[]>();
    for (const key of keys) {
      const kind = factKinds[Number(key.kind_order)]!;
      byKind.set(kind, [...(byKind.get(kind) ?? []), key]);
    }
    const rows = new Map<string, FactRow>();
    for (const [kind, ofKind] of byKind) {
      const spec = this.spec(kind);
      for (let i = 0; i < ofKind.length; i += 100) {
        const chunk = ofKind.slice(i, i + 100);
        const where = chunk.map(
          () => `(${spec.positioned ? 'x.document_id = ? AND x.position = ?' : 'x.document_id = ?'})`,
        );
        const params = chunk.flatMap((key) => keyParams(spec, Number(key.document_id), Number(key.position)));
        for (const row of await this.reader.all<FactRow>(`${selectFact(spec)} WHERE ${where.join(' OR ')}`, params))
          rows.set(`${kind}:${Number(row.document_id)}:${spec.positioned ? Number(row.position) : 0}`, row);
      }
    }
    return keys.flatMap((key) => {
      const kind = factKinds[Number(key.kind_order)]!;
      const row = rows.get(
        `${kind}:${Number(key.document_id)}:${this.spec(kind).positioned ? Number(key.position) : 0}`,
      );
      return row ? [{ kind, row }] : [];
    });
  }

  /** The texts of these documents, in one statement. */
  private async textsOf(db: SqlRunner, documentIds: number[]): Promise<Map<number, string>> {
    const texts = new Map<number, string>(documentIds.map((id) => [id, '']));
    if (documentIds.length === 0) return texts;
    const rows = await db.all<{ id: unknown; text: string }>(
      `SELECT id, text FROM documents WHERE id IN (${documentIds.map(() => '?').join(', ')})`,
      documentIds,
    );
    for (const row of rows) texts.set(Number(row.id), row.text);
    return texts;
  }

  /**
   * The smallest sentence holding each fact's span: the last sentence starting at or before it, found by an index
   * seek (100 facts a statement), not every sentence of its document (a long document has tens of thousands); a
   * fact that sentence does not hold (overlapping sentences) is looked up among all its document's.
   */
  private async sentencesOf(
    db: SqlRunner,
    rows: Array<{ row: FactRow }>,
    texts: Map<number, string>,
  ): Promise<Map<FactRow, SentenceRow | null>> {
    // Per document, the sentences found (the smallest of those starting at one offset).
    const found = new Map<number, SentenceRow[]>();
    const spans = [...new Map(rows.map(({ row }) => [`${row.document_id}:${row.span_start}`, row])).values()];
    for (let i = 0; i < spans.length; i += 100) {
      const chunk = spans.slice(i, i + 100);
      const where = chunk.map(
        () =>
          '(s.document_id = ? AND s.span_start = (SELECT max(q.span_start) FROM sentence_spans q ' +
          'WHERE q.document_id = ? AND q.span_start <= ?))',
      );
      const params = chunk.flatMap((row) => [row.document_id, row.document_id, row.span_start]);
      const sentences = await db.all<{
        document_id: unknown;
        text: string | null;
        span_start: unknown;
        span_end: unknown;
      }>(
        `SELECT s.document_id, s.text, s.span_start, s.span_end FROM sentence_spans s WHERE ${where.join(' OR ')}`,
        params,
      );
      for (const sentence of sentences) {
        const documentId = Number(sentence.document_id);
        const start = Number(sentence.span_start);
        const end = Number(sentence.span_end);
        const text = sentence.text ?? (texts.get(documentId) ?? '').slice(start, end);
        found.set(documentId, [
          ...(found.get(documentId) ?? []),
          { document_id: documentId, text, span_start: start, span_end: end },
        ]);
      }
    }
    const result = new Map<FactRow, SentenceRow | null>();
    const everySentence = new Map<number, (start: number, end: number) => SentenceRow | null>();
    for (const { row } of rows) {
      const documentId = Number(row.document_id);
      const last = lastStarting(found.get(documentId) ?? [], row.span_start);
      if (last && last.span_end >= row.span_end) {
        result.set(row, last);
        continue;
      }
      if (!everySentence.has(documentId))
        everySentence.set(documentId, sentenceFinder(await sentencesWithText(db, documentId, texts.get(documentId))));
      result.set(row, everySentence.get(documentId)!(row.span_start, row.span_end));
    }
    return result;
  }

  private async factsFromRows(db: SqlRunner, rows: Array<{ kind: FactKind; row: FactRow }>): Promise<ScoredFact[]> {
    const documentIds = [...new Set(rows.map(({ row }) => Number(row.document_id)))];
    const texts = await this.textsOf(db, documentIds);
    const sentences = await this.sentencesOf(db, rows, texts);
    return rows.map(({ kind, row }) => {
      const documentId = Number(row.document_id);
      const sentence = sentences.get(row) ?? null;
      const evidence = (texts.get(documentId) ?? '').slice(row.span_start, row.span_end);
      return {
        id: factId(kind, documentId, Number(row.position)),
        kind,
        actor: row.actor_id,
        version: Number(row.version),
        latest: Number(row.latest) === 1,
        start: row.span_start,
        end: row.span_end,
        evidence,
        sentence: sentence ? { text: sentence.text, start: sentence.span_start, end: sentence.span_end } : null,
        status: row.review_status as ReviewStatus,
        origin: row.origin === 'human' ? 'human' : 'machine',
        reviewedBy: reviewerOf(row.reviewed_by),
        reviewedAt: isoTime(reviewTimeOf(row.reviewed_by, row.reviewed_at, row.ingested_at)),
        payload: payloadOf(this.spec(kind), row),
        confidence: rowConfidence(this.spec(kind), row, evidence),
      };
    });
  }

  /**
   * A page of facts, sorted and cut in SQL (fact-page-sql.ts): from `filter.after` (a `next` cursor) or
   * `filter.offset`, with `next` the cursor of the following page (null on the last).
   */
  async listFacts(filter: FactFilter): Promise<ScoredFactPage> {
    const after = filter.after === undefined ? null : decodeFactCursor(filter.after);
    if (filter.after !== undefined && !after)
      throw new DossierError('BAD_REQUEST', 'query.cursor: not a cursor of this listing', {
        expected: 'the `next` value of the previous page',
      });
    const postgres = this.dialect.kind === 'postgres';
    const aliasOf = aliasOfFor(this.dialect.kind);
    const byteOrder = postgres ? ' COLLATE "C"' : '';
    // Without an actor, the queue's documents and its total come from the levels (fact-levels.ts), not every fact.
    const levels = filter.actor === undefined;
    const count = levels ? levelCountSql(filter) : factCountSql(filter);
    const counts = this.reader.all<{ n: unknown }>(count.sql, count.params);
    if (filter.limit === 0) {
      const total = (await counts).reduce((sum, row) => sum + Number(row.n ?? 0), 0);
      return { total, facts: [], next: null };
    }
    let keys: FactKeyRow[];
    if (levels && filter.order === 'uncertainty') {
      const sources = await pageSources(this.reader, filter, after);
      const page = factPageSql({ ...filter, offset: sources.skip }, after, aliasOf, byteOrder, sources);
      keys = sources.documents.length ? await this.reader.all<FactKeyRow>(page.sql, page.params) : [];
    } else {
      // The queue in text order draws from its first documents (positionPageKeys), else from every fact.
      const drawn = levels && filter.version === undefined ? await this.positionPageKeys(filter, after) : null;
      if (drawn) keys = drawn;
      else {
        const page = factPageSql(filter, after, aliasOf, byteOrder);
        keys = await this.reader.all<FactKeyRow>(page.sql, page.params);
      }
    }
    const total = (await counts).reduce((sum, row) => sum + Number(row.n ?? 0), 0);
    const shown = keys.slice(0, filter.limit);
    const found = await this.factRowsOf(shown);
    const last = shown[shown.length - 1];
    return {
      total,
      facts: await this.factsFromRows(this.reader, found),
      next:
        keys.length > filter.limit && last
          ? encodeFactCursor({
              confidence: Number(last.confidence),
              actor: last.actor_id,
              version: Number(last.version),
              start: Number(last.span_start),
              kind: Number(last.kind_order),
              position: Number(last.position),
            })
          : null,
    };
  }

  /**
   * The keys of a page of the queue in text order (no actor, no version) read from the first latest documents in
   * actor order (positionSourcesSql), more of them (4×) until they hold the page or are all there are; null when the
   * page is still not covered by 2,000 documents (a rare status far on), which the whole listing then answers.
   */
  private async positionPageKeys(filter: FactFilter, after: FactCursor | null): Promise<FactKeyRow[] | null> {
    const postgres = this.dialect.kind === 'postgres';
    const byteOrder = postgres ? ' COLLATE "C"' : '';
    const skip = after ? 0 : filter.offset;
    for (let count = Math.ceil((filter.limit + 1 + skip) / 40); count <= 2000; count *= 4) {
      const sources = positionSourcesSql(after, count, byteOrder);
      const documents = (await this.reader.all<{ id: unknown }>(sources.sql, sources.params)).map((row) =>
        Number(row.id),
      );
      const more = documents.length > count;
      const scope = { documents: documents.slice(0, count), from: null };
      if (scope.documents.length === 0) return [];
      const page = factPageSql(filter, after, aliasOfFor(this.dialect.kind), byteOrder, scope);
      const keys = await this.reader.all<FactKeyRow>(page.sql, page.params);
      if (keys.length > filter.limit || !more) return keys;
    }
    return null;
  }

  private async readFact(db: SqlRunner, id: string): Promise<ScoredFact | null> {
    const key = parseFactId(id, this.tables);
    if (!key) return null;
    const spec = this.spec(key.kind);
    const rows = await db.all<FactRow>(
      `${selectFact(spec)} WHERE x.document_id = ?${spec.positioned ? ' AND x.position = ?' : ''}`,
      keyParams(spec, key.documentId, key.position),
    );
    if (rows.length === 0) return null;
    const [fact] = await this.factsFromRows(db, [{ kind: key.kind, row: rows[0]! }]);
    return fact ?? null;
  }

  getFact(id: string): Promise<ScoredFact | null> {
    return this.readFact(this.reader, id);
  }

  /** Makes sure a document lists an entity (mentions reference the document's entity list). */
  private async linkEntity(db: SqlRunner, documentId: number, entityId: string): Promise<void> {
    const entity = await db.all('SELECT 1 AS x FROM entities WHERE id = ?', [entityId]);
    if (entity.length === 0)
      throw new DossierError('NOT_FOUND', `no entity "${entityId}"`, { expected: 'the id of an existing entity' });
    const linked = await db.all('SELECT 1 AS x FROM document_entities WHERE document_id = ? AND entity_id = ?', [
      documentId,
      entityId,
    ]);
    if (linked.length > 0) return;
    const [max] = await db.all<{ n: unknown }>(
      'SELECT coalesce(max(position), -1) AS n FROM document_entities WHERE document_id = ?',
      [documentId],
    );
    await db.run('INSERT INTO document_entities (document_id, entity_id, position) VALUES (?, ?, ?)', [
      documentId,
      entityId,
      Number(max?.n ?? -1) + 1,
    ]);
  }

  private async writePayload(
    db: SqlRunner,
    kind: FactKind,
    documentId: number,
    position: number,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const spec = this.spec(kind);
    if (kind === 'mention') await this.linkEntity(db, documentId, String(payload.entity));
    await db.run(
      `UPDATE ${spec.table} SET ${spec.fields.map(([, column]) => `${column} = ?`).join(', ')} WHERE ${keyWhere(spec)}`,
      [
        ...spec.fields.map(([field, , type]) => this.columnValue(type, payload[field] ?? spec.whenNull?.[field])),
        ...keyParams(spec, documentId, position),
      ],
    );
    await this.refreshBounds(db, kind, documentId, position);
  }

  /**
   * Times and events keep their time bounds (the timeline's index) in step with their value, relations the time
   * their claim holds (claim-bounds.ts) with their time and tense.
   */
  private async refreshBounds(db: SqlRunner, kind: FactKind, documentId: number, position: number): Promise<void> {
    if (kind === 'relation') return this.refreshClaimBounds(db, documentId, position);
    if (kind !== 'time' && kind !== 'event') return;
    const spec = this.spec(kind);
    const table = spec.table;
    const [row] = await db.all<{ value: string | null; valid: string | null; actors: unknown; place: string | null }>(
      kind === 'time'
        ? `SELECT value, NULL AS valid, NULL AS actors, NULL AS place FROM times WHERE ${keyWhere(spec)}`
        : `SELECT date AS value, valid, actors, place FROM events WHERE ${keyWhere(spec)}`,
      keyParams(spec, documentId, position),
    );
    if (!row) return;
    const bounds =
      kind === 'time' ? timeBoundsOf(row.value ?? '') : eventBoundsOf({ date: row.value, valid: row.valid });
    // An event also keeps its party set (event-parties.ts) in step with its parties, place and date.
    const parties =
      kind === 'event'
        ? [eventPartyKey({ actors: fromJson<string[]>(row.actors), place: row.place, date: row.value })]
        : [];
    await db.run(
      `UPDATE ${table} SET earliest = ?, latest = ?${kind === 'event' ? ', parties = ?' : ''} WHERE ${keyWhere(spec)}`,
      [bounds.earliest, bounds.latest, ...parties, ...keyParams(spec, documentId, position)],
    );
  }

  /** A relation's stored time (claim-bounds.ts), from its time, tense and its document's date. */
  private async refreshClaimBounds(db: SqlRunner, documentId: number, position: number): Promise<void> {
    const spec = this.spec('relation');
    const [row] = await db.all<{
      valid: string | null;
      current: unknown;
      published: string | null;
      as_of: string | null;
    }>(
      `SELECT r.valid, r.current, d.published, d.as_of FROM relations r JOIN documents d ON d.id = r.document_id
       WHERE r.document_id = ? AND r.position = ?`,
      [documentId, position],
    );
    if (!row) return;
    const current = !(row.current === false || row.current === 0);
    const bounds = claimBoundsOf({ valid: row.valid, current }, claimDateOf(row));
    await db.run(`UPDATE relations SET earliest = ?, latest = ?, tense = ? WHERE ${keyWhere(spec)}`, [
      bounds.earliest,
      bounds.latest,
      bounds.tense,
      ...keyParams(spec, documentId, position),
    ]);
  }

  reviewFact(id: string, change: FactChange, by: string): Promise<ScoredFact> {
    return this.transaction(async (db) => {
      const fact = await this.reviewIn(db, id, change, by);
      await this.refreshFactLevels(db, [id]);
      return fact;
    });
  }

  /** The levels of the documents of these facts (their kinds) computed again (fact-levels.ts). */
  private async refreshFactLevels(db: SqlRunner, ids: Iterable<string>): Promise<void> {
    const byKind = new Map<FactKind, Set<number>>();
    for (const id of ids) {
      const key = parseFactId(id, this.tables);
      if (!key) continue;
      byKind.set(key.kind, (byKind.get(key.kind) ?? new Set()).add(key.documentId));
    }
    for (const [kind, documents] of byKind) await refreshLevels(db, this.dialect.kind, documents, [kind]);
  }

  /**
   * Gives many facts one review status in one transaction (each audited); NOT_FOUND (nothing written) if one is
   * missing.
   */
  reviewFacts(ids: readonly string[], change: FactChange, by: string): Promise<ScoredFact[]> {
    return this.transaction(async (db) => {
      const reviewed: ScoredFact[] = [];
      for (const id of new Set(ids)) reviewed.push(await this.reviewIn(db, id, change, by));
      await this.refreshFactLevels(db, ids);
      return reviewed;
    });
  }

  private async reviewIn(db: SqlRunner, id: string, change: FactChange, by: string): Promise<ScoredFact> {
    {
      const before = await this.readFact(db, id);
      const key = parseFactId(id, this.tables);
      if (!before || !key) throw new DossierError('NOT_FOUND', `no fact "${id}"`);
      const spec = this.spec(key.kind);
      if (change.payload) {
        await this.writePayload(db, key.kind, key.documentId, key.position, change.payload);
        if (before.origin === 'machine') {
          await db.run(
            `UPDATE ${spec.table} SET machine_payload = coalesce(machine_payload, ?) WHERE ${keyWhere(spec)}`,
            [JSON.stringify(before.payload), ...keyParams(spec, key.documentId, key.position)],
          );
        }
      }
      await db.run(
        `UPDATE ${spec.table} SET review_status = ?, reviewed_by = ?, reviewed_at = ? WHERE ${keyWhere(spec)}`,
        [change.status, storedReviewer(by), nowIso(), ...keyParams(spec, key.documentId, key.position)],
      );
      if (graphTables.has(spec.table)) await this.graph?.syncDocuments(db, [key.documentId]);
      const after = (await this.readFact(db, id))!;
      const action = change.payload
        ? 'fact.edit'
        : change.status === 'confirmed'
          ? 'fact.confirm'
          : change.status === 'rejected'
            ? 'fact.reject'
            : 'fact.review';
      await this.audit(db, { user: by, action, targetType: 'fact', targetId: id, before, after });
      return after;
    }
  }

  private async insertFact(
    db: SqlRunner,
    kind: FactKind,
    documentId: number,
    span: { start: number; end: number },
    payload: Record<string, unknown>,
    review: {
      status: string;
      by: string | null;
      at: string | null;
      origin: 'machine' | 'human';
      machinePayload: unknown;
    },
  ): Promise<number> {
    const spec = this.spec(kind);
    if (!spec.positioned)
      throw new DossierError('BAD_REQUEST', `a ${kind} cannot be added`, {
        expected: 'mention, entity, relation, event, time or quantity',
      });
    if (kind === 'mention') await this.linkEntity(db, documentId, String(payload.entity));
    const [max] = await db.all<{ n: unknown }>(
      `SELECT coalesce(max(position), -1) AS n FROM ${spec.table} WHERE document_id = ?`,
      [documentId],
    );
    const position = Number(max?.n ?? -1) + 1;
    const columns = [
      'document_id',
      'position',
      ...spec.fields.map(([, column]) => column),
      'span_start',
      'span_end',
      'review_status',
      'reviewed_by',
      'reviewed_at',
      'origin',
      'machine_payload',
    ];
    await db.run(`INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${sqlPlaceholders(columns.length)})`, [
      documentId,
      position,
      ...spec.fields.map(([field, , type]) => this.columnValue(type, payload[field] ?? spec.whenNull?.[field])),
      span.start,
      span.end,
      review.status,
      storedReviewer(review.by),
      isRuleReviewer(review.by) ? null : review.at,
      review.origin,
      jsonOrNull(review.machinePayload),
    ]);
    await this.refreshBounds(db, kind, documentId, position);
    return position;
  }

  async addFact(input: NewFactInput, by: string): Promise<ScoredFact> {
    return this.transaction(async (db) => {
      const [doc] = await db.all<{ id: unknown; text: string }>(
        input.version === undefined
          ? 'SELECT d.id, d.text FROM actors a JOIN documents d ON d.id = a.latest_document_id WHERE a.id = ?'
          : 'SELECT id, text FROM documents WHERE actor_id = ? AND version = ?',
        input.version === undefined ? [input.actorId] : [input.actorId, input.version],
      );
      if (!doc)
        throw new DossierError(
          'NOT_FOUND',
          `no actor "${input.actorId}"${input.version === undefined ? '' : ` version ${input.version}`}`,
        );
      if (!(input.start >= 0 && input.end > input.start && input.end <= doc.text.length)) {
        throw new DossierError('BAD_REQUEST', `the selection ${input.start}..${input.end} lies outside the text`, {
          expected: `0 <= start < end <= ${doc.text.length}`,
        });
      }
      const documentId = Number(doc.id);
      if (input.newEntity) {
        const exists = await db.all('SELECT 1 AS x FROM entities WHERE id = ?', [input.newEntity.id]);
        if (exists.length === 0) {
          const e = input.newEntity;
          await db.run(
            'INSERT INTO entities (id, type, name, country, wikidata, aliases, attributes, updated_at, edited) ' +
              'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [...entityValues(e, nowIso()), this.dialect.bool(true)],
          );
          await this.audit(db, {
            user: by,
            action: 'entity.create',
            targetType: 'entity',
            targetId: e.id,
            before: null,
            after: e,
          });
        }
      }
      const position = await this.insertFact(db, input.kind, documentId, input, input.payload, {
        status: 'confirmed',
        by,
        at: nowIso(),
        origin: 'human',
        machinePayload: null,
      });
      if (graphTables.has(this.spec(input.kind).table)) await this.graph?.syncDocuments(db, [documentId]);
      const fact = (await this.readFact(db, factId(input.kind, documentId, position)))!;
      await refreshLevels(db, this.dialect.kind, [documentId], [input.kind]);
      await this.audit(db, {
        user: by,
        action: 'fact.add',
        targetType: 'fact',
        targetId: fact.id,
        before: null,
        after: fact,
      });
      return fact;
    });
  }

  // ---- entities ----------------------------------------------------------------------------

  /** One entity without its mentions (a cheap lookup, whatever the number of mentions). */
  findEntity(id: string): Promise<Entity | null> {
    return this.readEntity(this.reader, id);
  }

  private async readEntity(db: SqlRunner, id: string): Promise<Entity | null> {
    const [row] = await db.all<EntityRow>(
      'SELECT id, type, name, country, wikidata, aliases, attributes FROM entities WHERE id = ?',
      [id],
    );
    return row ? entityFromRow(row) : null;
  }

  async updateEntity(id: string, change: EntityChange, by: string): Promise<Entity> {
    return this.transaction(async (db) => {
      const before = await this.readEntity(db, id);
      if (!before) throw new DossierError('NOT_FOUND', `no entity "${id}"`);
      const after: Entity = { ...before };
      if (change.name !== undefined) after.name = change.name;
      if (change.type !== undefined) after.type = change.type;
      if (change.wikidata !== undefined) after.wikidata = change.wikidata;
      if (change.country !== undefined) after.country = change.country;
      if (change.aliases !== undefined) after.aliases = [...new Set(change.aliases)];
      await db.run(
        'UPDATE entities SET name = ?, type = ?, wikidata = ?, country = ?, aliases = ?, edited = ?, updated_at ' +
          '= ? WHERE id = ?',
        [
          after.name,
          after.type,
          after.wikidata,
          after.country,
          jsonOrNull(after.aliases),
          this.dialect.bool(true),
          nowIso(),
          id,
        ],
      );
      await this.refreshEntityLevels(db, id);
      await this.audit(db, { user: by, action: 'entity.update', targetType: 'entity', targetId: id, before, after });
      return after;
    });
  }

  /**
   * The events whose parties name `from` name `into` instead, their party sets (event-parties.ts) kept in step. No
   * index holds an event's parties (a person may name any entity there), so the events are sought in SQL, on their
   * stored parties' text: a merge reads the events table once, but only the events naming `from` come back.
   */
  private async moveEventParties(db: SqlRunner, from: string, into: string): Promise<void> {
    const naming = this.dialect.kind === 'postgres' ? 'jsonb_exists(actors, ?)' : 'instr(actors, ?) > 0';
    const events = await db.all<{
      document_id: unknown;
      position: unknown;
      actors: unknown;
      place: string | null;
      date: string | null;
    }>(`SELECT document_id, position, actors, place, date FROM events WHERE ${naming}`, [
      this.dialect.kind === 'postgres' ? from : JSON.stringify(from),
    ]);
    for (const event of events) {
      const actors = fromJson<string[]>(event.actors);
      if (!actors.includes(from)) continue;
      const moved = [...new Set(actors.map((actor) => (actor === from ? into : actor)))];
      // The party set too (event-parties.ts): two parties may have become one.
      await db.run('UPDATE events SET actors = ?, parties = ? WHERE document_id = ? AND position = ?', [
        JSON.stringify(moved),
        eventPartyKey({ actors: moved, place: event.place, date: event.date }),
        event.document_id,
        event.position,
      ]);
    }
  }

  /** The mentions' levels of the documents that name an entity, computed again (its name, aliases or id changed). */
  private refreshEntityLevels(db: SqlRunner, entityId: string): Promise<void> {
    return refreshEntityLevels(db, this.dialect.kind, [entityId]);
  }

  async mergeEntities(from: string, into: string, by: string): Promise<{ entity: Entity; mentionsMoved: number }> {
    if (from === into)
      throw new DossierError('BAD_REQUEST', 'an entity cannot be merged into itself', {
        expected: 'two different entity ids',
      });
    return this.transaction(async (db) => {
      const source = await this.readEntity(db, from);
      const target = await this.readEntity(db, into);
      if (!source) throw new DossierError('NOT_FOUND', `no entity "${from}"`);
      if (!target) throw new DossierError('NOT_FOUND', `no entity "${into}"`);
      const documents = await db.all<{ document_id: unknown }>(
        'SELECT document_id FROM document_entities WHERE entity_id = ?',
        [from],
      );
      const relationDocuments = await db.all<{ document_id: unknown }>(
        'SELECT document_id FROM relations WHERE subject = ? OR object = ?',
        [from, from],
      );
      let mentionsMoved = 0;
      for (const { document_id } of documents) {
        const documentId = Number(document_id);
        await this.linkEntity(db, documentId, into);
        mentionsMoved += await db.run('UPDATE mentions SET entity_id = ? WHERE document_id = ? AND entity_id = ?', [
          into,
          documentId,
          from,
        ]);
        await db.run('DELETE FROM document_entities WHERE document_id = ? AND entity_id = ?', [documentId, from]);
      }
      await db.run('UPDATE relations SET subject = ? WHERE subject = ?', [into, from]);
      await db.run('UPDATE relations SET object = ? WHERE object = ?', [into, from]);
      // A source about the merged entity is about the entity it was merged into (positions are kept, so no key clash).
      await db.run('UPDATE document_subjects SET subject = ? WHERE subject = ?', [into, from]);
      await this.moveEventParties(db, from, into);
      const aliases = [...new Set([...(target.aliases ?? []), source.name, ...(source.aliases ?? [])])].filter(
        (alias) => alias !== target.name,
      );
      await db.run('UPDATE entities SET aliases = ?, edited = ?, updated_at = ? WHERE id = ?', [
        JSON.stringify(aliases),
        this.dialect.bool(true),
        nowIso(),
        into,
      ]);
      await db.run('UPDATE entity_merges SET into_id = ? WHERE into_id = ?', [into, from]);
      await db.run('DELETE FROM entity_merges WHERE from_id = ?', [from]);
      await db.run('INSERT INTO entity_merges (from_id, into_id, merged_by, merged_at) VALUES (?, ?, ?, ?)', [
        from,
        into,
        by,
        nowIso(),
      ]);
      await db.run('DELETE FROM entities WHERE id = ?', [from]);
      await this.graph?.syncDocuments(
        db,
        [...documents, ...relationDocuments].map((row) => row.document_id),
      );
      // The documents that named `from` name `into` now: their mentions' levels, and those of into's others.
      await this.refreshEntityLevels(db, into);
      const entity = (await this.readEntity(db, into))!;
      await this.audit(db, {
        user: by,
        action: 'entity.merge',
        targetType: 'entity',
        targetId: into,
        before: { from: source, into: target },
        after: { entity, mentionsMoved },
      });
      return { entity, mentionsMoved };
    });
  }

  /** Whether migration 33 made the entities' trigram index (always on SQLite; with pg_trgm on PostgreSQL). */
  private trigramIndex: Promise<boolean> | undefined;

  private hasTrigramIndex(): Promise<boolean> {
    if (this.dialect.kind === 'sqlite') return Promise.resolve(true);
    this.trigramIndex ??= this.reader
      .all<{ present: unknown }>(`SELECT to_regclass('entities_by_trigram') IS NOT NULL AS present`)
      .then((rows) => rows[0]?.present === true)
      .catch((error: unknown) => {
        this.trigramIndex = undefined;
        throw error;
      });
    return this.trigramIndex;
  }

  /**
   * Entities by name (then id), filtered by type, country and words of the name, id or aliases
   * (case-insensitive); keyset pagination: `next` is the cursor of the page after this one. Words of three characters
   * or more are read through the trigram index (entity-trigrams.ts) where there is one, and shorter ones walk
   * entities_by_name: on SQLite the entities holding the words, case folded, are the candidates and the same LIKE
   * predicate keeps the answer exact; on PostgreSQL the matching rows are gathered first (a materialized CTE: the
   * planner cannot walk the names instead, which reads every entity before a word clustered late in name order) and
   * then sorted for the page.
   */
  async listEntities(filter: EntityListFilter): Promise<EntityListPage> {
    const words = filter.q === undefined ? '' : entityWords(filter.q);
    const trigrams = usesTrigrams(words) && (await this.hasTrigramIndex());
    const fts = trigrams && this.dialect.kind === 'sqlite';
    const e = fts ? 'e.' : '';
    const where: string[] = [];
    const params: unknown[] = [];
    if (fts) {
      where.push('entities_trigram MATCH ?');
      params.push(trigramPhrase(words));
    }
    if (filter.type !== undefined) {
      where.push(`${e}type = ?`);
      params.push(filter.type);
    }
    if (filter.country !== undefined) {
      where.push(`${e}country = ?`);
      params.push(filter.country);
    }
    if (words !== '') {
      const like = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        `(lower(${e}name) LIKE ? ESCAPE '\\' OR lower(${e}id) LIKE ? ESCAPE '\\' OR ` +
          `lower(CAST(${e}aliases AS TEXT)) LIKE ? ESCAPE '\\')`,
      );
      params.push(like, like, like);
    }
    if (filter.after) {
      // A row value: the next page starts in the index entities_by_name (name, id), where the last one ended.
      where.push(`(${e}name, ${e}id) > (?, ?)`);
      params.push(filter.after.name, filter.after.id);
    }
    // SQLite: the index's rows first (CROSS JOIN keeps that order), each entity by its rowid, sorted for the page.
    const from = fts ? 'entities_trigram CROSS JOIN entities e ON e.rowid = entities_trigram.rowid' : 'entities';
    const select =
      `SELECT ${e}id, ${e}type, ${e}name, ${e}country, ${e}wikidata, ${e}aliases, ${e}attributes FROM ${from}` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '');
    const sql =
      trigrams && !fts
        ? `WITH matching AS MATERIALIZED (${select}) SELECT * FROM matching ORDER BY name, id LIMIT ?`
        : `${select} ORDER BY ${e}name, ${e}id LIMIT ?`;
    const rows = await this.reader.all<EntityRow>(sql, [...params, filter.limit + 1]);
    const entities = rows.slice(0, filter.limit).map(entityFromRow);
    const last = entities[entities.length - 1];
    return { entities, next: rows.length > filter.limit && last ? { name: last.name, id: last.id } : null };
  }

  // ---- saving a version --------------------------------------------------------------------

  /**
   * Before a document is written: entities merged away are replaced by their target, and
   * entities an editor changed keep the editor's data instead of the gazetteer's.
   */
  /** Whether adjustBeforeSave may change anything: an entity was merged or edited (one query). */
  async adjustsSaves(db: SqlRunner): Promise<boolean> {
    const [row] = await db.all<{ adjusts: unknown }>(
      'SELECT CASE WHEN EXISTS (SELECT 1 FROM entity_merges) OR EXISTS (SELECT 1 FROM entities WHERE edited = ?) ' +
        'THEN 1 ELSE 0 END AS adjusts',
      [this.dialect.bool(true)],
      { reuse: true },
    );
    return Number(row?.adjusts) === 1;
  }

  async adjustBeforeSave(db: SqlRunner, prepared: PreparedDocument): Promise<PreparedDocument> {
    const merges = new Map(
      (await db.all<{ from_id: string; into_id: string }>('SELECT from_id, into_id FROM entity_merges')).map((row) => [
        row.from_id,
        row.into_id,
      ]),
    );
    const edited = new Map<string, Entity>();
    for (const row of await db.all<EntityRow>(
      `SELECT id, type, name, country, wikidata, aliases, attributes FROM entities WHERE edited = ?`,
      [this.dialect.bool(true)],
    )) {
      edited.set(row.id, entityFromRow(row));
    }
    if (merges.size === 0 && edited.size === 0) return prepared;
    const map = (id: string) => merges.get(id) ?? id;
    const x = prepared.extraction;
    const extraction = {
      ...x,
      mentions: x.mentions.map((m) => ({ ...m, entity: map(m.entity) })),
      relations: x.relations.map((r) => ({ ...r, subject: map(r.subject), object: map(r.object) })),
      events: x.events.map((e) => ({ ...e, actors: [...new Set(e.actors.map(map))] })),
    };
    const entityLinks = [...new Set(prepared.entityLinks.map(map))];
    const byId = new Map<string, Entity>();
    for (const entity of prepared.entityUpserts) {
      const id = map(entity.id);
      if (byId.has(id)) continue;
      const kept =
        edited.get(id) ?? (id === entity.id ? entity : ((await this.readEntity(db, id)) ?? { ...entity, id }));
      byId.set(id, kept);
    }
    const entityUpserts = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { ...prepared, extraction: { ...extraction, entities: entityUpserts }, entityLinks, entityUpserts };
  }

  /**
   * After a new version is written: the audit entry, and human decisions carried over from the
   * previous version wherever the sentence holding a fact is unchanged (matched by the
   * sentence's text, its occurrence among equal sentences, and the offset within it).
   */
  async afterSave(
    db: SqlRunner,
    outcome: IngestOutcome,
    savedBy: string | null,
    source: { name: string; hash: string },
    ruleDecisions: readonly RuleDecision[] = [],
    written?: { id: unknown; text: string },
  ): Promise<void> {
    if (outcome.status === 'unchanged') return;
    await this.audit(db, {
      user: savedBy,
      action: 'document.save',
      targetType: 'actor',
      targetId: outcome.actorId,
      before: null,
      after: { version: outcome.version, status: outcome.status, source: source.name, hash: source.hash },
    });
    if (outcome.status === 'new-version') await this.carryDecisions(db, outcome);
    const [doc] = written
      ? [written]
      : await db.all<{ id: unknown; text: string }>(
          'SELECT id, text FROM documents WHERE actor_id = ? AND version = ?',
          [outcome.actorId, outcome.version],
        );
    if (!doc) return;
    await this.confirmByRule(db, Number(doc.id), doc.text);
    await this.applyRuleDecisions(db, Number(doc.id), doc.text, ruleDecisions);
    await refreshLevels(db, this.dialect.kind, [Number(doc.id)]);
    if (outcome.status === 'new-version') await retireOlderLevels(db, outcome.actorId, Number(doc.id));
  }

  /**
   * afterSave of several created documents (first versions: nothing to carry) with the outcome of one after another,
   * on PostgreSQL in few round trips: one audit insert, one read per reviewed kind the rules look at and one update
   * per kind they confirm. Elsewhere, or when a rule names an unpositioned kind, afterSave document by document.
   */
  async afterCreates(db: SqlRunner, saves: readonly CreatedSave[]): Promise<void> {
    const kinds = new Set<FactKind>(['mention', ...saves.flatMap((save) => save.ruleDecisions.map((d) => d.kind))]);
    if (this.dialect.kind !== 'postgres' || [...kinds].some((kind) => !this.spec(kind).positioned)) {
      for (const save of saves) {
        await this.afterSave(db, save.outcome, save.savedBy, save.source, save.ruleDecisions, save.written);
      }
      return;
    }
    if (saves.length === 0) return;
    const at = nowIso();
    await db.run(
      `INSERT INTO audit_log (at, user_name, action, target_type, target_id, before_value, after_value) VALUES ${saves
        .map(() => '(?, ?, ?, ?, ?, ?, ?)')
        .join(', ')}`,
      saves.flatMap(({ outcome, savedBy, source }) => [
        at,
        savedBy,
        'document.save',
        'actor',
        outcome.actorId,
        null,
        jsonOrNull({ version: outcome.version, status: outcome.status, source: source.name, hash: source.hash }),
      ]),
    );
    const ids = saves.map((save) => Number(save.written.id));
    // Unreviewed machine rows of each kind, by document and position (read before any rule confirms one).
    const rowsOf = new Map<FactKind, Map<string, FactRow>>();
    for (const kind of kinds) {
      const rows = await db.all<FactRow>(
        `${selectFact(this.spec(kind))} WHERE x.document_id = ANY(?::int[]) AND x.review_status = 'machine' ` +
          `AND x.origin = 'machine' AND x.reviewed_by IS NULL`,
        [ids],
      );
      rowsOf.set(kind, new Map(rows.map((row) => [`${Number(row.document_id)}:${Number(row.position)}`, row])));
    }
    const confirmed = this.ruleConfirmations(saves, rowsOf);
    for (const [kind, list] of confirmed) {
      await db.run(
        `UPDATE ${this.spec(kind).table} SET review_status = 'confirmed', reviewed_by = u.rule, reviewed_at = NULL
         FROM unnest(?::int[], ?::int[], ?::text[]) AS u(document_id, position, rule)
         WHERE ${this.spec(kind).table}.document_id = u.document_id AND ${this.spec(kind).table}.position = u.position`,
        [list.map((c) => c.documentId), list.map((c) => c.position), list.map((c) => storedReviewer(c.rule))],
      );
    }
    await refreshLevels(db, this.dialect.kind, ids);
  }

  /**
   * What confirmByRule and then applyRuleDecisions confirm in each document (the first confirmation of a row wins), by
   * kind, from the documents' unreviewed machine rows.
   */
  private ruleConfirmations(
    saves: readonly CreatedSave[],
    rowsOf: Map<FactKind, Map<string, FactRow>>,
  ): Map<FactKind, Array<{ documentId: number; position: number; rule: string }>> {
    const confirmed = new Map<FactKind, Map<string, { documentId: number; position: number; rule: string }>>();
    const confirm = (kind: FactKind, row: FactRow, rule: string) => {
      const key = `${Number(row.document_id)}:${Number(row.position)}`;
      const list = confirmed.get(kind) ?? new Map<string, { documentId: number; position: number; rule: string }>();
      if (!list.has(key)) list.set(key, { documentId: Number(row.document_id), position: Number(row.position), rule });
      confirmed.set(kind, list);
    };
    const mention = this.spec('mention');
    for (const save of saves) {
      const documentId = Number(save.written.id);
      const evidence = (row: FactRow) => save.written.text.slice(row.span_start, row.span_end);
      for (const row of rowsOf.get('mention')!.values()) {
        if (Number(row.document_id) !== documentId || row.type !== 'country' || row.via === 'coreference') continue;
        if (rowConfidence(mention, row, evidence(row)) >= 0.99) confirm('mention', row, exactCountryRule);
      }
      for (const decision of save.ruleDecisions) {
        const row = rowsOf.get(decision.kind)!.get(`${documentId}:${decision.index}`);
        if (!row) continue;
        if (decision.kind === 'mention') {
          if (row.via === 'coreference' || rowConfidence(mention, row, evidence(row)) < 0.7) continue;
        }
        if (decision.kind === 'time' && row.resolved) continue;
        confirm(decision.kind, row, decision.rule);
      }
    }
    return new Map([...confirmed].map(([kind, list]) => [kind, [...list.values()]]));
  }

  /**
   * The rule of exact country names: a machine mention of a country whose words are exactly the
   * gazetteer's name or a listed alias of that country, and that nobody reviewed (an undone rule
   * decision keeps its reviewer, so it is not taken again), is confirmed by `rule:exact-country`.
   */
  private async confirmByRule(db: SqlRunner, documentId: number, text: string): Promise<void> {
    const rows = await db.all<FactRow>(
      `${selectFact(this.spec('mention'))} WHERE x.document_id = ? AND x.type = 'country' ` +
        `AND x.review_status = 'machine' AND x.origin = 'machine' AND x.reviewed_by IS NULL`,
      [documentId],
    );
    const confirmed = rows.filter(
      (row) =>
        row.via !== 'coreference' &&
        rowConfidence(this.spec('mention'), row, text.slice(row.span_start, row.span_end)) >= 0.99,
    );
    await confirmPositions(
      db,
      'mentions',
      documentId,
      confirmed.map((row) => ({ position: Number(row.position), rule: exactCountryRule })),
      '',
    );
  }

  /**
   * The decisions of the review rules core made for this extraction (see RuleDecision): each item
   * (position = index in the extraction) still machine, of machine origin and never reviewed is
   * confirmed with the rule as its reviewer. Human decisions carried from the previous version and
   * undone rule decisions (status machine, reviewer kept) are left alone. The store checks what it
   * can on its own: a mention is not a coreference and its words still name its entity exactly (an
   * entity merged or edited since may no longer), a time was not completed from context.
   */
  private async applyRuleDecisions(
    db: SqlRunner,
    documentId: number,
    text: string,
    decisions: readonly RuleDecision[],
  ): Promise<void> {
    if (decisions.length === 0) return;
    const rowsOf = new Map<FactKind, Map<number, FactRow>>();
    const confirmations = new Map<FactKind, Array<{ position: number; rule: string }>>();
    for (const decision of decisions) {
      const spec = this.spec(decision.kind);
      if (!rowsOf.has(decision.kind)) {
        const rows = await db.all<FactRow>(
          `${selectFact(spec)} WHERE x.document_id = ? AND x.review_status = 'machine' AND x.origin = ` +
            `'machine' AND x.reviewed_by IS NULL`,
          [documentId],
        );
        rowsOf.set(decision.kind, new Map(rows.map((row) => [Number(row.position), row])));
      }
      const row = rowsOf.get(decision.kind)!.get(spec.positioned ? decision.index : 0);
      if (!row) continue;
      if (decision.kind === 'mention') {
        const evidence = text.slice(row.span_start, row.span_end);
        if (row.via === 'coreference' || rowConfidence(spec, row, evidence) < 0.7) continue;
      }
      if (decision.kind === 'time' && row.resolved) continue;
      const list = confirmations.get(decision.kind) ?? [];
      list.push({ position: Number(row.position), rule: decision.rule });
      confirmations.set(decision.kind, list);
    }
    for (const [kind, list] of confirmations) {
      const spec = this.spec(kind);
      const unreviewed = ` AND review_status = 'machine' AND origin = 'machine' AND reviewed_by IS NULL`;
      if (spec.positioned) await confirmPositions(db, spec.table, documentId, list, unreviewed);
      else
        await db.run(
          `UPDATE ${spec.table} SET review_status = 'confirmed', reviewed_by = ?, reviewed_at = NULL
            WHERE ${keyWhere(spec)}${unreviewed}`,
          [storedReviewer(list[0]!.rule), ...keyParams(spec, documentId, 0)],
        );
    }
  }

  /** Human decisions (and undone rule decisions) of the previous version carried to the new one. */
  private async carryDecisions(db: SqlRunner, outcome: IngestOutcome): Promise<void> {
    const docs = await db.all<{ id: unknown; version: unknown }>(
      'SELECT id, version FROM documents WHERE actor_id = ? AND version IN (?, ?)',
      [outcome.actorId, outcome.version - 1, outcome.version],
    );
    const previousId = Number(docs.find((doc) => Number(doc.version) === outcome.version - 1)?.id);
    const currentId = Number(docs.find((doc) => Number(doc.version) === outcome.version)?.id);
    if (!Number.isFinite(previousId) || !Number.isFinite(currentId)) return;

    const decided = await this.decidedFacts(db, previousId);
    if (decided.length === 0) return;
    const carry = await sentenceCarrier(db, previousId, currentId);
    const current = new Map<FactKind, Map<string, FactRow[]>>();
    for (const { spec, row } of decided) {
      const span = carry(row.span_start, row.span_end);
      if (!span) continue;
      const payload = payloadOf(spec, row);
      const review: CarriedReview = {
        status: row.review_status,
        by: reviewerOf(row.reviewed_by),
        at: isoTime(reviewTimeOf(row.reviewed_by, row.reviewed_at, row.ingested_at)),
        origin: row.origin === 'human' ? 'human' : 'machine',
        machinePayload: row.machine_payload === null ? null : fromJson(row.machine_payload),
      };
      if (review.origin === 'human') {
        await this.insertFact(db, spec.kind, currentId, span, payload, review).catch((error: unknown) => {
          // an entity merged away since
          if (!(error instanceof DossierError && error.code === 'NOT_FOUND')) throw error;
        });
        continue;
      }
      if (!current.has(spec.kind)) current.set(spec.kind, await this.factsBySpan(db, spec, currentId));
      const candidates = current.get(spec.kind)!.get(`${span.start}:${span.end}`) ?? [];
      await this.carryMachineDecision(db, spec, { documentId: currentId, candidates, payload, review });
    }
  }

  /** The facts of a version that a person (or an undone rule) decided, of every reviewed kind. */
  private async decidedFacts(db: SqlRunner, documentId: number): Promise<Array<{ spec: FactTable; row: FactRow }>> {
    const decided: Array<{ spec: FactTable; row: FactRow }> = [];
    for (const spec of this.tables.values()) {
      for (const row of await db.all<FactRow>(
        `${selectFact(spec)} WHERE x.document_id = ? AND (x.review_status <> 'machine' OR x.origin = 'human' OR ` +
          `x.reviewed_by IS NOT NULL)`,
        [documentId],
      )) {
        decided.push({ spec, row });
      }
    }
    return decided;
  }

  /** The facts of one kind of a version, by their span (`start:end`). */
  private async factsBySpan(db: SqlRunner, spec: FactTable, documentId: number): Promise<Map<string, FactRow[]>> {
    const bySpan = new Map<string, FactRow[]>();
    for (const candidate of await db.all<FactRow>(`${selectFact(spec)} WHERE x.document_id = ?`, [documentId])) {
      const key = `${candidate.span_start}:${candidate.span_end}`;
      const list = bySpan.get(key);
      if (list) list.push(candidate);
      else bySpan.set(key, [candidate]);
    }
    return bySpan;
  }

  /**
   * A decision on a machine fact carried to the new version's twin: the machine fact at the same span with the
   * same original payload, not claimed yet (its edited payload and the original kept with it).
   */
  private async carryMachineDecision(
    db: SqlRunner,
    spec: FactTable,
    to: { documentId: number; candidates: FactRow[]; payload: Record<string, unknown>; review: CarriedReview },
  ): Promise<void> {
    const { review, payload } = to;
    const originalPayload = (review.machinePayload ?? payload) as Record<string, unknown>;
    const original = stableJson(originalPayload);
    // Compared on the fields the original has (a payload kept before a field was added lacks it).
    const sameFields = (candidate: Record<string, unknown>) =>
      stableJson(Object.fromEntries(Object.keys(originalPayload).map((field) => [field, candidate[field]]))) ===
      original;
    const match = to.candidates.find(
      (candidate) => candidate.review_status === 'machine' && sameFields(payloadOf(spec, candidate)),
    );
    if (!match) return;
    match.review_status = review.status; // claimed: a twin decision cannot take it again
    const position = Number(match.position);
    if (review.machinePayload !== null) {
      await this.writePayload(db, spec.kind, to.documentId, position, payload);
      await db.run(`UPDATE ${spec.table} SET machine_payload = ? WHERE ${keyWhere(spec)}`, [
        JSON.stringify(review.machinePayload),
        ...keyParams(spec, to.documentId, position),
      ]);
    }
    await db.run(
      `UPDATE ${spec.table} SET review_status = ?, reviewed_by = ?, reviewed_at = ? WHERE ${keyWhere(spec)}`,
      [
        review.status,
        storedReviewer(review.by),
        isRuleReviewer(review.by) ? null : review.at,
        ...keyParams(spec, to.documentId, position),
      ],
    );
  }

  // ---- digest ------------------------------------------------------------------------------

  async contentDigest(): Promise<string> {
    const hash = createHash('sha256');
    for (const table of (await this.dialect.listTables(this.reader)).sort()) {
      const rows = (await this.reader.all(`SELECT * FROM ${table}`)).map((row) =>
        JSON.stringify(row, (_key, value: unknown) =>
          value instanceof Date
            ? value.toISOString()
            : typeof value === 'bigint'
              ? value.toString()
              : Buffer.isBuffer(value)
                ? value.toString('hex')
                : value,
        ),
      );
      rows.sort();
      hash.update(`${table}\n${rows.join('\n')}\n`);
    }
    return hash.digest('hex');
  }
}
