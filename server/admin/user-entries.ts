/**
 * What the admin page shows of users: their usage (the numbers `user list --json` prints and the limits enforce),
 * and the totals over all of them. Summed on demand, as usage.ts does: the list in one statement whatever the number
 * of users (server/db/usage-all.ts), one user with summarizeUser.
 */
import type { AdminTotalsResponse, AdminUserEntry } from '../../common/admin-api.ts';
import type { Queryable } from '../db/open-database.ts';
import { summarizeAllUsers } from '../db/usage-all.ts';
import { summarizeUser, type UserSummary } from '../db/usage.ts';
import type { User } from '../db/users.ts';

/** "Active" on the admin page: seen (a device token or a dashboard session) within this long. */
export const ACTIVE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const LARGEST = 5;

function entryOf(user: User, s: UserSummary): AdminUserEntry {
  return {
    name: s.name,
    email: s.email,
    role: s.role,
    disabled: s.disabled,
    createdAt: user.createdAt,
    lastActiveAt: user.lastActiveAt,
    storageUsed: s.storageUsed,
    storageLimit: s.storageLimit,
    transferUsed: s.transferUsed,
    transferLimit: s.transferLimit,
    maxFileSize: s.maxFileSize,
    links: s.links,
  };
}

export async function adminEntry(db: Queryable, user: User, now: Date): Promise<AdminUserEntry> {
  return entryOf(user, await summarizeUser(db, user, now));
}

export async function adminEntries(db: Queryable, now: Date): Promise<AdminUserEntry[]> {
  return (await summarizeAllUsers(db, now)).map(({ user, summary }) => entryOf(user, summary));
}

export function totalsOf(entries: AdminUserEntry[], now: Date): AdminTotalsResponse {
  const since = now.getTime() - ACTIVE_WINDOW_MS;
  const sum = (pick: (e: AdminUserEntry) => number) => entries.reduce((total, e) => total + pick(e), 0);
  return {
    storageUsed: sum((e) => e.storageUsed),
    transferUsed: sum((e) => e.transferUsed),
    links: sum((e) => e.links),
    users: entries.length,
    activeUsers: entries.filter((e) => !e.disabled && e.lastActiveAt !== null && Date.parse(e.lastActiveAt) >= since)
      .length,
    largest: [...entries]
      .filter((e) => e.storageUsed > 0)
      .sort((a, b) => b.storageUsed - a.storageUsed || a.name.localeCompare(b.name))
      .slice(0, LARGEST),
  };
}
