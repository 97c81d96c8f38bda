// Structured logs: Fastify's own logger (pino) writing JSON lines, one request id per request
// (an incoming X-Request-Id is kept only when it is short and safe, else a new UUID; echoed in
// the X-Request-Id response header), the level from DOSSIER_LOG_LEVEL, and secrets never written:
// request headers are logged as a short allow-list and credentials are redacted wherever they
// appear.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { parseSetting, settings, type LogLevel } from '../model/index.js';

export { logLevels, type LogLevel } from '../model/index.js';

export const requestIdHeader = 'x-request-id';
const safeRequestId = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The log level: DOSSIER_LOG_LEVEL when set, else `info` when the caller asks for logs
 * (`logger: true`, what `dossier serve` passes) and `silent` otherwise (tests, embedding).
 */
export function logLevelOf(
  option: { logger?: boolean; logLevel?: LogLevel },
  env: NodeJS.ProcessEnv = process.env,
): LogLevel {
  if (option.logLevel) return option.logLevel;
  const fromEnv = env[settings.logLevel.env];
  if (fromEnv?.trim()) return parseSetting('logLevel', fromEnv);
  return option.logger ? settings.logLevel.default : 'silent';
}

/** The request id: the client's X-Request-Id when it is 1-64 characters of [A-Za-z0-9._:-], else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[requestIdHeader];
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && safeRequestId.test(value) ? value : randomUUID();
}

/** Headers worth logging; everything else (cookies, authorization, tokens…) is left out. */
const loggedHeaders = [
  'user-agent',
  'content-type',
  'content-length',
  'accept',
  'x-forwarded-for',
  'x-forwarded-proto',
] as const;

/** Paths pino redacts in any log object: credentials wherever they might be attached. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  'body.password',
  'req.body.password',
  '*.password',
  '*.token',
  '*.passwordHash',
  '*.csrfToken',
];

interface SerializedRequest {
  method: string;
  url: string;
  remoteAddress?: string;
  headers: Record<string, string>;
  [key: string]: unknown;
}

/** The Fastify logger options for a level and (tests) a destination stream. */
export function loggerOptions(level: LogLevel, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (level === 'silent' && !stream) return false;
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req(request: FastifyRequest): SerializedRequest {
        const headers: Record<string, string> = {};
        for (const name of loggedHeaders) {
          const value = request.headers?.[name];
          if (value !== undefined) headers[name] = String(value).slice(0, 200);
        }
        // The query string may carry search words, never credentials; it is cut to keep lines short.
        return { method: request.method, url: String(request.url).slice(0, 500), remoteAddress: request.ip, headers };
      },
    },
  };
}
