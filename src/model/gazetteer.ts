// The curated gazetteer's entry schema (data/gazetteer/*.json) and the reference data that
// the extraction pipeline receives: countries (from world-countries) plus gazetteer entries.
import { z } from 'zod';
import { EdtfSchema } from './edtf.js';
import { MentionTypeSchema } from './extraction.js';

export const GazetteerEntrySchema = z
  .object({
    /** Canonical id: ISO alpha-3 for countries, otherwise a lowercase slug (`taliban`, `tapi`). */
    id: z.string().regex(/^(?:[A-Z]{3}|[a-z0-9][a-z0-9-]*)$/),
    type: MentionTypeSchema,
    name: z.string().min(1),
    /** Other names written for the entity, including abbreviations, transliterations and demonyms. */
    aliases: z.array(z.string().min(1)).default([]),
    /**
     * ISO alpha-3 of the state it belongs to (cities, ministries, officials); null for regions, movements,
     * international bodies.
     */
    country: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullable()
      .default(null),
    /** Wikidata QID, only where certain. */
    wikidata: z
      .string()
      .regex(/^Q\d+$/)
      .nullable()
      .default(null),
    /** Finer kind: city, province, border-crossing, river, region, sea, armed-group, ministry, pipeline, railway… */
    kind: z.string().optional(),
    /** For people: their role or office. */
    role: z.string().optional(),
    /** For people who have died: the date of death (EDTF), so that events dated later are flagged. */
    died: EdtfSchema.optional(),
    /** Source of the entry (URL or reference), for the curators. */
    source: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'GazetteerEntry' });
export type GazetteerEntry = z.infer<typeof GazetteerEntrySchema>;
export type GazetteerEntryInput = z.input<typeof GazetteerEntrySchema>;

export const GazetteerFileSchema = z.object({
  description: z.string().optional(),
  entries: z.array(GazetteerEntrySchema),
});

export const CountryRecordSchema = z.object({
  id: z.string().regex(/^[A-Z]{3}$/),
  iso2: z.string(),
  name: z.string(),
  officialName: z.string(),
  aliases: z.array(z.string()),
  demonyms: z.array(z.string()),
  capital: z.string().nullable(),
  borders: z.array(z.string()),
  latlng: z.tuple([z.number(), z.number()]).nullable(),
  region: z.string(),
  subregion: z.string(),
  wikidata: z.string().nullable(),
});
export type CountryRecord = z.infer<typeof CountryRecordSchema>;

export interface ReferenceData {
  countries: CountryRecord[];
  gazetteer: GazetteerEntry[];
}
