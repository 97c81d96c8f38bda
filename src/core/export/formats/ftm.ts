// `ftm`: FollowTheMoney entities, one JSON object a line ({id, schema, properties}), the stream
// that OpenAleph, `alephclient write-entities` and the `ftm` tools (validate, aggregate,
// export-*) read. Written document by document: only one document's Mention entities and its
// PlainText wait for the end of that document; the rest is written as its record arrives.
//
// Mapping (FtM has no Country schema: countries are `country` codes, lowercase ISO 3166-1 alpha-2):
// - entity country → PublicBody (the state acting as a party), `country` and `jurisdiction`;
//   organization → PublicBody when it is an organ of a state (it carries a country), else
//   Organization; person → Person (`position` from the role attribute); project → Project;
//   place → Address (`full` = the name, `country`); a named document (Strategy 2050) → Document.
//   Each carries `wikidataId` where known, `alias`, and `proof` → the document that first names it.
// - profile actor → the PublicBody of its country (a LegalEntity when it has none), linked to its
//   profile by a Documentation edge (role "profile"); a source's subjects → Documentation edges.
// - document version → PlainText (`bodyText`, `title`, `fileName`, `publishedAt`, `publisher`,
//   `author`, `sourceUrl`, `detectedCountry`, `peopleMentioned`, `companiesMentioned`).
// - mentions → one Mention per document and entity (`document`, `name`, `resolved` when the entity
//   is a LegalEntity, `detectedSchema`, `contextCountry`), and one Note per mention span: `entity`
//   → the entity, `proof` → the PlainText, `description` "kazakhstan v1 [120–129]", `summary` the
//   sentence. Interests and the posture are Notes on the actor (on a source: its PlainText).
// - events → Event (`date`, `involved`, `location`, `country`, `proof`, span in `description`).
// - relations → Membership (member_of between a LegalEntity and an Organization) or UnknownLink
//   (`role` = predicate, "not …" and `status` negated when the text denies it), span in
//   `description`; relations with an end that is no entity ("leads delegation") are left out.
// - times and quantities are values, not entities: they stay in the other formats.
// Spans are UTF-16 code-unit offsets into the document text (PlainText `bodyText`), as everywhere
// in Dossier. Ids are deterministic: "dossier-" + SHA-1 of kind and key, so a re-export updates the
// same entities in Aleph. The review status of a fact shows in its description unless it is the
// machine's.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { relationLabel, type ExportRecord, type ExportRecordOf, type MentionType } from '../../../model/index.js';
import { countryWikidata } from '../../../extract/reference/country-wikidata.js';
import type { Exporter } from '../exporter.js';

/** One FollowTheMoney entity as the `ftm` tools read it: every property a list of strings. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

// world-countries is CommonJS; require it as the reference-data loader does.
const worldCountries = createRequire(import.meta.url)('world-countries') as Array<{ cca2: string; cca3: string }>;
const alpha2ByAlpha3 = new Map(worldCountries.map((country) => [country.cca3, country.cca2.toLowerCase()]));

/** An ISO 3166-1 alpha-3 code as FtM writes countries: the lowercase alpha-2 code (null when there is none). */
export function ftmCountry(alpha3: string | null | undefined): string | null {
  return alpha3 ? (alpha2ByAlpha3.get(alpha3.toUpperCase()) ?? null) : null;
}

/** A deterministic FtM id: "dossier-" + SHA-1 of the kind and key. */
export function ftmId(kind: string, ...key: Array<string | number>): string {
  return `dossier-${createHash('sha1')
    .update([kind, ...key].join('\u001f'), 'utf8')
    .digest('hex')}`;
}

/**
 * A date as FtM reads it (ISO 8601 with implied precision: `2021`, `2021-10`, `2021-10-15`,
 * `2021-10-15T08:30:00`, UTC, no zone), from an EDTF value or an ISO timestamp; null when the value
 * has no such prefix (`199X`). Uncertainty marks are dropped, an interval gives its start, an
 * unspecified digit cuts the value to the parts before it.
 */
export function ftmDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const timestamp = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (timestamp) {
    if (!timestamp[3]) return `${timestamp[1]}T${timestamp[2]}`;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? timestamp[1]! : date.toISOString().slice(0, 19);
  }
  const first = value.split('/')[0]!.replace(/[?~%]/g, '');
  const parts: string[] = [];
  for (const [index, part] of first.split('-').entries()) {
    if (!(index === 0 ? /^\d{4}$/ : /^\d{2}$/).test(part) || index > 2) break;
    parts.push(part);
  }
  if (parts.length === 0) return null;
  const [, month, day] = parts.map(Number);
  if (month !== undefined && (month < 1 || month > 12)) return parts[0]!;
  if (day !== undefined && (day < 1 || day > 31)) return parts.slice(0, 2).join('-');
  return parts.join('-');
}

const mimeTypes: Record<string, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** FtM schemata that are LegalEntities (the range of Mention.resolved, Event.involved, Membership.member). */
const legalEntitySchemata = new Set(['LegalEntity', 'Person', 'Organization', 'PublicBody']);
const organizationSchemata = new Set(['Organization', 'PublicBody']);

interface KnownEntity {
  ftmId: string;
  schema: string;
  name: string;
  country: string | null;
}

function schemaOf(type: MentionType, country: string | null): string {
  switch (type) {
    case 'country':
      return 'PublicBody';
    case 'organization':
      return country ? 'PublicBody' : 'Organization';
    case 'person':
      return 'Person';
    case 'project':
      return 'Project';
    case 'place':
      return 'Address';
    case 'document':
      return 'Document';
  }
}

/** An entity with only the properties that have values. */
function entity(
  id: string,
  schema: string,
  properties: Record<string, Array<string | null | undefined> | string | null | undefined>,
): FtmEntity {
  const kept: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(properties)) {
    const values = [
      ...new Set(
        (Array.isArray(value) ? value : [value]).filter(
          (item): item is string => typeof item === 'string' && item.trim() !== '',
        ),
      ),
    ];
    if (values.length > 0) kept[name] = values;
  }
  return { id, schema, properties: kept };
}

/** What one document (an actor or source version) needs until its last record: its PlainText and Mentions. */
interface DocumentBlock {
  actor: ExportRecordOf<'actor'>;
  /** The FtM id of the party the actor is (null for a source). */
  party: string | null;
  /** The party made from the actor record, written at the end unless the entity record came. */
  pendingParty: FtmEntity | undefined;
  document?: FtmEntity;
  documentId: string;
  text: string;
  sourceUrl: string | null;
  /** Sentence spans in text order, to quote the sentence of a mention. */
  sentences: Array<[number, number]>;
  mentions: Map<string, FtmEntity>;
  subjects: Array<ExportRecordOf<'subject'>>;
}

/** Turns the typed export records into FtM entities, document by document. */
export class FtmWriter {
  private readonly known = new Map<string, KnownEntity>();
  private readonly written = new Set<string>();
  private block: DocumentBlock | undefined;

  /** The entities a record makes (and, on a new actor, the held entities of the previous document). */
  *accept(record: ExportRecord): Generator<FtmEntity> {
    switch (record.type) {
      case 'actor':
        yield* this.finish();
        yield* this.startBlock(record);
        return;
      case 'document':
        this.documentOf(record);
        return;
      case 'sentence':
        this.block?.sentences.push([record.start, record.end]);
        return;
      case 'subject':
        // Subjects come before the entity records of their document: linked at its end.
        this.block?.subjects.push(record);
        return;
      case 'entity':
        yield* this.entityOf(record);
        return;
      case 'mention':
        yield* this.mentionOf(record);
        return;
      case 'event':
        yield* this.eventOf(record);
        return;
      case 'relation':
        yield* this.relationOf(record);
        return;
      case 'interest':
        yield* this.note(
          record,
          `Interest ${record.rank}: ${record.title}`,
          this.block?.party ?? this.block?.documentId,
          record.themes.join(', '),
        );
        return;
      case 'posture':
        yield* this.note(record, `Posture: ${record.label}`, this.block?.party ?? this.block?.documentId);
        return;
      default:
        // sections, times, quantities: no FtM entity of their own
        return;
    }
  }

  /** The held entities of the last document. */
  *finish(): Generator<FtmEntity> {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    if (block.pendingParty) yield* this.once(block.pendingParty);
    for (const subject of block.subjects) {
      const known = this.known.get(subject.entity);
      if (known) yield this.documentation(known.ftmId, `subject (${subject.how})`, block);
    }
    if (block.document) yield* this.once(block.document);
    yield* block.mentions.values();
  }

  private *once(made: FtmEntity): Generator<FtmEntity> {
    if (this.written.has(made.id)) return;
    this.written.add(made.id);
    yield made;
  }

  private *startBlock(actor: ExportRecordOf<'actor'>): Generator<FtmEntity> {
    const documentId = ftmId('document', actor.id, actor.version);
    let party: string | null = null;
    let pendingParty: FtmEntity | undefined;
    if (actor.kind === 'profile') {
      const country = ftmCountry(actor.country);
      if (actor.country) {
        party = this.known.get(actor.country)?.ftmId ?? ftmId('entity', actor.country);
        // The country's entity record usually follows in this document; written from the actor only when it does not.
        if (!this.known.has(actor.country)) {
          this.known.set(actor.country, {
            ftmId: party,
            schema: 'PublicBody',
            name: actor.name,
            country: actor.country,
          });
          pendingParty = entity(party, 'PublicBody', {
            name: actor.name,
            country,
            jurisdiction: country,
            wikidataId: countryWikidata[actor.country],
            proof: documentId,
          });
        }
      } else {
        party = ftmId('actor', actor.id);
        yield* this.once(entity(party, 'LegalEntity', { name: actor.name, proof: documentId }));
      }
    }
    this.block = {
      actor,
      party,
      pendingParty,
      documentId,
      text: '',
      sourceUrl: null,
      sentences: [],
      mentions: new Map(),
      subjects: [],
    };
    if (party) yield this.documentation(party, 'profile', this.block);
  }

  private documentOf(record: ExportRecordOf<'document'>): void {
    const block = this.block;
    if (!block) return;
    block.text = record.text;
    block.sourceUrl = record.sourceUrl;
    block.document = entity(block.documentId, 'PlainText', {
      name: record.title,
      title: record.title,
      fileName: record.sourceName,
      bodyText: record.text,
      mimeType: mimeTypes[record.format],
      publishedAt: ftmDate(record.published),
      date: ftmDate(record.asOf),
      retrievedAt: ftmDate(record.ingestedAt),
      publisher: record.publisher,
      author: record.author,
      sourceUrl: record.sourceUrl,
      summary: `${record.kind === 'profile' ? 'Profile' : 'Source'} ${record.actor} v${record.version}`,
    });
  }

  private documentation(target: string, role: string, block: DocumentBlock = this.block!): FtmEntity {
    return entity(ftmId('documentation', block.actor.id, block.actor.version, target, role), 'Documentation', {
      document: block.documentId,
      entity: target,
      role,
      sourceUrl: block.sourceUrl,
    });
  }

  private *entityOf(record: ExportRecordOf<'entity'>): Generator<FtmEntity> {
    const schema = schemaOf(record.entityType, record.country);
    const id = this.known.get(record.id)?.ftmId ?? ftmId('entity', record.id);
    this.known.set(record.id, { ftmId: id, schema, name: record.name, country: record.country });
    const country = ftmCountry(record.country);
    const { role, ...otherAttributes } = record.attributes;
    const notes = Object.entries(otherAttributes).map(([key, value]) => `${key}: ${value}`);
    yield* this.once(
      entity(id, schema, {
        name: record.name,
        alias: record.aliases.filter((alias) => alias !== record.name),
        country,
        jurisdiction: schema === 'PublicBody' ? country : null,
        wikidataId: record.wikidata,
        position: schema === 'Person' ? role : null,
        notes: schema === 'Person' || !role ? notes : [`role: ${role}`, ...notes],
        full: schema === 'Address' ? record.name : null,
        title: schema === 'Document' ? record.name : null,
        fileName: schema === 'Document' ? record.name : null,
        proof: this.block?.documentId,
      }),
    );
  }

  /** Where a fact stands: "kazakhstan v1 [120–129]", and its review status when a person set one. */
  private spanOf(record: { actor: string; version: number; start: number; end: number; status: string }): string {
    const status = record.status === 'machine' ? '' : ` (${record.status})`;
    return `${record.actor} v${record.version} [${record.start}–${record.end}]${status}`;
  }

  private sentenceAround(start: number): string | null {
    const block = this.block;
    if (!block) return null;
    const sentences = block.sentences;
    let low = 0;
    let high = sentences.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [from, to] = sentences[middle]!;
      if (start < from) high = middle - 1;
      else if (start >= to) low = middle + 1;
      else return block.text.slice(from, to);
    }
    return null;
  }

  private *note(
    record: ExportRecordOf<'mention' | 'interest' | 'posture'>,
    name: string,
    target: string | undefined,
    summary?: string | null,
  ): Generator<FtmEntity> {
    const block = this.block;
    if (!block || !target) return;
    yield entity(ftmId('note', record.type, record.actor, record.version, record.start, record.end, target), 'Note', {
      name,
      entity: target,
      proof: block.documentId,
      description: this.spanOf(record),
      summary: summary ?? block.text.slice(record.start, record.end),
      sourceUrl: block.sourceUrl,
    });
  }

  private *mentionOf(record: ExportRecordOf<'mention'>): Generator<FtmEntity> {
    const block = this.block;
    const target = this.known.get(record.entity);
    if (!block || !target) return;
    yield* this.note(record, record.text, target.ftmId, this.sentenceAround(record.start));
    const key = `${target.ftmId}`;
    const held = block.mentions.get(key);
    const country = ftmCountry(record.country ?? target.country);
    if (held) {
      if (!held.properties.name!.includes(record.text)) held.properties.name!.push(record.text);
      if (country && !(held.properties.contextCountry ?? []).includes(country))
        (held.properties.contextCountry ??= []).push(country);
    } else {
      block.mentions.set(
        key,
        entity(ftmId('mention', record.actor, record.version, record.entity), 'Mention', {
          document: block.documentId,
          name: record.text,
          resolved: legalEntitySchemata.has(target.schema) ? target.ftmId : null,
          detectedSchema: target.schema,
          contextCountry: country,
        }),
      );
    }
    const document = block.document;
    if (document) {
      const add = (property: string, value: string | null): void => {
        if (!value) return;
        const values = (document.properties[property] ??= []);
        if (!values.includes(value)) values.push(value);
      };
      add('detectedCountry', country);
      if (target.schema === 'Person') add('peopleMentioned', target.name);
      if (organizationSchemata.has(target.schema) && record.mentionType === 'organization')
        add('companiesMentioned', target.name);
    }
  }

  private *eventOf(record: ExportRecordOf<'event'>): Generator<FtmEntity> {
    const block = this.block;
    if (!block) return;
    const actors = record.actors
      .map((id) => this.known.get(id))
      .filter((known): known is KnownEntity => known !== undefined);
    const place = record.place ? this.known.get(record.place) : undefined;
    const placeName = place?.name ?? record.place;
    const name =
      `${record.eventType}: ${actors.map((known) => known.name).join(', ') || 'unnamed parties'}` +
      `${placeName ? ` in ${placeName}` : ''}${record.date ? `, ${record.date}` : ''}`;
    yield entity(ftmId('event', record.actor, record.version, record.start, record.end, record.eventType), 'Event', {
      name,
      date: ftmDate(record.date),
      involved: actors.filter((known) => legalEntitySchemata.has(known.schema)).map((known) => known.ftmId),
      location: placeName,
      country: ftmCountry(place?.country),
      proof: block.documentId,
      description: this.spanOf(record),
      summary: block.text.slice(record.start, record.end),
      keywords: record.eventType,
      sourceUrl: block.sourceUrl,
    });
  }

  private *relationOf(record: ExportRecordOf<'relation'>): Generator<FtmEntity> {
    const block = this.block;
    const subject = this.known.get(record.subject);
    const object = this.known.get(record.object);
    if (!block || !subject || !object) return;
    const id = ftmId(
      'relation',
      record.actor,
      record.version,
      record.start,
      record.end,
      record.subject,
      record.predicate,
      record.object,
    );
    const common = {
      // The relation in English, in its tense and with its time ("does not border", "recognised in the 1990s").
      role: relationLabel(record),
      status: record.negated ? 'negated' : null,
      description: this.spanOf(record),
      summary: block.text.slice(record.start, record.end),
      sourceUrl: block.sourceUrl,
    };
    if (
      record.predicate === 'member_of' &&
      legalEntitySchemata.has(subject.schema) &&
      organizationSchemata.has(object.schema)
    ) {
      yield entity(id, 'Membership', { member: subject.ftmId, organization: object.ftmId, ...common });
    } else {
      yield entity(id, 'UnknownLink', { subject: subject.ftmId, object: object.ftmId, ...common });
    }
  }
}

export const ftmExporter: Exporter = {
  name: 'ftm',
  description:
    'FollowTheMoney entities as JSON lines for OpenAleph and the ftm tools (Person, PublicBody, Organization, ' +
    'Project, Event, Mention, Note, PlainText…)',
  mediaType: 'application/json+ftm; charset=utf-8',
  extension: 'ftm.json',
  scoped: true,
  async *write(context) {
    const writer = new FtmWriter();
    let batch = '';
    const add = (made: Iterable<FtmEntity>): void => {
      for (const one of made) batch += `${JSON.stringify(one)}\n`;
    };
    for await (const record of context.records()) {
      add(writer.accept(record));
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    add(writer.finish());
    if (batch) yield batch;
  },
};
