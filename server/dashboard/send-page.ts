/**
 * Sends a dashboard page: the share pages' CSP (share/page/layout.ts: no script, styles only from the nonce'd
 * block, images from this origin), plus `script-src 'self'` on a page that loads /dashboard/copy.js; never
 * cached (the passkey pages' script may also fetch from this origin: `connect-src 'self'`); and `Referrer-Policy: same-origin` instead of the server's `no-referrer`. Under no-referrer Chromium
 * sends `Origin: null` with a form POST, so the same-origin Origin check (auth/session-csrf.ts) could never
 * pass, and the sign-in form, which has no CSRF token yet, could not tell its own page from another site's.
 * same-origin still gives other sites nothing.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageCsp } from '../share/page/layout.ts';

export function sendDashboardPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  render: (nonce: string) => string,
  options: { script?: boolean; fetch?: boolean } = {},
): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const csp =
    pageCsp(nonce) + (options.script ? "; script-src 'self'" : '') + (options.fetch ? "; connect-src 'self'" : '');
  reply
    .code(status)
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8');
  return request.method === 'HEAD' ? reply.send() : reply.send(render(nonce));
}
