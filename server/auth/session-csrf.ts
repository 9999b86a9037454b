/**
 * CSRF for requests that come with a session cookie (never for device tokens: a browser does not add an
 * Authorization header by itself). A state-changing request passes when its Origin is this server's own origin,
 * or when it carries the page's token (`_csrf` form field or `X-CSRF-Token` header). The token is an HMAC of a
 * fixed text keyed with the session's secret: another site cannot compute it without the HttpOnly cookie, and
 * it changes with every session; nothing is stored.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { requestAuthority } from '../http/request-target.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfTokenOf = (sessionSecret: string): string =>
  createHmac('sha256', sessionSecret).update('traydrop dashboard csrf').digest('base64url');

/** `<scheme>://<authority>` of the request as the browser addressed it. */
const ownOrigin = (request: FastifyRequest): string =>
  `${request.protocol}://${requestAuthority(request.raw)}`.toLowerCase();

/** Whether the request has an Origin header, and whether it is this server's origin. */
export function originOf(request: FastifyRequest): 'none' | 'own' | 'foreign' {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return 'none';
  return origin.toLowerCase() === ownOrigin(request) ? 'own' : 'foreign';
}

export function csrfAllows(request: FastifyRequest, sessionSecret: string, formToken?: string | null): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  if (originOf(request) === 'own') return true;
  const header = request.headers['x-csrf-token'];
  const given = formToken ?? (typeof header === 'string' ? header : undefined);
  if (!given) return false;
  const want = Buffer.from(csrfTokenOf(sessionSecret));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want);
}
