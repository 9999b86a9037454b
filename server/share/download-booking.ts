/**
 * Counting the bytes a link hands out. On a link with max downloads, every GET that returns bytes books
 * one download, atomically against the limit, whoever asks (a User-Agent plays no part) and however
 * (whole, any Range, suffix, several ranges). The visitor who booked gets a signed pass in a cookie
 * scoped to the link, valid for an hour and never extended, so resuming that download (a Range from
 * where it stopped) books nothing more; anybody else books, or is refused. Bots are only a label for
 * the statistics. Links without a limit book nothing: a GET from byte 0 by a person is a download there.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { type StoredUpload, tryCountDownload } from '../db/uploads.ts';
import { readCookie } from './password.ts';
import { startsAtZero } from './range.ts';

export const RESUME_TTL_MS = 3600 * 1000;

export const resumeCookieName = (shareId: string): string => `tdr_${shareId}`;

function sign(secret: Buffer, shareId: string, exp: number): string {
  return createHmac('sha256', secret).update(`resume\n${shareId}\n${exp}`).digest('base64url');
}

export function resumeToken(secret: Buffer, shareId: string, now: Date): string {
  const exp = now.getTime() + RESUME_TTL_MS;
  return `${exp}.${sign(secret, shareId, exp)}`;
}

export function checkResumeToken(secret: Buffer, shareId: string, token: string | undefined, now: Date): boolean {
  const [expText, mac] = (token ?? '').split('.');
  const exp = Number(expText);
  if (!mac || !Number.isSafeInteger(exp) || exp <= now.getTime()) return false;
  const want = Buffer.from(sign(secret, shareId, exp));
  const got = Buffer.from(mac);
  return got.length === want.length && timingSafeEqual(got, want);
}

export function resumeCookie(shareId: string, token: string, secure: boolean): string {
  const flags = `Path=/${shareId}; Max-Age=${RESUME_TTL_MS / 1000}; HttpOnly; SameSite=Lax`;
  return `${resumeCookieName(shareId)}=${token}; ${flags}${secure ? '; Secure' : ''}`;
}

/** True when this visitor booked a download of this limited link within the last hour. */
export function holdsBooking(ctx: AppContext, request: FastifyRequest, upload: StoredUpload): boolean {
  if (upload.maxDownloads === null) return false;
  const token = readCookie(request.headers.cookie, resumeCookieName(upload.shareId));
  return checkResumeToken(ctx.passwordSecret, upload.shareId, token, ctx.now());
}

export interface BookingRequest {
  /** The single byte range forwarded to S3, if any (server/share/range.ts). */
  range: string | undefined;
  /** The statistics label (server/share/bots.ts); it changes no booking. */
  bot: boolean;
  /** holdsBooking() for this request. */
  resuming: boolean;
  /** Whether the resume cookie gets `Secure` (the link is https). */
  secure: boolean;
}

/**
 * Called once S3 has answered a GET with bytes, before any is sent. False when a limited link has no
 * download left (send nothing); otherwise the booking is made and the resume cookie set on `reply`.
 */
export async function bookBytes(
  ctx: AppContext,
  reply: FastifyReply,
  upload: StoredUpload,
  r: BookingRequest,
): Promise<boolean> {
  const label = r.bot ? { botHits: 1 } : { downloads: 1 };
  if (upload.maxDownloads === null) {
    if (r.bot) ctx.stats.add(upload.shareId, ctx.now(), label);
    else if (startsAtZero(r.range)) {
      ctx.stats.countDownload(upload.shareId);
      ctx.stats.add(upload.shareId, ctx.now(), label);
    }
    return true;
  }
  if (r.resuming) return true;
  if (!(await tryCountDownload(ctx.db, upload.shareId))) return false;
  ctx.stats.add(upload.shareId, ctx.now(), label);
  const token = resumeToken(ctx.passwordSecret, upload.shareId, ctx.now());
  reply.header('set-cookie', resumeCookie(upload.shareId, token, r.secure));
  return true;
}
