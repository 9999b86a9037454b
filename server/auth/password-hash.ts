/**
 * Dashboard passwords, hashed with scrypt from node:crypto (no native add-on to build): N=2^17, r=8, p=1, a
 * 16-byte salt and a 32-byte key. These are OWASP's Password Storage Cheat Sheet parameters for scrypt (2025):
 * 128 MiB of memory per hash, which is what makes a GPU's guesses expensive; about 0.3 s on this project's test
 * machine. argon2id would need a native or WebAssembly package; scrypt at these settings is OWASP's equal choice.
 *
 * The stored text names its parameters (`scrypt$17$8$1$<salt>$<key>`), so raising them later still verifies the
 * old hashes. `verifyPassword` of an unknown user runs against a fixed hash of the same cost: a wrong name and a
 * wrong password take the same time, so timing does not tell which names exist.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const LOG_N = 17;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
/** scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is below that. */
const maxmemFor = (logN: number, r: number): number => 128 * 2 ** logN * r + 16 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: 2 ** logN, r, p, maxmem: maxmemFor(logN, r) }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** Why a new password is refused (a sentence for the page), or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, R, P);
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// what an unknown user's password is checked against: the same work, never a match
const DUMMY = `scrypt$${LOG_N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;

/** Whether `password` matches `stored`; `stored` undefined (no such user or no password) costs the same and is false. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parts = (stored ?? DUMMY).split('$');
  const [kind, logN, r, p, salt, key] = parts;
  if (parts.length !== 6 || kind !== 'scrypt') return false;
  const want = Buffer.from(key!, 'base64url');
  const got = await derive(password.slice(0, MAX_PASSWORD_LENGTH), Buffer.from(salt!, 'base64url'), +logN!, +r!, +p!);
  return stored !== undefined && got.length === want.length && timingSafeEqual(got, want);
}
