/**
 * Sends a dashboard page: the share pages' CSP and nonce (share/respond.ts), never cached, and
 * `Referrer-Policy: same-origin` instead of the server's `no-referrer`. Under no-referrer Chromium sends
 * `Origin: null` with a form POST, so the same-origin Origin check (auth/session-csrf.ts) could never pass,
 * and the sign-in form, which has no CSRF token yet, could not tell its own page from another site's.
 * same-origin still gives other sites nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../share/respond.ts';

export function sendDashboardPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  render: (nonce: string) => string,
): FastifyReply {
  reply.header('referrer-policy', 'same-origin');
  return sendPage(request, reply, status, render, 'no-store');
}
