/**
 * The answer while the database is unreachable (server/db/unavailable.ts says when): 503 with Retry-After, at once,
 * instead of a 500 or a request hanging on a dead connection. The API gets `{"error":"unavailable"}`; a share link a
 * page for browsers and one line of text for everything else, as its other status answers (private: no cache stores it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../common/broker-api.ts';
import { sendStatus } from '../share/respond.ts';
import type { StatusPage } from '../share/page/status-page.ts';
import { ERROR_CSP } from './safety-headers.ts';

export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE: StatusPage = {
  status: 503,
  icon: '⏳',
  title: 'Temporarily unavailable',
  message: 'The server cannot reach its database right now. Try again in a few seconds.',
};

const API_BODY: ApiError = {
  error: 'unavailable',
  message: 'the server cannot reach its database right now; try again in a few seconds',
};

export function sendUnavailable(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  if (!/^\/(v1|internal)(\/|$|\?)/.test(request.url)) return sendStatus(request, reply, UNAVAILABLE);
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .header('content-security-policy', ERROR_CSP)
    .send(API_BODY);
}
