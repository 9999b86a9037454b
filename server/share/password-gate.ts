/**
 * Password-protected links: the form, the POST that checks it, the cookie that opens the link. A right
 * password given for a hash made with older scrypt parameters rehashes it with today's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { replacePasswordHash } from '../db/link-password.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { passwordPage, statusPage, tooManyAttempts } from './page/status-page.ts';
import {
  ACCESS_TTL_MS,
  accessCookieName,
  accessToken,
  checkAccessToken,
  hashPassword,
  needsRehash,
  readCookie,
  verifyPassword,
} from './password.ts';
import { sendPage } from './respond.ts';
import { canonicalPath } from './show-file.ts';
import { clientKey } from '../net/client-key.ts';

export function hasAccess(ctx: AppContext, request: FastifyRequest, upload: StoredUpload): boolean {
  if (!upload.passwordHash) return true;
  const token = readCookie(request.headers.cookie, accessCookieName(upload.shareId));
  return checkAccessToken(ctx.passwordSecret, upload.shareId, upload.passwordHash, token, ctx.now());
}

export function sendPasswordForm(request: FastifyRequest, reply: FastifyReply, upload: StoredUpload, wrong = false) {
  return sendPage(
    request,
    reply,
    401,
    (nonce) => passwordPage(upload.name, canonicalPath(upload), wrong, nonce),
    'private, no-store',
  );
}

/** POST of the form: the right password sets the cookie and redirects back to the page (303). */
export async function submitPassword(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  baseUrl: string,
): Promise<FastifyReply> {
  const body = request.body as Record<string, unknown> | undefined;
  const password = typeof body?.password === 'string' ? body.password : '';
  if (!upload.passwordHash) return reply.code(303).header('location', canonicalPath(upload)).send();
  const attempts = ctx.passwordAttempts;
  const client = clientKey(request.ip); // an IPv6 /64 is one client
  const wait = await attempts.begin(upload.shareId, client, ctx.now().getTime()); // counted before the slow check
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    const page = tooManyAttempts(wait);
    return sendPage(request, reply, page.status, (nonce) => statusPage(page, nonce), 'private, no-store');
  }
  if (!password || password.length > 1024 || !(await verifyPassword(password, upload.passwordHash)))
    return sendPasswordForm(request, reply, upload, true);
  await attempts.succeeded(upload.shareId, client);
  const hash = await upgradedHash(ctx, request, upload.shareId, upload.passwordHash, password);
  const token = accessToken(ctx.passwordSecret, upload.shareId, hash, ctx.now());
  const secure = baseUrl.startsWith('https:') ? '; Secure' : '';
  const cookie = `${accessCookieName(upload.shareId)}=${token}; Path=/${upload.shareId}; Max-Age=${ACCESS_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`;
  return reply
    .code(303)
    .header('set-cookie', cookie)
    .header('cache-control', 'no-store')
    .header('location', canonicalPath(upload))
    .send();
}

/** The hash the cookie is bound to: today's parameters, now that the password is known to be right. */
async function upgradedHash(
  ctx: AppContext,
  request: FastifyRequest,
  shareId: string,
  stored: string,
  password: string,
): Promise<string> {
  if (!needsRehash(stored)) return stored;
  try {
    const fresh = await hashPassword(password);
    return (await replacePasswordHash(ctx.db, shareId, stored, fresh)) ? fresh : stored;
  } catch (error) {
    request.log.warn({ err: error, shareId }, 'link password not rehashed');
    return stored;
  }
}
