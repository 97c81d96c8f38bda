// Editors add profiles: POST /api/documents (multipart upload of a .txt, .md, .html, .docx or .pdf file),
// POST /api/documents/paste (JSON {name, format, content}) and POST /api/documents/url (JSON {url}:
// fetched with a timeout, size cap, content-type check, at most 5 redirects and no private
// targets unless the server allows them). All run ingest and extraction; a document over the
// size limit is answered 413 in the error envelope.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DossierError,
  ErrorEnvelopeSchema,
  IngestOutcomeSchema,
  SourceFormatSchema,
  type SourceFormat,
} from '../../model/index.js';
import { fetchDocument, type Dossier } from '../../core/index.js';
import { actingUser } from '../access-policy.js';
import { errorResponses } from '../error-responses.js';

/** A pasted document: its file name (no control characters: they would reach the store), format and text. */
const PasteBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), {
      message: 'a file name without control characters (such as U+0000)',
    }),
  format: SourceFormatSchema.optional(),
  content: z.string().min(1),
});

export interface DocumentRouteOptions {
  maxBytes: number;
  /** Whether POST /api/documents/url may fetch from private, loopback and link-local addresses. */
  allowPrivateUrls?: boolean;
}

const errors = errorResponses(400, 401, 403, 413, 415, 422);

const tooLarge = (bytes: number, limit: number, file: string) =>
  new DossierError('PAYLOAD_TOO_LARGE', `the document is ${bytes} bytes; the limit is ${limit}`, {
    file,
    expected: `at most ${limit} bytes`,
  });

/**
 * The one file of a multipart upload and its optional "format" field. Every part is read: a second file is refused,
 * not silently dropped.
 */
async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ filename: string; bytes: Buffer; format: SourceFormat | undefined }> {
  let upload: { filename: string; bytes: Buffer } | undefined;
  let formatValue: string | undefined;
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 2 } })) {
    if (part.type === 'file') {
      if (upload) {
        part.file.resume();
        throw new DossierError('BAD_REQUEST', 'the upload holds more than one file', {
          expected: 'a form with one file field',
        });
      }
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw tooLarge(bytes.byteLength, maxBytes, part.filename);
      upload = { filename: part.filename, bytes };
    } else if (part.fieldname === 'format') {
      formatValue = String(part.value);
    }
  }
  if (!upload)
    throw new DossierError('BAD_REQUEST', 'the upload holds no file', { expected: 'a form with one file field' });
  const format =
    formatValue === undefined || formatValue === '' ? undefined : SourceFormatSchema.safeParse(formatValue);
  if (format && !format.success)
    throw new DossierError('BAD_REQUEST', `unknown format "${formatValue}"`, {
      expected: SourceFormatSchema.options.join(', '),
    });
  return { ...upload, format: format?.data };
}

export const documentRoutes =
  (dossier: Dossier, options: DocumentRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/documents',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['documents'],
          summary:
            'Upload a profile (multipart/form-data, one file field: .txt, .md, .html, .docx or .pdf; optional ' +
            'field "format": text, markdown, html, docx or pdf)',
          consumes: ['multipart/form-data'],
          response: { 201: IngestOutcomeSchema, 200: IngestOutcomeSchema, ...errors },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart())
          throw new DossierError('BAD_REQUEST', 'expected a multipart/form-data upload', {
            expected: 'a form with one file field',
          });
        const { filename, bytes, format } = await readUpload(request, options.maxBytes);
        const outcome = await dossier.ingestBytes(bytes, filename || 'upload.txt', format, actingUser(request).name);
        return reply.status(outcome.status === 'unchanged' ? 200 : 201).send(outcome);
      },
    );

    app.post(
      '/api/documents/paste',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['documents'],
          summary: 'Paste a profile as text, Markdown or HTML',
          body: PasteBodySchema,
          response: { 201: IngestOutcomeSchema, 200: IngestOutcomeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const bytes = Buffer.from(request.body.content, 'utf8');
        if (bytes.byteLength > options.maxBytes) throw tooLarge(bytes.byteLength, options.maxBytes, request.body.name);
        const outcome = await dossier.ingestBytes(
          bytes,
          request.body.name,
          request.body.format,
          actingUser(request).name,
        );
        return reply.status(outcome.status === 'unchanged' ? 200 : 201).send(outcome);
      },
    );

    app.post(
      '/api/documents/url',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['documents'],
          summary:
            'Fetch a document from an http(s) URL and ingest it (HTML, text, Markdown, DOCX or PDF by its media type)',
          body: z.object({ url: z.string().trim().min(1).max(2000) }),
          response: { 201: IngestOutcomeSchema, 200: IngestOutcomeSchema, ...errors, 503: ErrorEnvelopeSchema },
        },
      },
      async (request, reply) => {
        const fetched = await fetchDocument(request.body.url, {
          allowPrivate: options.allowPrivateUrls ?? false,
          maxBytes: options.maxBytes,
        });
        const outcome = await dossier.ingestBytes(
          fetched.bytes,
          fetched.name,
          fetched.format,
          actingUser(request).name,
        );
        return reply.status(outcome.status === 'unchanged' ? 200 : 201).send(outcome);
      },
    );
  };
