/**
 * One-time invites, made the same way by `traydrop-server user invite` and by the admin page (and
 * POST /v1/admin/invites): the lifetime read from `7d` or `12h` (one hour to 90 days), the invite stored (only the
 * secret's hash), and its link on the main share host, where the dashboard lives.
 */
import type { AdminInviteResponse } from '../../common/admin-api.ts';
import { createInvite } from '../db/invites.ts';
import type { Queryable } from '../db/open-database.ts';

export const DEFAULT_INVITE_EXPIRY = '7d';

/**
 * `7d`, `12h`: an invite's lifetime in ms, from one hour to 90 days; for anything else an Error whose message
 * completes "<what> …" (`--expires must be hours or days …`).
 */
export function inviteTtl(text: string): number {
  const match = /^(\d{1,4})([hd])$/.exec(text);
  const ms = match ? Number(match[1]) * (match[2] === 'd' ? 86_400_000 : 3_600_000) : NaN;
  if (!(ms >= 3_600_000 && ms <= 90 * 86_400_000))
    throw new Error(`must be hours or days from 1h to 90d (e.g. 7d or 12h), not ${text}`);
  return ms;
}

export async function issueInvite(
  db: Queryable,
  invite: { admin: boolean; ttlMs: number; now: Date; shareBaseUrl: string },
): Promise<AdminInviteResponse> {
  const role = invite.admin ? 'admin' : 'user';
  const expiresAt = new Date(invite.now.getTime() + invite.ttlMs);
  const secret = await createInvite(db, { role, now: invite.now, expiresAt });
  return { url: `${invite.shareBaseUrl}/dashboard/invite/${secret}`, role, expiresAt: expiresAt.toISOString() };
}
