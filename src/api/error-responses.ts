// The error answers a route declares: each listed status answers the one error envelope
// (errors.ts), so OpenAPI documents them and the response-schema tests check them.
import { ErrorEnvelopeSchema } from '../model/index.js';

export const errorResponses = <S extends number>(...statuses: S[]): Record<S, typeof ErrorEnvelopeSchema> =>
  Object.fromEntries(statuses.map((status) => [status, ErrorEnvelopeSchema])) as Record<S, typeof ErrorEnvelopeSchema>;
