/**
 * The dashboard's session cookie. Over HTTPS (the socket's, or X-Forwarded-Proto from the TRUST_PROXY_HOPS
 * proxies only: Fastify's request.protocol, configured in app.ts) it is `__Host-traydrop_session`, Secure,
 * Path=/ and no Domain, so no sibling host or plain-http page can set or read it. Over plain http (a development
 * machine) the same cookie without the prefix and Secure, which the browser would refuse there. Always
 * HttpOnly (no script reads it) and SameSite=Lax (no cross-site POST carries it).
 */
import type { FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../db/sessions.ts';
import { readCookie } from '../share/password.ts';

const PLAIN_NAME = 'traydrop_session';
const SECURE_NAME = '__Host-traydrop_session';

export const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

export const sessionCookieName = (request: FastifyRequest): string => (isHttps(request) ? SECURE_NAME : PLAIN_NAME);

/** The session secret the request's cookie holds (only the name that fits the request's scheme counts). */
export function readSessionSecret(request: FastifyRequest): string | undefined {
  const value = readCookie(request.headers.cookie, sessionCookieName(request));
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = isHttps(request) ? '; Secure' : '';
  return `${sessionCookieName(request)}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

/** Set-Cookie for a session (sent again on every page, so the browser's expiry slides with the server's). */
export const sessionCookie = (request: FastifyRequest, secret: string): string =>
  cookie(request, secret, Math.floor(SESSION_TTL_MS / 1000));

export const clearedSessionCookie = (request: FastifyRequest): string => cookie(request, '', 0);
