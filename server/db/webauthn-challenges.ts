/**
 * WebAuthn challenges: each registration or sign-in ceremony gets a random challenge the authenticator signs. It
 * is kept here (not in the page or a cookie) so that it works once, on whichever instance the answer reaches:
 * taking it is one DELETE … RETURNING, so a replayed answer finds it gone. Five minutes to answer.
 */
import type { Queryable } from './open-database.ts';

export const CHALLENGE_TTL_MS = 5 * 60_000;

export async function saveChallenge(db: Queryable, challenge: string, userId: string | null, now: Date): Promise<void> {
  await db
    .insertInto('webauthn_challenges')
    .values({ challenge, user_id: userId, created_at: now.toISOString() })
    .execute();
}

/** True once for a challenge handed out to `userId` (null: a sign-in) within the last five minutes. */
export async function takeChallenge(
  db: Queryable,
  challenge: string,
  userId: string | null,
  now: Date,
): Promise<boolean> {
  const oldest = new Date(now.getTime() - CHALLENGE_TTL_MS).toISOString();
  const row = await db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('created_at', '>', oldest)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
    .returning('challenge')
    .executeTakeFirst();
  return row !== undefined;
}

export async function sweepChallenges(db: Queryable, now: Date): Promise<number> {
  const oldest = new Date(now.getTime() - CHALLENGE_TTL_MS).toISOString();
  const result = await db.deleteFrom('webauthn_challenges').where('created_at', '<=', oldest).executeTakeFirst();
  return Number(result.numDeletedRows);
}
