/**
 * Dashboard passwords use the link passwords' scrypt (server/share/password.ts: N=2^17, r=8, p=1, OWASP's Password
 * Storage Cheat Sheet parameters, 128 MiB per hash; at most two computed at once; the parameters stored with the
 * hash, so raising them later still verifies old ones). scrypt from node:crypto needs no native add-on; argon2id
 * would. This file adds what accounts need on top: the length rules for a new password, and a check that costs
 * the same for a user with no password (or no such user) as for a real one, so timing does not tell which names
 * exist.
 */
import { SCRYPT_PARAMS, hashPassword, verifyPassword } from '../share/password.ts';

export { hashPassword };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

// what a missing password is checked against: today's parameters, so the same work; never a match
const { N, r, p } = SCRYPT_PARAMS;
const DUMMY = `scrypt$${N}$${r}$${p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

/** Why a new password is refused (a sentence for the page), or null when it is acceptable (NIST: length only). */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

/** Whether `password` matches `stored`; `stored` undefined costs the same and is false. */
export async function checkAccountPassword(password: string, stored: string | undefined): Promise<boolean> {
  const right = await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), stored ?? DUMMY);
  return stored !== undefined && right;
}
