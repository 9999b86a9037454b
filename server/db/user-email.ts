/**
 * Changes a user's e-mail address unless another user has it (users.email is unique; accounts are never merged on
 * an address). Checked first; a change racing another for the same address loses to the unique index and is
 * reported as taken, as the check would have.
 */
import type { Queryable } from './open-database.ts';

/** 'changed', or the name of the user who has the address already. */
export async function setEmailUnlessTaken(
  db: Queryable,
  name: string,
  email: string,
): Promise<{ changed: true } | { changed: false; holder: string }> {
  const holderOf = async () =>
    (
      await db
        .selectFrom('users')
        .select('name')
        .where('email', '=', email)
        .where('name', '!=', name)
        .executeTakeFirst()
    )?.name;
  const holder = await holderOf();
  if (holder !== undefined) return { changed: false, holder };
  try {
    await db.updateTable('users').set({ email }).where('name', '=', name).execute();
    return { changed: true };
  } catch (error) {
    const raced = await holderOf();
    if (raced !== undefined) return { changed: false, holder: raced };
    throw error;
  }
}
