/**
 * Link passwords: scrypt hashes that carry their own parameters (older, weaker ones still verify and
 * are upgraded by the password gate), compared in constant time. After the right password the browser
 * gets a cookie holding an HMAC-signed, expiring token bound to the link and to the current hash
 * (changing the password invalidates every cookie).
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { limitConcurrency } from './run-limited.ts';

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1. See docs/security.md. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes; stored hashes asking for more than this are refused, not computed. */
const MAX_SCRYPT_MEMORY = 512 * 1024 ** 2;
const runLimited = limitConcurrency(2);
export const ACCESS_TTL_MS = 24 * 3600 * 1000;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

interface StoredHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

/** Async scrypt (the libuv pool, never the event loop), at most two at once. */
function derive(password: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  const options = { N, r, p, maxmem: 128 * N * r + 1024 ** 2 };
  return runLimited(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so older ones still verify. */
function parseHash(stored: string): StoredHash | null {
  const [kind, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0) &&
    (params.N & (params.N - 1)) === 0 &&
    params.N > 1 &&
    params.p <= 16 &&
    128 * params.N * params.r <= MAX_SCRYPT_MEMORY;
  const key = Buffer.from(hash, 'base64url');
  if (!sane || key.length < 16 || key.length > 64) return null;
  return { ...params, salt: Buffer.from(salt, 'base64url'), hash: key };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, KEY_LENGTH, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const got = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(got, parsed.hash);
}

/** Whether a hash was made with other parameters than today's (rehash it when the right password comes). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p } = SCRYPT_PARAMS;
  return parsed.N !== N || parsed.r !== r || parsed.p !== p || parsed.hash.length !== KEY_LENGTH;
}

function sign(secret: Buffer, shareId: string, passwordHash: string, exp: number): string {
  return createHmac('sha256', secret).update(`${shareId}\n${passwordHash}\n${exp}`).digest('base64url');
}

export function accessToken(secret: Buffer, shareId: string, passwordHash: string, now: Date): string {
  const exp = now.getTime() + ACCESS_TTL_MS;
  return `${exp}.${sign(secret, shareId, passwordHash, exp)}`;
}

export function checkAccessToken(
  secret: Buffer,
  shareId: string,
  passwordHash: string,
  token: string | undefined,
  now: Date,
): boolean {
  const [expText, mac] = (token ?? '').split('.');
  const exp = Number(expText);
  if (!mac || !Number.isSafeInteger(exp) || exp <= now.getTime()) return false;
  const want = Buffer.from(sign(secret, shareId, passwordHash, exp));
  const got = Buffer.from(mac);
  return got.length === want.length && timingSafeEqual(got, want);
}

export const accessCookieName = (shareId: string): string => `td_${shareId}`;

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
