/**
 * Expired-row cleanup: password-attempt windows that have passed, expired dashboard sessions, day-old sign-in links,
 * invites and WebAuthn challenges, and transfer holds too old to count (an instance died while sending) are deleted
 * every few minutes. Several
 * instances may share the database; the job lock lets one of them do it each time.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.ts';
import { withJobLock } from '../db/job-lock.ts';
import { sweepInvites } from '../db/invites.ts';
import { sweepSessions } from '../db/sessions.ts';
import { sweepSignInLinks } from '../db/sign-in-links.ts';
import { sweepStaleHolds } from '../db/transfer.ts';
import { sweepChallenges } from '../db/webauthn-challenges.ts';

export const SWEEP_INTERVAL_MS = 5 * 60_000;

/** One sweep, if no other instance is sweeping; the rows deleted, or null when it skipped. */
export async function sweepExpiredRows(
  ctx: Pick<AppContext, 'db' | 'passwordAttempts' | 'now'>,
): Promise<number | null> {
  const outcome = await withJobLock(ctx.db, 'expired-rows', async () => {
    const now = ctx.now();
    const attempts = await ctx.passwordAttempts.sweep(now.getTime());
    const links = (await sweepSessions(ctx.db, now)) + (await sweepSignInLinks(ctx.db, now));
    const signIn = (await sweepInvites(ctx.db, now)) + (await sweepChallenges(ctx.db, now));
    return attempts + links + signIn + (await sweepStaleHolds(ctx.db, now));
  });
  return outcome.ran ? outcome.value : null;
}

export function startSweeper(ctx: AppContext, log: FastifyBaseLogger, intervalMs = SWEEP_INTERVAL_MS): NodeJS.Timeout {
  const timer = setInterval(() => {
    sweepExpiredRows(ctx).catch((error: unknown) => log.error({ err: error }, 'expired-row sweep failed'));
  }, intervalMs);
  timer.unref();
  return timer;
}
