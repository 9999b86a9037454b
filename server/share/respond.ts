/** Page and plain-text answers of the gateway: HTML for browsers, text for everything else. */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CSP } from '../http/safety-headers.ts';
import { pageCsp } from './page/layout.ts';
import { type StatusPage, statusPage } from './page/status-page.ts';

export function wantsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}

/** Sends our own markup with a fresh nonce and the page CSP; `render` gets the nonce. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  render: (nonce: string) => string,
  // a browser may keep a page but asks again each time; no shared cache (Varnish, a CDN) stores it
  cacheControl = 'private, no-cache',
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  reply
    .code(status)
    .header('content-security-policy', pageCsp(nonce))
    .header('cache-control', cacheControl)
    .header('x-frame-options', 'DENY')
    .type('text/html; charset=utf-8');
  return request.method === 'HEAD' ? reply.send() : reply.send(render(nonce));
}

/** 404/410/… as a clean page for browsers, one line of text for scripts (which nothing may load or frame). */
export function sendStatus(request: FastifyRequest, reply: FastifyReply, s: StatusPage): FastifyReply {
  if (wantsHtml(request)) return sendPage(request, reply, s.status, (nonce) => statusPage(s, nonce));
  reply
    .code(s.status)
    .header('cache-control', 'private, no-cache')
    .header('content-security-policy', ERROR_CSP)
    .type('text/plain; charset=utf-8');
  return reply.send(request.method === 'HEAD' ? undefined : `${s.title}.\n`);
}

/** 416 for a Range that selects no byte of a file of `size` bytes, with the Content-Range RFC 9110 asks for. */
export function sendRangeNotSatisfiable(reply: FastifyReply, size: number): void {
  reply.header('content-range', `bytes */${size}`).code(416).type('text/plain');
  reply.send('Range not satisfiable.\n');
}
