// What leaves Dossier: the filter of an export, and the typed records every tabular and streamed
// format is made of (one record a line in `ndjson`, one table per record type in `csv`/`xlsx`).
// Every record of a document item carries the actor (series id), the version, its span in that
// version's text and its review status, so that ids join across tables and back to the evidence.
import { z } from 'zod';
import { DocumentKindSchema } from './document.js';
import { exportStatuses } from './vocabularies.js';
import {
  EventTypeSchema,
  MentionTypeSchema,
  RelationPredicateSchema,
  ReviewStatusSchema,
  SubjectReasonSchema,
  TimeResolutionSchema,
} from './extraction.js';
import { PostureLabelSchema, ThemeSchema } from './themes.js';

/**
 * `accepted` (default): every fact not rejected, as the pages show them; `confirmed`: only facts a person confirmed or
 * edited; `all`: rejected ones too, marked.
 */
export { exportStatuses };
export const ExportStatusSchema = z.enum(exportStatuses);
export type ExportStatus = z.infer<typeof ExportStatusSchema>;

export const ExportFilterSchema = z.object({
  /** One actor or source (series id); absent: the whole collection. */
  actor: z.string().min(1).max(200).optional(),
  /** A version of that actor; absent: the latest. */
  version: z.coerce.number().int().positive().optional(),
  status: ExportStatusSchema.default('accepted'),
});
export type ExportFilter = z.infer<typeof ExportFilterSchema>;

/** One format of GET /api/export: its name, media type, file extension, and whether ?actor=&version= narrow it. */
export const ExportFormatSchema = z.object({
  name: z.string(),
  description: z.string(),
  mediaType: z.string(),
  extension: z.string(),
  /** Whether ?actor=&version= narrow the export. */
  scoped: z.boolean(),
});
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
/** GET /api/export: every export format. */
export const ExportFormatListSchema = z.object({ formats: z.array(ExportFormatSchema) });
export type ExportFormatList = z.infer<typeof ExportFormatListSchema>;

const item = {
  actor: z.string(),
  version: z.number().int().positive(),
  start: z.number().int(),
  end: z.number().int(),
  status: ReviewStatusSchema,
};

export const ExportRecordSchemas = {
  actor: z.object({
    type: z.literal('actor'),
    id: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    kind: DocumentKindSchema,
    version: z.number().int().positive(),
    versions: z.number().int().positive(),
  }),
  document: z.object({
    type: z.literal('document'),
    actor: z.string(),
    version: z.number().int().positive(),
    kind: DocumentKindSchema,
    title: z.string(),
    sourceName: z.string(),
    format: z.string(),
    hash: z.string(),
    ingestedAt: z.string(),
    asOf: z.string().nullable(),
    published: z.string().nullable(),
    publisher: z.string().nullable(),
    author: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    text: z.string(),
  }),
  subject: z.object({
    type: z.literal('subject'),
    actor: z.string(),
    version: z.number().int().positive(),
    entity: z.string(),
    how: SubjectReasonSchema,
  }),
  section: z.object({
    type: z.literal('section'),
    actor: z.string(),
    version: z.number().int().positive(),
    index: z.number().int(),
    heading: z.string(),
    start: z.number().int(),
    end: z.number().int(),
  }),
  interest: z.object({
    type: z.literal('interest'),
    ...item,
    rank: z.number().int(),
    title: z.string(),
    themes: z.array(ThemeSchema),
  }),
  sentence: z.object({
    type: z.literal('sentence'),
    actor: z.string(),
    version: z.number().int().positive(),
    index: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    themes: z.array(ThemeSchema),
    /** PDF only: the page the sentence starts on. */
    page: z.number().int().positive().nullable(),
  }),
  entity: z.object({
    type: z.literal('entity'),
    id: z.string(),
    entityType: MentionTypeSchema,
    name: z.string(),
    country: z.string().nullable(),
    wikidata: z.string().nullable(),
    aliases: z.array(z.string()),
    attributes: z.record(z.string(), z.string()),
  }),
  mention: z.object({
    type: z.literal('mention'),
    ...item,
    text: z.string(),
    mentionType: MentionTypeSchema,
    entity: z.string(),
    country: z.string().nullable(),
    /** `coreference` for a description or pronoun that refers back to the entity; null when the entity is named. */
    via: z.enum(['coreference']).nullable(),
  }),
  time: z.object({
    type: z.literal('time'),
    ...item,
    text: z.string(),
    value: z.string(),
    resolved: TimeResolutionSchema.nullable(),
  }),
  quantity: z.object({ type: z.literal('quantity'), ...item, text: z.string(), value: z.number(), unit: z.string() }),
  event: z.object({
    type: z.literal('event'),
    ...item,
    eventType: EventTypeSchema,
    date: z.string().nullable(),
    actors: z.array(z.string()),
    place: z.string().nullable(),
    valid: z.string().nullable(),
    current: z.boolean(),
  }),
  relation: z.object({
    type: z.literal('relation'),
    ...item,
    subject: z.string(),
    predicate: RelationPredicateSchema,
    object: z.string(),
    negated: z.boolean(),
    valid: z.string().nullable(),
    current: z.boolean(),
  }),
  posture: z.object({ type: z.literal('posture'), ...item, label: PostureLabelSchema }),
} as const;

export type ExportRecordType = keyof typeof ExportRecordSchemas;
export type ExportRecordOf<T extends ExportRecordType> = z.infer<(typeof ExportRecordSchemas)[T]>;
export const ExportRecordSchema = z
  .discriminatedUnion(
    'type',
    Object.values(ExportRecordSchemas) as unknown as [
      (typeof ExportRecordSchemas)['actor'],
      ...Array<(typeof ExportRecordSchemas)[ExportRecordType]>,
    ],
  )
  .meta({ id: 'ExportRecord' });
export type ExportRecord = { [T in ExportRecordType]: ExportRecordOf<T> }[ExportRecordType];
/** Record types in the order a stream emits them for one document. */
export const exportRecordTypes = Object.keys(ExportRecordSchemas) as ExportRecordType[];

/** The `json` export: the collection (or one actor) as records grouped by type, with what was asked. */
export const JsonExportSchema = z
  .object({
    dossier: z.object({
      format: z.literal('dossier-export'),
      formatVersion: z.literal(1),
      exportedAt: z.string(),
      filter: ExportFilterSchema,
    }),
    actors: z.array(ExportRecordSchemas.actor),
    documents: z.array(ExportRecordSchemas.document),
    subjects: z.array(ExportRecordSchemas.subject),
    sections: z.array(ExportRecordSchemas.section),
    interests: z.array(ExportRecordSchemas.interest),
    sentences: z.array(ExportRecordSchemas.sentence),
    entities: z.array(ExportRecordSchemas.entity),
    mentions: z.array(ExportRecordSchemas.mention),
    times: z.array(ExportRecordSchemas.time),
    quantities: z.array(ExportRecordSchemas.quantity),
    events: z.array(ExportRecordSchemas.event),
    relations: z.array(ExportRecordSchemas.relation),
    postures: z.array(ExportRecordSchemas.posture),
  })
  .meta({ id: 'JsonExport' });
export type JsonExport = z.infer<typeof JsonExportSchema>;

/** The plural (table) name of each record type, as in the `json` export and the CSV/xlsx tables. */
export const exportTableNames: Record<ExportRecordType, keyof Omit<JsonExport, 'dossier'>> = {
  actor: 'actors',
  document: 'documents',
  subject: 'subjects',
  section: 'sections',
  interest: 'interests',
  sentence: 'sentences',
  entity: 'entities',
  mention: 'mentions',
  time: 'times',
  quantity: 'quantities',
  event: 'events',
  relation: 'relations',
  posture: 'postures',
};
