// Sends a cached JSON answer with its ETag, answering 304 when the client already has it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedJson } from '../core/index.js';

export function sendCachedJson(request: FastifyRequest, reply: FastifyReply, cached: CachedJson): FastifyReply {
  void reply.header('etag', cached.etag).header('cache-control', 'no-cache');
  const presented = request.headers['if-none-match'];
  if (presented && presented.split(',').some((tag) => tag.trim().replace(/^W\//, '') === cached.etag)) {
    return reply.status(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(cached.body);
}
