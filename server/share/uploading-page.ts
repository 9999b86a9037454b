/**
 * What an early link answers while its upload is still running: 202 with Retry-After and a tiny
 * self-refreshing page (our own markup, no user content but the escaped file name).
 */
import type { FastifyReply } from 'fastify';
import type { Reservation } from '../db/reservations.ts';

export const UPLOADING_RETRY_AFTER_SECONDS = 3;
/** A reservation that never completes stops answering "uploading…" after this long. */
export const RESERVATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function uploadingPage(reservation: Reservation): string {
  const name = escapeHtml(reservation.name);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${UPLOADING_RETRY_AFTER_SECONDS}">
<meta name="robots" content="noindex">
<title>Uploading ${name}…</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{display:grid;place-items:center;min-height:100vh;margin:0}
main{text-align:center;padding:2rem}
.bar{width:12rem;height:.35rem;border-radius:1rem;background:color-mix(in srgb,currentColor 15%,transparent);overflow:hidden;margin:1.5rem auto}
.bar::after{content:"";display:block;width:40%;height:100%;background:#3b82f6;animation:s 1.2s ease-in-out infinite}
@keyframes s{from{transform:translateX(-100%)}to{transform:translateX(250%)}}
@media (prefers-reduced-motion:reduce){.bar::after{animation:none;width:100%}}
</style></head>
<body><main><h1>${name}</h1><div class="bar" role="progressbar" aria-label="Uploading"></div>
<p>This file is still uploading. The page refreshes by itself.</p></main></body></html>
`;
}

export function sendUploading(reply: FastifyReply, reservation: Reservation, head: boolean): FastifyReply {
  reply
    .code(202)
    .header('retry-after', String(UPLOADING_RETRY_AFTER_SECONDS))
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    )
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8');
  return head ? reply.send() : reply.send(uploadingPage(reservation));
}
