// GET /api/search/facets: search with filters by actor, theme, entity type and year, and the
// facet counts of each (every facet counted over the other filters), and the entity the query names.
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
} from '../../model/index.js';
import { collectionViewsFor, FacetedSearchSchema, type Dossier } from '../../core/index.js';
import { searchText } from './schema.js';

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
      async (request) => {
        const [result, entity] = await Promise.all([
          collectionViewsFor(dossier).search(request.query),
          request.query.q.trim() ? dossier.entityNamedBy(request.query.q) : null,
        ]);
        return entity ? { ...result, entity } : result;
      },
    );
  };
