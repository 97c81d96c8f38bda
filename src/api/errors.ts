// The API's one error envelope `{ "error": { "code", "message" } }` for every failure:
// Dossier errors keep their code and status, validation errors become BAD_REQUEST,
// anything else INTERNAL without leaking internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DossierError, isDossierError } from '../model/index.js';

export function registerErrorEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let failure: DossierError;
    if (isDossierError(error)) {
      failure = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => `${error.validationContext ?? 'request'}${issue.instancePath.replaceAll('/', '.')}: ${issue.message}`);
      failure = new DossierError('BAD_REQUEST', issues.join('; '));
    } else if (error.validation) {
      failure = new DossierError('BAD_REQUEST', error.message);
    } else if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      failure = new DossierError('PAYLOAD_TOO_LARGE', 'request body is too large');
    } else if (error.statusCode === 429) {
      failure = new DossierError('RATE_LIMITED', error.message || 'too many requests');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      failure = new DossierError('BAD_REQUEST', error.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      failure = new DossierError('INTERNAL', 'internal error');
    }
    if (failure.status >= 500 && isDossierError(error)) request.log.error({ err: error }, 'server error');
    void reply.status(failure.status).type('application/json; charset=utf-8').send(failure.toEnvelope());
  });
}

/** The envelope for a request that matched no route. */
export const notFoundEnvelope = (method: string, url: string) =>
  new DossierError('NOT_FOUND', `no route ${method} ${url.split('?')[0]}`).toEnvelope();
