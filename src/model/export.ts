// What leaves Dossier: the filter of an export, and the typed records every tabular and streamed
// format is made of (one record a line in `ndjson`, one table per record type in `csv`/`xlsx`).
// Every record of a document item carries the actor (series id), the version, its span in that
// version's text and its review status, so that ids join across tables and back to the evidence.
// The records of document items follow the item kinds' model parts (item-records.ts).
import { z } from 'zod';
import { DocumentKindSchema } from './document.js';
import { exportStatuses } from './vocabularies.js';
import { MentionTypeSchema } from './extraction.js';
import { itemRecordKinds, type AnyItemRecordKind } from './item-records.js';

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

const ActorRecordSchema = z.object({
  type: z.literal('actor'),
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  kind: DocumentKindSchema,
  version: z.number().int().positive(),
  versions: z.number().int().positive(),
});
const DocumentRecordSchema = z.object({
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
});
const EntityRecordSchema = z.object({
  type: z.literal('entity'),
  id: z.string(),
  entityType: MentionTypeSchema,
  name: z.string(),
  country: z.string().nullable(),
  wikidata: z.string().nullable(),
  aliases: z.array(z.string()),
  attributes: z.record(z.string(), z.string()),
});

/** The records that are no document item: an actor, a document (version), an entity. */
const otherRecords = [
  { type: 'actor', plural: 'actors', schema: ActorRecordSchema },
  { type: 'document', plural: 'documents', schema: DocumentRecordSchema },
  { type: 'entity', plural: 'entities', schema: EntityRecordSchema },
] as const;

/** A record type and its table: the records that are no item, and every item kind's model part. */
export type ExportTable =
  (typeof otherRecords)[number] | { type: string; plural: string; schema: z.ZodObject; item: AnyItemRecordKind };

/**
 * The record types of an export of these item kinds, in the order a document's records are emitted and the
 * tables listed: the actor and the document, then the item kinds, the document's new entities right before its
 * mentions (at the end if no kind has mentions).
 */
export function exportTablesOf(kinds: readonly AnyItemRecordKind[]): ExportTable[] {
  const [actor, document, entity] = otherRecords;
  const items = kinds.map((kind) => ({ type: kind.type, plural: kind.plural, schema: kind.schema, item: kind }));
  const at = items.findIndex((kind) => kind.type === 'mention');
  return [actor, document, ...(at < 0 ? [...items, entity] : [...items.slice(0, at), entity, ...items.slice(at)])];
}

type ItemKindOf = (typeof itemRecordKinds)[number];
type RecordSchemas = { [R in (typeof otherRecords)[number] | ItemKindOf as R['type']]: R['schema'] };

/** The tables of the exports of Dossier's item kinds. */
export const exportTables: readonly ExportTable[] = exportTablesOf(itemRecordKinds);

export const ExportRecordSchemas = Object.fromEntries(
  exportTables.map((table) => [table.type, table.schema]),
) as unknown as RecordSchemas;

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

type JsonTables = {
  [R in (typeof otherRecords)[number] | ItemKindOf as R['plural']]: z.ZodArray<R['schema']>;
};

/** The `json` export: the collection (or one actor) as records grouped by type, with what was asked. */
export const JsonExportSchema = z
  .object({
    dossier: z.object({
      format: z.literal('dossier-export'),
      formatVersion: z.literal(1),
      exportedAt: z.string(),
      filter: ExportFilterSchema,
    }),
    ...(Object.fromEntries(exportTables.map((table) => [table.plural, z.array(table.schema)])) as JsonTables),
  })
  .meta({ id: 'JsonExport' });
export type JsonExport = z.infer<typeof JsonExportSchema>;

/** The plural (table) name of each record type, as in the `json` export and the CSV/xlsx tables. */
export const exportTableNames = Object.fromEntries(exportTables.map((table) => [table.type, table.plural])) as Record<
  ExportRecordType,
  keyof Omit<JsonExport, 'dossier'>
>;
