// `jsonld`: the knowledge base as linked data. schema.org nodes for the actors (Country, or a
// Thing when the actor has no country), the documents (CreativeWork: text, dates, publisher, url,
// sha256, `about`), the entities (Country, Place, Organization / GovernmentOrganization for an
// organ of a state, Person, Project, CreativeWork for a named document; `sameAs` their Wikidata
// URI) and the events (Event: `startDate`, `location`, `attendee`); and one W3C Web Annotation
// (oa:Annotation, context http://www.w3.org/ns/anno.jsonld embedded in the node) for every piece
// of evidence: mentions (body: the entity), times (body: the EDTF value), quantities (a
// QuantitativeValue), events, relations (an rdf:Statement), interests and the posture.
// Each annotation targets the document version it was read from, with a TextPositionSelector and a
// TextQuoteSelector (exact, prefix, suffix). Selector offsets follow the W3C model: Unicode code
// points, converted from Dossier's UTF-16 code units (they differ after any character outside the
// Basic Multilingual Plane, such as an emoji); the UTF-16 offsets the other formats use are kept on
// the selector as dossier:utf16Start / dossier:utf16End.
// IRIs are relative to "@base" https://dossier.invalid/ and follow the API's paths
// (api/actors/ID?version=N, api/entities/ID): a reader can re-base them on a server's origin.
// The two remote contexts are bundled under data/export/; `bundledContextLoader` serves them to
// the `jsonld` library and refuses every other URL, so no network is needed to read the export.
// Written as one {"@context", "@graph"} document, node by node: one document's nodes wait for its
// last record (its `about` comes from subject records after the text), nothing else is held.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExportRecord, ExportRecordOf, MentionType } from '../../../model/index.js';
import { countryWikidata } from '../../../extract/reference/country-wikidata.js';
import { defaultDataDir } from '../../../extract/reference/reference-data-loader.js';
import type { Exporter } from '../exporter.js';

export const jsonldBase = 'https://dossier.invalid/';
export const dossierVocabulary = 'https://dossier.invalid/vocab#';
export const schemaOrgContextUrl = 'https://schema.org/';
export const annotationContextUrl = 'http://www.w3.org/ns/anno.jsonld';
const wikidataEntity = 'http://www.wikidata.org/entity/';
const edtfDatatype = 'http://id.loc.gov/datatypes/edtf/EDTF';

/** The bundled context document served for each URL a reader may ask for. */
const bundledContexts: Record<string, string> = {
  'https://schema.org/': 'schemaorg-context.jsonld',
  'https://schema.org': 'schemaorg-context.jsonld',
  'http://schema.org/': 'schemaorg-context.jsonld',
  'http://schema.org': 'schemaorg-context.jsonld',
  'https://schema.org/docs/jsonldcontext.jsonld': 'schemaorg-context.jsonld',
  'https://schema.org/docs/jsonldcontext.json': 'schemaorg-context.jsonld',
  'http://www.w3.org/ns/anno.jsonld': 'anno.jsonld',
  'https://www.w3.org/ns/anno.jsonld': 'anno.jsonld',
  'http://www.w3.org/ns/anno': 'anno.jsonld',
  'https://www.w3.org/ns/anno': 'anno.jsonld',
};

/** A document as a JSON-LD document loader returns it. */
export interface LoadedDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}

const loaded = new Map<string, unknown>();

/**
 * A JSON-LD document loader (`jsonld.expand(doc, { documentLoader })`) that serves the bundled
 * schema.org and Web Annotation contexts from data/export/ and throws for any other URL: reading a
 * Dossier export never goes to the network.
 */
export async function bundledContextLoader(url: string): Promise<LoadedDocument> {
  const file = bundledContexts[url];
  if (!file)
    throw new Error(
      `the bundled JSON-LD loader serves only ${Object.keys(bundledContexts).join(', ')}; refused: ${url}`,
    );
  let document = loaded.get(file);
  if (document === undefined) {
    document = JSON.parse(readFileSync(path.join(defaultDataDir(), 'export', file), 'utf8')) as unknown;
    loaded.set(file, document);
  }
  return { contextUrl: null, documentUrl: url, document };
}

/** The context of the export: schema.org, then the base and the dossier and Wikidata prefixes. */
export const jsonldContext = [
  schemaOrgContextUrl,
  {
    '@base': jsonldBase,
    dossier: dossierVocabulary,
    wd: wikidataEntity,
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  },
] as const;

const entityTypes: Record<MentionType, string> = {
  country: 'Country',
  place: 'Place',
  organization: 'Organization',
  person: 'Person',
  project: 'Project',
  document: 'CreativeWork',
};

const mediaTypes: Record<string, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const actorIri = (id: string): string => `api/actors/${encodeURIComponent(id)}`;
export const documentIri = (actor: string, version: number): string => `${actorIri(actor)}?version=${version}`;
export const entityIri = (id: string): string => `api/entities/${encodeURIComponent(id)}`;
const wikidataIri = (qid: string | null | undefined): string | undefined =>
  qid ? `${wikidataEntity}${qid}` : undefined;
/** An ISO 8601 calendar date or month or year (what schema:Date holds), or nothing for other EDTF values. */
const isoDate = (value: string | null): string | undefined =>
  value && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(value) ? value : undefined;

/** Drops absent values (and empty lists) so that nodes carry only what is known. */
function node(properties: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    kept[key] = value;
  }
  return kept;
}

/**
 * Converts UTF-16 code-unit offsets of one text to Unicode code-point offsets (the W3C selectors'
 * unit): the positions of the surrogate pairs are found in one pass, an offset loses one for each
 * pair that ends before it.
 */
export class CodePointOffsets {
  private readonly pairs: number[] = [];

  constructor(text: string) {
    for (let i = 0; i < text.length - 1; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.pairs.push(i);
          i++;
        }
      }
    }
  }

  /** The code-point offset of a UTF-16 offset (one inside a pair counts as the pair's start). */
  of(offset: number): number {
    let low = 0;
    let high = this.pairs.length;
    // Pairs starting before `offset`.
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.pairs[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return offset - low;
  }
}

const quoteContext = 32;
const isLowSurrogate = (text: string, index: number): boolean => {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
};

interface DocumentBlock {
  actor: ExportRecordOf<'actor'>;
  iri: string;
  text: string;
  offsets: CodePointOffsets;
  documentNode?: Record<string, unknown>;
  about: string[];
  /** Annotations already named in this document, for unique fragment ids. */
  used: Map<string, number>;
}

/** Turns the typed export records into JSON-LD nodes, document by document. */
export class JsonldWriter {
  private block: DocumentBlock | undefined;
  private readonly entityNames = new Map<string, string>();

  *accept(record: ExportRecord): Generator<Record<string, unknown>> {
    switch (record.type) {
      case 'actor':
        yield* this.finish();
        yield* this.actorOf(record);
        return;
      case 'document':
        this.documentOf(record);
        return;
      case 'subject':
        this.block?.about.push(entityIri(record.entity));
        return;
      case 'entity':
        yield this.entityOf(record);
        return;
      case 'mention':
        yield* this.annotate(record, 'identifying', entityIri(record.entity));
        return;
      case 'time':
        yield* this.annotate(record, 'describing', {
          type: 'TextualBody',
          value: record.value,
          conformsTo: edtfDatatype,
        });
        return;
      case 'quantity':
        yield* this.annotate(record, 'describing', {
          type: 'schema:QuantitativeValue',
          'schema:value': record.value,
          'schema:unitText': record.unit,
        });
        return;
      case 'event':
        yield* this.eventOf(record);
        return;
      case 'relation':
        yield* this.annotate(record, 'describing', {
          type: 'rdf:Statement',
          'rdf:subject': { id: entityIri(record.subject) },
          'rdf:predicate': { id: `dossier:${record.predicate}` },
          // An object that is no entity ("leads a delegation") stays the word the extraction gave.
          'rdf:object': this.entityNames.has(record.object) ? { id: entityIri(record.object) } : record.object,
          'dossier:negated': record.negated,
        });
        return;
      case 'interest':
        yield* this.annotate(record, 'classifying', [
          { type: 'TextualBody', value: record.title, purpose: 'describing', 'dossier:rank': record.rank },
          ...record.themes.map((theme) => ({ type: 'TextualBody', value: theme, purpose: 'tagging' })),
        ]);
        return;
      case 'posture':
        yield* this.annotate(record, 'classifying', {
          type: 'TextualBody',
          value: record.label,
          purpose: 'classifying',
        });
        return;
      default:
        // sections and sentences: the text and its spans are in the document node
        return;
    }
  }

  /** The held node of the last document. */
  *finish(): Generator<Record<string, unknown>> {
    const block = this.block;
    this.block = undefined;
    if (block?.documentNode)
      yield node({ ...block.documentNode, about: [...new Set(block.about)].map((iri) => ({ '@id': iri })) });
  }

  private *actorOf(actor: ExportRecordOf<'actor'>): Generator<Record<string, unknown>> {
    const iri = documentIri(actor.id, actor.version);
    this.block = { actor, iri, text: '', offsets: new CodePointOffsets(''), about: [], used: new Map() };
    if (actor.kind !== 'profile') return; // a source is its document
    this.block.about.push(actorIri(actor.id));
    yield node({
      '@id': actorIri(actor.id),
      '@type': actor.country ? 'Country' : 'Thing',
      name: actor.name,
      identifier: actor.country,
      sameAs: actor.country
        ? [entityIri(actor.country), wikidataIri(countryWikidata[actor.country])].filter(Boolean)
        : undefined,
      'dossier:versions': actor.versions,
    });
  }

  private documentOf(record: ExportRecordOf<'document'>): void {
    const block = this.block;
    if (!block) return;
    block.text = record.text;
    block.offsets = new CodePointOffsets(record.text);
    block.documentNode = {
      '@id': block.iri,
      '@type': 'CreativeWork',
      name: record.title,
      text: record.text,
      version: record.version,
      datePublished: isoDate(record.published),
      'dossier:published': record.published ?? undefined,
      'dossier:asOf': record.asOf ?? undefined,
      publisher: record.publisher ? { '@type': 'Organization', name: record.publisher } : undefined,
      author: record.author ?? undefined,
      url: record.sourceUrl ?? undefined,
      encodingFormat: mediaTypes[record.format],
      sha256: record.hash,
      isPartOf: { '@id': actorIri(record.actor) },
      'dossier:kind': record.kind,
      'dossier:sourceName': record.sourceName,
      'dossier:ingestedAt': record.ingestedAt,
    };
  }

  private entityOf(record: ExportRecordOf<'entity'>): Record<string, unknown> {
    this.entityNames.set(record.id, record.name);
    const { role, ...attributes } = record.attributes;
    const organOfState = record.entityType === 'organization' && record.country !== null;
    return node({
      '@id': entityIri(record.id),
      '@type': organOfState ? 'GovernmentOrganization' : entityTypes[record.entityType],
      name: record.name,
      identifier: record.id,
      alternateName: record.aliases.filter((alias) => alias !== record.name),
      sameAs: wikidataIri(record.wikidata),
      jobTitle: record.entityType === 'person' ? role : undefined,
      containedInPlace:
        record.entityType === 'place' && record.country ? { '@id': entityIri(record.country) } : undefined,
      'dossier:country':
        record.country && record.entityType !== 'country' ? { '@id': entityIri(record.country) } : undefined,
      additionalProperty: Object.entries(
        record.entityType === 'person' || role === undefined ? attributes : record.attributes,
      ).map(([name, value]) => ({
        '@type': 'PropertyValue',
        name,
        value,
      })),
    });
  }

  private *eventOf(record: ExportRecordOf<'event'>): Generator<Record<string, unknown>> {
    const block = this.block;
    if (!block) return;
    const iri = this.fragment(record, 'event');
    yield node({
      '@id': iri,
      '@type': 'Event',
      name:
        record.eventType +
        (record.actors.length ? `: ${record.actors.map((id) => this.entityNames.get(id) ?? id).join(', ')}` : ''),
      startDate: isoDate(record.date),
      'dossier:date': record.date ? { '@value': record.date, '@type': edtfDatatype } : undefined,
      'dossier:eventType': record.eventType,
      attendee: record.actors.map((id) => ({ '@id': entityIri(id) })),
      location: record.place ? { '@id': entityIri(record.place) } : undefined,
      description: block.text.slice(record.start, record.end),
      subjectOf: { '@id': block.iri },
    });
    yield* this.annotate(record, 'describing', iri);
  }

  /** A fragment IRI of the document for one fact, unique within the document. */
  private fragment(record: { type: string; start: number; end: number }, kind: string = record.type): string {
    const block = this.block!;
    const key = `${kind}-${record.start}-${record.end}`;
    const seen = block.used.get(key) ?? 0;
    block.used.set(key, seen + 1);
    return `${block.iri}#${key}${seen ? `-${seen + 1}` : ''}`;
  }

  private *annotate(
    record: ExportRecordOf<'mention' | 'time' | 'quantity' | 'event' | 'relation' | 'interest' | 'posture'>,
    motivation: string,
    body: unknown,
  ): Generator<Record<string, unknown>> {
    const block = this.block;
    if (!block) return;
    const text = block.text;
    let prefixStart = Math.max(0, record.start - quoteContext);
    if (prefixStart > 0 && isLowSurrogate(text, prefixStart)) prefixStart--;
    let suffixEnd = Math.min(text.length, record.end + quoteContext);
    if (suffixEnd < text.length && isLowSurrogate(text, suffixEnd)) suffixEnd++;
    yield {
      '@context': annotationContextUrl,
      id: this.fragment(record, `${record.type}-annotation`),
      type: 'Annotation',
      motivation,
      body,
      target: {
        type: 'SpecificResource',
        source: block.iri,
        selector: [
          {
            type: 'TextPositionSelector',
            start: block.offsets.of(record.start),
            end: block.offsets.of(record.end),
            'dossier:utf16Start': record.start,
            'dossier:utf16End': record.end,
          },
          {
            type: 'TextQuoteSelector',
            exact: text.slice(record.start, record.end),
            prefix: text.slice(prefixStart, record.start),
            suffix: text.slice(record.end, suffixEnd),
          },
        ],
      },
      'dossier:factType': record.type,
      'dossier:reviewStatus': record.status,
    };
  }
}

export const jsonldExporter: Exporter = {
  name: 'jsonld',
  description:
    'linked data: schema.org actors, documents and entities (sameAs Wikidata) and a W3C Web Annotation for every ' +
    'piece of evidence',
  mediaType: 'application/ld+json; charset=utf-8',
  extension: 'jsonld',
  scoped: true,
  async *write(context) {
    const writer = new JsonldWriter();
    const head = node({
      '@id': `api/export/jsonld`,
      '@type': 'Dataset',
      name: 'Dossier export',
      dateCreated: context.exportedAt,
      'dossier:filter': JSON.stringify(context.filter),
    });
    let batch = `{"@context":${JSON.stringify(jsonldContext)},\n"@graph":[\n${JSON.stringify(head)}`;
    const add = (made: Iterable<Record<string, unknown>>): void => {
      for (const one of made) batch += `,\n${JSON.stringify(one)}`;
    };
    for await (const record of context.records()) {
      add(writer.accept(record));
      if (batch.length >= 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    add(writer.finish());
    yield `${batch}\n]}\n`;
  },
};
