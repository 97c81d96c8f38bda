// The review desk of editors: the queue of machine facts, confirm / reject / edit (validated
// against the fact's kind), facts added on selected words, entity edits and merges, and the
// audit trail. Every write names its user; the store audits it in the same transaction.
// The queue lists facts with their confidence, lowest first; facts a rule confirmed (reviewedBy
// `rule:…`, see review-rules.ts) are counted per rule, listed and undone with a bulk review (status
// `machine`); entities are listed for the picker of entity fields.
import type { z } from 'zod';
import {
  AuditQuerySchema,
  BulkReviewSchema,
  DossierError,
  EntityListQuerySchema,
  EntityPatchSchema,
  NewFactSchema,
  ReviewQuerySchema,
  factPayloadSchemas,
  slugify,
  type AuditPage,
  type AuditQuery,
  type BulkReview,
  type Entity,
  type EntityList,
  type EntityListQuery,
  type EntityPatch,
  type FactQuery,
  type MentionType,
  type NewFact,
  type ReviewQuery,
  type ReviewRuleCount,
} from '../model/index.js';
import type { NewFactInput, Store } from '../store/index.js';
import type { EntityListPage, ScoredFact, ScoredFactPage } from '../store/store.js';
import { reviewRuleDescriptions } from './review-rules.js';

const encodeCursor = (cursor: EntityListPage['next']): string | null =>
  cursor ? Buffer.from(JSON.stringify([cursor.name, cursor.id])).toString('base64url') : null;
function decodeCursor(text: string): { name: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { name: value[0], id: value[1] };
  } catch {
    // answered below
  }
  throw new DossierError('BAD_REQUEST', 'query.after: not a cursor of this listing', {
    expected: 'the `next` value of the previous page',
  });
}

const describeIssues = (error: z.ZodError, where: string): string =>
  error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`).join('; ');

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string, expected: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DossierError('BAD_REQUEST', describeIssues(parsed.error, where), { expected });
  return parsed.data;
}

/** Fields an editor may not change: the words a fact stands on are the document's. */
const fixedFields = new Set(['text']);

export class ReviewDesk {
  constructor(private readonly store: Store) {}

  listFacts(query: FactQuery | ReviewQuery): Promise<ScoredFactPage> {
    const q = parse(
      ReviewQuerySchema,
      query,
      'query',
      'actor, type, status, version, reviewedBy, order, limit, offset, cursor',
    );
    return this.store.listFacts({
      actor: q.actor,
      kind: q.type,
      status: q.status,
      version: q.version,
      reviewedBy: q.reviewedBy,
      order: q.order,
      limit: q.limit,
      offset: q.offset,
      after: q.cursor,
    });
  }

  /** The review queue: unreviewed facts (by default), lowest confidence first. */
  queue(query: ReviewQuery): Promise<ScoredFactPage> {
    return this.listFacts({ order: 'uncertainty', ...query });
  }

  /**
   * Every review rule with its description and the number of facts (latest versions) it confirmed and nobody changed
   * since.
   */
  async ruleCounts(): Promise<ReviewRuleCount[]> {
    // One read per rule, all at once (PostgreSQL reads them on a connection each; SQLite one after the other).
    return Promise.all(
      reviewRuleDescriptions.map(async ({ rule, description }): Promise<ReviewRuleCount> => {
        // The total alone (limit 0), from the store's maintained totals: no page, which walked the confirmed levels
        // in confidence order to the first of the rule's (the whole range for a rule that confirmed none).
        const page = await this.store.listFacts({
          status: 'confirmed',
          reviewedBy: rule,
          order: 'uncertainty',
          limit: 0,
          offset: 0,
        });
        return { rule, description, confirmed: page.total };
      }),
    );
  }

  /** One status for a selection of facts, in one transaction, each audited. */
  async bulkReview(input: BulkReview, by: string): Promise<{ reviewed: number; facts: ScoredFact[] }> {
    const body = parse(
      BulkReviewSchema,
      input,
      'body',
      'ids (1 to 1000 fact ids), status (confirmed, rejected or machine)',
    );
    const facts = await this.store.reviewFacts(body.ids, { status: body.status }, by);
    return { reviewed: facts.length, facts };
  }

  /** Entities by name for pickers, filtered by type, country and words (q), keyset-paginated. */
  async listEntities(query: EntityListQuery): Promise<EntityList> {
    const q = parse(EntityListQuerySchema, query, 'query', 'type, country, q, after, limit');
    const page = await this.store.listEntities({
      type: q.type,
      country: q.country,
      q: q.q,
      after: q.after === undefined ? undefined : decodeCursor(q.after),
      limit: q.limit,
    });
    return { entities: page.entities, next: encodeCursor(page.next) };
  }

  async getFact(id: string): Promise<ScoredFact> {
    const fact = await this.store.getFact(id);
    if (!fact) throw new DossierError('NOT_FOUND', `no fact "${id}"`);
    return fact;
  }

  confirm(id: string, by: string): Promise<ScoredFact> {
    return this.store.reviewFact(id, { status: 'confirmed' }, by);
  }

  reject(id: string, by: string): Promise<ScoredFact> {
    return this.store.reviewFact(id, { status: 'rejected' }, by);
  }

  /** Changes some payload fields of a fact (e.g. a mention's entity, a relation's predicate, a time's value). */
  async edit(id: string, changes: Record<string, unknown>, by: string): Promise<ScoredFact> {
    const fact = await this.getFact(id);
    const schema = factPayloadSchemas[fact.kind];
    const known = new Set(Object.keys(schema.shape));
    const unknown = Object.keys(changes).filter((field) => !known.has(field) || fixedFields.has(field));
    if (unknown.length > 0 || Object.keys(changes).length === 0) {
      throw new DossierError(
        'BAD_REQUEST',
        unknown.length ? `cannot edit ${unknown.join(', ')} of a ${fact.kind}` : 'nothing to change',
        {
          expected: [...known].filter((field) => !fixedFields.has(field)).join(', '),
        },
      );
    }
    const payload = parse(
      schema as z.ZodType<Record<string, unknown>>,
      { ...fact.payload, ...changes },
      fact.kind,
      `a valid ${fact.kind}`,
    );
    if (fact.kind === 'mention' && changes.entity !== undefined && changes.country === undefined) {
      const entity = await this.store.getEntity(String(payload.entity));
      if (!entity) throw new DossierError('NOT_FOUND', `no entity "${String(payload.entity)}"`);
      payload.country = entity.entity.country;
    }
    return this.store.reviewFact(id, { status: 'edited', payload }, by);
  }

  /** Adds a fact on words selected in the latest version of an actor's profile. */
  async addFact(actorId: string, input: NewFact, by: string): Promise<ScoredFact> {
    const fact = parse(NewFactSchema, input, 'body', 'kind, start, end, payload');
    const document = await this.store.getDocument(actorId);
    if (!document) throw new DossierError('NOT_FOUND', `no actor "${actorId}"`);
    if (fact.end > document.text.length || fact.start >= fact.end) {
      throw new DossierError('BAD_REQUEST', `the selection ${fact.start}..${fact.end} lies outside the text`, {
        expected: `0 <= start < end <= ${document.text.length}`,
      });
    }
    const words = document.text.slice(fact.start, fact.end);
    const base = { actorId, start: fact.start, end: fact.end };
    const p = fact.payload;
    let input2: NewFactInput;
    switch (fact.kind) {
      case 'entity':
        input2 = await this.entityFact(base, words, p);
        break;
      case 'mention':
        input2 = await this.mentionFact(base, words, p);
        break;
      case 'relation':
        input2 = {
          ...base,
          kind: 'relation',
          payload: parse(
            factPayloadSchemas.relation,
            { negated: false, ...p },
            'payload',
            'subject, predicate, object, negated?',
          ),
        };
        break;
      case 'event':
        input2 = {
          ...base,
          kind: 'event',
          payload: parse(
            factPayloadSchemas.event,
            { date: null, actors: [], place: null, ...p },
            'payload',
            'type, date?, actors?, place?',
          ),
        };
        break;
      case 'time':
        input2 = {
          ...base,
          kind: 'time',
          payload: parse(factPayloadSchemas.time, { ...p, text: words }, 'payload', 'value (EDTF)'),
        };
        break;
      case 'quantity':
        input2 = {
          ...base,
          kind: 'quantity',
          payload: parse(factPayloadSchemas.quantity, { ...p, text: words }, 'payload', 'value, unit'),
        };
        break;
    }
    return this.store.addFact(input2, by);
  }

  /** A new entity (or the existing one of that name) and its mention on the selected words. */
  private async entityFact(
    base: { actorId: string; start: number; end: number },
    words: string,
    p: NewFact['payload'],
  ): Promise<NewFactInput> {
    const details = parse(
      EntityPatchSchema.required({ name: true, type: true }),
      { name: words, ...p },
      'payload',
      'name, type, wikidata?, aliases?, country?',
    );
    const id = slugify(details.name);
    if (!id) throw new DossierError('BAD_REQUEST', 'the entity name has no letters or digits', { expected: 'a name' });
    const existing = await this.store.getEntity(id);
    const entity: Entity = existing?.entity ?? {
      id,
      type: details.type as MentionType,
      name: details.name,
      country: details.country ?? null,
      wikidata: details.wikidata ?? null,
      ...(details.aliases ? { aliases: details.aliases } : {}),
    };
    return {
      ...base,
      kind: 'mention',
      payload: { text: words, type: entity.type, entity: entity.id, country: entity.country },
      newEntity: existing ? undefined : entity,
    };
  }

  /** A mention of an existing entity on the selected words. */
  private async mentionFact(
    base: { actorId: string; start: number; end: number },
    words: string,
    p: NewFact['payload'],
  ): Promise<NewFactInput> {
    const entityId = String(p.entity ?? '');
    const entity = await this.store.getEntity(entityId);
    if (!entity)
      throw new DossierError('NOT_FOUND', `no entity "${entityId}"`, {
        expected: 'payload.entity: the id of an existing entity',
      });
    const payload = parse(
      factPayloadSchemas.mention,
      { text: words, type: p.type ?? entity.entity.type, entity: entityId, country: entity.entity.country },
      'payload',
      'entity, type',
    );
    return { ...base, kind: 'mention', payload };
  }

  updateEntity(id: string, patch: EntityPatch, by: string): Promise<Entity> {
    const change = parse(EntityPatchSchema, patch, 'body', 'name, aliases, wikidata, country, type');
    if (Object.keys(change).length === 0)
      throw new DossierError('BAD_REQUEST', 'nothing to change', {
        expected: 'name, aliases, wikidata, country or type',
      });
    return this.store.updateEntity(id, change, by);
  }

  mergeEntities(from: string, into: string, by: string): Promise<{ entity: Entity; mentionsMoved: number }> {
    return this.store.mergeEntities(from, into, by);
  }

  listAudit(query: AuditQuery): Promise<AuditPage> {
    const q = parse(AuditQuerySchema, query, 'query', 'user, targetType, targetId, limit, offset, cursor');
    return this.store.listAudit(q);
  }
}
