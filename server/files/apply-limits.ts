/**
 * Max downloads and password of one link, set or removed: PUT /v1/files/:id/limits and the dashboard's link page
 * both come here. The caches are told at once (a new limit or password must not be served around).
 */
import type { FastifyBaseLogger } from 'fastify';
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { shortenExpiry } from '../db/link-expiry.ts';
import { setLimits, type StoredUpload } from '../db/uploads.ts';
import { hashPassword } from '../share/password.ts';

export interface LimitChange {
  /** null removes the limit; undefined leaves it. */
  maxDownloads?: number | null;
  /** null removes the password; undefined leaves it. */
  password?: string | null;
  /** Only ever earlier (PUT /limits' `expiresAt`). */
  expiresAt?: string;
}

export async function applyLimits(
  ctx: AppContext,
  upload: StoredUpload,
  change: LimitChange,
  log: FastifyBaseLogger,
): Promise<void> {
  const { maxDownloads, password, expiresAt } = change;
  const passwordHash = password === undefined ? undefined : password === null ? null : await hashPassword(password);
  await setLimits(ctx.db, upload.shareId, { maxDownloads, passwordHash });
  if (expiresAt !== undefined) await shortenExpiry(ctx.db, upload.shareId, new Date(expiresAt));
  await purgeLink(ctx, upload.shareId, log); // a limit, a password or an earlier expiry: out of every cache
}
