/**
 * The headers every answer carries, whoever writes it: a route, the error or 404 handler, Fastify's
 * own answers (a bad URL, 503 while closing) and the socket-level answers for requests Node's parser
 * refused. They are one list here so that no answer can miss one (the share routes used to set them
 * in their own plugin, and every other answer went without).
 *
 * - nosniff: a browser renders a body only as the type we declared (no JSON or text read as HTML);
 * - no-referrer: a link's URL is its secret and never leaks to another site.
 *
 * Errors also get ERROR_CSP: their bodies are ours, plain JSON or text, so nothing may load in or
 * frame them. Routes set their own CSP (the share page's nonce, the sandbox for served files, none
 * for PDFs, which the browser's viewer needs).
 */
import type { ServerResponse } from 'node:http';

export const SAFETY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export const ERROR_CSP = "default-src 'none'; frame-ancestors 'none'";

/** SAFETY_HEADERS plus ERROR_CSP: for an error the server writes itself. */
export const ERROR_HEADERS: Readonly<Record<string, string>> = {
  ...SAFETY_HEADERS,
  'content-security-policy': ERROR_CSP,
};

/** Sets them on a response before anyone else writes it; a later writeHead merges its own in. */
export function setSafetyHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SAFETY_HEADERS)) res.setHeader(name, value);
}
