// ProfileDocument: what ingest makes of a profile (extraction.md §1). All offsets are UTF-16
// code-unit offsets into `text`, end-exclusive, so `text.slice(start, end)` is the span.
import { z } from 'zod';
import { sourceFormats } from './vocabularies.js';

export const SpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type Span = z.infer<typeof SpanSchema>;

export { sourceFormats };
export const SourceFormatSchema = z.enum(sourceFormats);
export type SourceFormat = z.infer<typeof SourceFormatSchema>;

/**
 * What a user sees of each format: its name in menus, the file extensions it is recognised by and its media types.
 * The ingest readers, the path expander (`dossier ingest FOLDER`) and the upload form read this one table.
 */
export const sourceFormatInfo = {
  text: { label: 'Plain text', extensions: ['txt', 'text'], mediaTypes: ['text/plain'] },
  markdown: { label: 'Markdown', extensions: ['md', 'markdown'], mediaTypes: ['text/markdown'] },
  html: { label: 'HTML', extensions: ['html', 'htm'], mediaTypes: ['text/html'] },
  docx: {
    label: 'Word (.docx)',
    extensions: ['docx'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  },
  pdf: { label: 'PDF', extensions: ['pdf'], mediaTypes: ['application/pdf'] },
} as const satisfies Record<
  SourceFormat,
  { label: string; extensions: readonly string[]; mediaTypes: readonly string[] }
>;

export const ActorSchema = z
  .object({
    name: z.string().min(1),
    /** ISO 3166-1 alpha-3 when the actor is a state (or known from front matter), else null. */
    country: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullable(),
  })
  .meta({ id: 'Actor' });
export type Actor = z.infer<typeof ActorSchema>;

export const SectionSchema = z
  .object({
    heading: z.string(),
    /** The section runs from its heading to the end of its last paragraph. */
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    headingStart: z.number().int().nonnegative(),
    headingEnd: z.number().int().nonnegative(),
    kind: z.enum(['profile', 'interests', 'other']),
  })
  .meta({ id: 'Section' });
export type Section = z.infer<typeof SectionSchema>;

export const InterestSpanSchema = z.object({
  rank: z.number().int().positive(),
  title: z.string().min(1),
  /** From the rank marker to the end of the interest's last paragraph. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  titleStart: z.number().int().nonnegative(),
  titleEnd: z.number().int().nonnegative(),
});
export type InterestSpan = z.infer<typeof InterestSpanSchema>;

export const SentenceSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Index into `sections`. */
  section: z.number().int().nonnegative(),
  /** Rank of the interest whose narrative holds the sentence, or null in other sections. */
  interest: z.number().int().positive().nullable(),
});
export type Sentence = z.infer<typeof SentenceSchema>;

/**
 * A profile (the layout of extraction.md §1) or a source (any other readable document: an article, a brief, a page).
 */
export const documentKinds = ['profile', 'source'] as const;
export const DocumentKindSchema = z.enum(documentKinds);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

/** Where the words of a metadata value stand in the text (a source's byline, dateline, publisher line). */
export const MetadataSpansSchema = z.object({
  author: SpanSchema.optional(),
  published: SpanSchema.optional(),
  publisher: SpanSchema.optional(),
});
export type MetadataSpans = z.infer<typeof MetadataSpansSchema>;

export const DocumentMetadataSchema = z
  .object({
    asOf: z.string().nullable(),
    source: z.string().nullable(),
    author: z.string().nullable(),
    /** Publication date (EDTF): front matter `published`/`date`, or a source's dateline. */
    published: z.string().nullable(),
    /** Publisher: front matter `publisher`, or a source's "Source: …" line. */
    publisher: z.string().nullable(),
    /** Spans of author, published and publisher when the text states them (not front matter). */
    spans: MetadataSpansSchema,
    /** ISO alpha-3 of the focus country, default AFG. */
    focus: z.string().regex(/^[A-Z]{3}$/),
    /** Front matter keys Dossier does not interpret, kept as given. */
    extra: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'DocumentMetadata' });
export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;

export const DocumentSourceSchema = z.object({
  /** Path or name the document came from (for messages and provenance). */
  name: z.string(),
  format: SourceFormatSchema,
  /** Detected character encoding of the bytes, e.g. UTF-8, UTF-16LE, windows-1251. */
  encoding: z.string(),
  bytes: z.number().int().nonnegative(),
  /** sha256 of `text`: the identity used to make re-ingesting a no-op. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DocumentSource = z.infer<typeof DocumentSourceSchema>;

export const PageSpanSchema = z
  .object({
    /** The page number, 1-based. */
    number: z.number().int().positive(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .meta({ id: 'PageSpan' });
export type PageSpan = z.infer<typeof PageSpanSchema>;

export const ProfileDocumentSchema = z
  .object({
    /**
     * A profile, or a source (its `actor` is then the document itself: its title, country if the title is a country).
     */
    kind: DocumentKindSchema,
    text: z.string(),
    actor: ActorSchema,
    /** Span of the actor's title line (a source: its title) in `text`. */
    titleSpan: SpanSchema,
    sections: z.array(SectionSchema),
    interests: z.array(InterestSpanSchema),
    sentences: z.array(SentenceSchema),
    /**
     * PDF only (absent for other formats): the stretches of `text` on each page, in order, covering
     * the whole text without gaps. A sentence is cited with the page whose span holds its start.
     */
    pages: z.array(PageSpanSchema).optional(),
    metadata: DocumentMetadataSchema,
    source: DocumentSourceSchema,
  })
  .meta({ id: 'ProfileDocument' });
export type ProfileDocument = z.infer<typeof ProfileDocumentSchema>;
