// The API's one error envelope `{ "error": { "code", "message", … } }` for everything the server
// can answer: Dossier errors keep their code and status; validation, body-parser, media-type,
// multipart and router errors get their own codes; framework errors raised before routing (bad
// URL encoding, over-long path parameters) and errors of Node's HTTP parser (headers over the
// limit, malformed requests) are written in the same envelope with the security headers; anything
// else becomes INTERNAL without leaking internals.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DossierError, isDossierError, type ErrorCode } from '../model/index.js';
import { nonHtmlSecurityHeaders } from './security-headers.js';

/** The content types the API parses (what a 415 answer says it expected). */
export const acceptedContentTypes = 'application/json, or multipart/form-data with a boundary for POST /api/documents';

const codeOfStatus: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'UNSUPPORTED_MEDIA_TYPE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Errors of the multipart parser (busboy: "Multipart: Boundary not found", "Unexpected end of
 * multipart data", "Malformed part header"…) are plain Errors without a status: they mean the
 * client sent a malformed upload, not that the server failed.
 */
function isMalformedMultipart(error: FastifyError, request: FastifyRequest): boolean {
  if (error.statusCode !== undefined || error.code !== undefined) return false;
  const multipart = /^multipart\//i.test(String(request.headers['content-type'] ?? '').trim());
  if (!multipart) return false;
  return (
    /[\\/]busboy[\\/]|[\\/]dicer[\\/]/i.test(error.stack ?? '') || /multipart|boundary|part header/i.test(error.message)
  );
}

/** What a thrown error means for the client, as a DossierError. */
export function toDossierError(error: FastifyError, request: FastifyRequest): DossierError {
  if (isDossierError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map(
      (issue) => `${error.validationContext ?? 'request'}${issue.instancePath.replaceAll('/', '.')}: ${issue.message}`,
    );
    return new DossierError('BAD_REQUEST', issues.join('; '));
  }
  if (error.validation) return new DossierError('BAD_REQUEST', error.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DossierError('PAYLOAD_TOO_LARGE', 'request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DossierError(
        'UNSUPPORTED_MEDIA_TYPE',
        `unsupported content type ${JSON.stringify(String(request.headers['content-type'] ?? '')).slice(0, 120)}`,
        {
          expected: acceptedContentTypes,
        },
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DossierError('BAD_REQUEST', 'the body is not valid JSON', { expected: 'a JSON document' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DossierError('BAD_REQUEST', 'the body is empty but the content type is application/json', {
        expected: 'a JSON document, or no content-type header',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DossierError('BAD_REQUEST', 'the content-length header does not match the body');
    case 'FST_ERR_BAD_URL':
      return new DossierError('BAD_REQUEST', 'the URL is not validly percent-encoded', {
        expected: 'UTF-8 percent-encoding (%xx)',
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new DossierError('URI_TOO_LONG', 'a path parameter is too long');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DossierError('UNSUPPORTED_MEDIA_TYPE', 'the request is not multipart/form-data', {
        expected: 'multipart/form-data with a boundary',
      });
    default:
      break;
  }
  if (isMalformedMultipart(error, request)) {
    return new DossierError('BAD_REQUEST', `malformed multipart upload: ${error.message}`, {
      expected: 'multipart/form-data with a boundary and one complete file part',
    });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 0;
  if (status >= 400 && status < 500) {
    const code = codeOfStatus[status] ?? 'BAD_REQUEST';
    return new DossierError(code, error.message || STATUS_CODES[status] || 'bad request');
  }
  if (status === 503) return new DossierError('SERVICE_UNAVAILABLE', 'the service is unavailable; try again later');
  return new DossierError('INTERNAL', 'internal error');
}

const sendEnvelope = (reply: FastifyReply, failure: DossierError): FastifyReply =>
  reply.status(failure.status).type('application/json; charset=utf-8').send(failure.toEnvelope());

export function registerErrorEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = toDossierError(error, request);
    if (failure.status >= 500)
      request.log.error({ err: error }, isDossierError(error) ? 'server error' : 'unhandled error');
    if (failure.code === 'RATE_LIMITED' && !reply.hasHeader('retry-after')) void reply.header('retry-after', '60');
    void sendEnvelope(reply, failure);
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (bad URL encoding, a path
 * parameter over maxParamLength). No route hook runs for these replies, so the security headers
 * and the request id are set here.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const failure = toDossierError(error, request);
  if (failure.status >= 500) request.log.error({ err: error }, 'framework error');
  else request.log.info({ code: failure.code, reqId: request.id }, 'framework error');
  void reply.headers({ ...nonHtmlSecurityHeaders, 'x-request-id': request.id });
  void sendEnvelope(reply, failure);
}

/**
 * Fastify's `clientErrorHandler` option: Node's HTTP parser refused the request before Fastify saw
 * it (headers over --max-http-header-size → 431, malformed request line or headers → 400, a client
 * too slow to send its headers → 408). The answer is written on the socket in the envelope.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let failure: DossierError;
  let status: number;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    failure = new DossierError('HEADERS_TOO_LARGE', 'the request headers are too large', {
      expected: 'at most 16 KB of headers',
    });
    status = failure.status;
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    failure = new DossierError('BAD_REQUEST', 'the request took too long to arrive');
    status = 408;
  } else {
    failure = new DossierError('BAD_REQUEST', 'malformed HTTP request');
    status = failure.status;
  }
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(failure.toEnvelope());
    const headers = {
      ...nonHtmlSecurityHeaders,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    // The answer to a HEAD request has no body (the client would read one as the next answer).
    const isHead = Buffer.isBuffer(error.rawPacket) && /^HEAD /i.test(error.rawPacket.toString('latin1', 0, 5));
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n${head}\r\n\r\n${isHead ? '' : body}`);
  }
  socket.destroy(error);
}

/** The envelope for a request that matched no route. */
export const notFoundEnvelope = (method: string, url: string) => notFoundError(method, url).toEnvelope();

const notFoundError = (method: string, url: string) =>
  new DossierError('NOT_FOUND', `no route ${method.slice(0, 20)} ${url.split('?')[0]!.slice(0, 300)}`);

/**
 * Answers a request that matched no route: 405 with an Allow header when the path exists for
 * other methods, 204 with Allow for OPTIONS on such a path, else 404.
 */
export function answerUnrouted(
  request: FastifyRequest,
  reply: FastifyReply,
  allowedMethods: (path: string) => string[],
): FastifyReply {
  const pathname = request.url.split('?')[0]!;
  const allowed = allowedMethods(pathname);
  if (allowed.length > 0) {
    const allow = [...allowed, 'OPTIONS'].join(', ');
    if (request.method === 'OPTIONS') return reply.status(204).header('allow', allow).send();
    return sendEnvelope(
      reply.header('allow', allow),
      new DossierError(
        'METHOD_NOT_ALLOWED',
        `${request.method.slice(0, 20)} is not allowed on ${pathname.slice(0, 300)}`,
        { expected: allow },
      ),
    );
  }
  return sendEnvelope(reply, notFoundError(request.method, request.url));
}
