// Sends a cached JSON answer with its ETag, answering 304 when the client already has it; a page of a
// list also gets a `Link: <…>; rel="next"` header (RFC 8288) naming the same URL with the next cursor.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedJson, CachedPage } from '../core/index.js';

export function sendCachedJson(request: FastifyRequest, reply: FastifyReply, cached: CachedJson): FastifyReply {
  void reply.header('etag', cached.etag).header('cache-control', 'no-cache');
  const presented = request.headers['if-none-match'];
  if (presented && presented.split(',').some((tag) => tag.trim().replace(/^W\//, '') === cached.etag)) {
    return reply.status(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(cached.body);
}

/** A cached page of a list: its `next` cursor also as a `Link` header to the following page. */
export function sendCachedPage(request: FastifyRequest, reply: FastifyReply, cached: CachedPage): FastifyReply {
  if (cached.next !== null) {
    const url = new URL(request.url, 'http://dossier.invalid');
    url.searchParams.set('cursor', cached.next);
    void reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return sendCachedJson(request, reply, cached);
}
