// Security headers and the app shell. Helmet sets the static headers (nosniff, Referrer-Policy,
// HSTS, COOP…); the Content-Security-Policy is chosen per response: HTML gets a policy with a
// fresh script nonce that is also written into the shell's <script> tags, every other answer
// (JSON, assets) a fixed policy that allows nothing to run. Both forbid framing.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';

declare module 'fastify' {
  interface FastifyRequest {
    /** The script nonce of this request's HTML answer ('' until an HTML page is sent). */
    cspNonce: string;
  }
}

const htmlPolicy = (nonce: string): string =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/** For JSON, assets and errors: nothing may run or be framed. */
export const nonHtmlPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Every header a JSON answer carries (Helmet's, as configured below, and the CSP): for answers
 * written without Fastify's hooks (framework errors before routing, Node's HTTP parser errors).
 * A test compares them with the headers of a routed answer.
 */
export const nonHtmlSecurityHeaders: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'content-security-policy': nonHtmlPolicy,
};

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.decorateRequest('cspNonce', '');
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      if (!request.cspNonce) request.cspNonce = randomBytes(16).toString('base64');
      void reply.header('content-security-policy', htmlPolicy(request.cspNonce));
    } else {
      void reply.header('content-security-policy', nonHtmlPolicy);
    }
    return payload;
  });
}

/** Serves the built index.html with this request's nonce on every <script> tag. */
export function appShellSender(webRoot: string): (request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const shell = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  return (request, reply) => {
    request.cspNonce = randomBytes(16).toString('base64');
    const html = shell.replace(/<script\b/gi, `<script nonce="${request.cspNonce}"`);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
}
