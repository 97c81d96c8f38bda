// GET /api/search/facets: search with filters by actor, theme, entity type and year, and the
// facet counts of each (every facet counted over the other filters), and the entity the query names.
// The store reads the facets of the best matches only (capped: true when there were more); answers are
// cached per store revision with ETags.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DocumentKindSchema,
  ErrorEnvelopeSchema,
  MentionTypeSchema,
  NamedEntitySchema,
  ThemeSchema,
  searchPageLimit,
  searchPageOffset,
  FacetedSearchSchema,
} from '../../model/index.js';
import { collectionViewsFor, type Dossier } from '../../core/index.js';
import { searchText } from './schema.js';
import { sendCachedJson } from '../cached-json.js';

export const facetRoutes =
  (dossier: Dossier): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/search/facets',
      {
        schema: {
          tags: ['search'],
          summary: 'Faceted search: ranked hits filtered by actor, theme, entity type and year, with facet counts',
          querystring: z.object({
            q: searchText.default(''),
            actor: z.string().max(200).optional(),
            theme: ThemeSchema.optional(),
            type: MentionTypeSchema.optional(),
            year: z
              .string()
              .regex(/^\d{4}$/, 'expected a four-digit year')
              .optional(),
            kind: DocumentKindSchema.optional(),
            publisher: z.string().max(200).optional(),
            published: z
              .string()
              .regex(/^\d{4}$/, 'expected a four-digit year')
              .optional(),
            limit: searchPageLimit,
            offset: searchPageOffset,
          }),
          response: {
            200: FacetedSearchSchema.extend({ entity: NamedEntitySchema.optional() }),
            400: ErrorEnvelopeSchema,
          },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const key = [
          'facets',
          q.q,
          q.actor,
          q.theme,
          q.type,
          q.year,
          q.kind,
          q.publisher,
          q.published,
          q.limit,
          q.offset,
        ]
          .map((part) => part ?? '')
          .join('\0');
        const answer = async () => {
          const [result, entity] = await Promise.all([
            collectionViewsFor(dossier).search(q),
            q.q.trim() ? dossier.entityNamedBy(q.q) : null,
          ]);
          return entity ? { ...result, entity } : result;
        };
        return sendCachedJson(request, reply, await dossier.viewJson(key, answer));
      },
    );
  };
