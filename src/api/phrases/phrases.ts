// GET /api/phrases: the table of English verb forms and event headlines (src/model/phrases.ts), so
// that the web UI writes relation labels and event headlines from the same table as the exports.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PhraseTableSchema, phraseTable } from '../../model/phrases.js';

export const phraseRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/api/phrases',
    {
      schema: {
        tags: ['system'],
        summary:
          'The English phrase table: each relation predicate in every tense, affirmed and negated, event ' +
          'headline templates and time words',
        response: { 200: PhraseTableSchema },
      },
    },
    async () => phraseTable,
  );
};
