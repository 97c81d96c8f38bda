// GET /api/export (the formats), GET /api/export/{format}?actor=&version=&status= (one export,
// streamed as a download with Content-Disposition) and GET /api/export/json/schema (the JSON
// Schema of the `json` export). An unknown format or actor is answered with the error envelope
// before any byte of the export is sent.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exporters, exportFileName, jsonExportSchema, startExport, type Dossier } from '../../core/index.js';
import { ErrorEnvelopeSchema, ExportFormatListSchema, ExportStatusSchema } from '../../model/index.js';

export const exportRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/export',
      {
        schema: {
          tags: ['export'],
          summary: 'The export formats: name, media type, file extension, and whether ?actor= narrows it',
          response: { 200: ExportFormatListSchema },
        },
      },
      async () => ({
        formats: exporters.map(({ name, description, mediaType, extension, scoped }) => ({
          name,
          description,
          mediaType,
          extension,
          scoped,
        })),
      }),
    );

    app.get(
      '/api/export/json/schema',
      {
        schema: {
          tags: ['export'],
          summary: 'The JSON Schema (draft 2020-12) of the json export',
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async (_request, reply) => reply.type('application/schema+json; charset=utf-8').send(jsonExportSchema()),
    );

    app.get(
      '/api/export/:format',
      {
        schema: {
          tags: ['export'],
          summary: `One export, streamed as a file: ${exporters.map((e) => e.name).join(', ')}`,
          params: z.object({ format: z.string().min(1).max(40) }),
          querystring: z.object({
            actor: z.string().min(1).max(200).optional(),
            version: z.coerce.number().int().positive().optional(),
            status: ExportStatusSchema.default('accepted'),
          }),
          response: {
            200: z.unknown().describe('the export file'),
            400: ErrorEnvelopeSchema,
            404: ErrorEnvelopeSchema,
          },
        },
      },
      async (request, reply) => {
        const { exporter, filter, stream } = await startExport(dossier, request.params.format, request.query);
        const body = Readable.from(
          (async function* () {
            for await (const chunk of stream)
              yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
          })(),
        );
        return reply
          .type(exporter.mediaType)
          .header('content-disposition', `attachment; filename="${exportFileName(exporter, filter)}"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  };
