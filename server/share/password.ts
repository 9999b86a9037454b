/**
 * Link passwords: scrypt hashes, compared in constant time. After the right password the browser
 * gets a cookie holding an HMAC-signed, expiring token bound to the link and to the current hash
 * (changing the password invalidates every cookie).
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, o: object) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
export const ACCESS_TTL_MS = 24 * 3600 * 1000;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return got.length === expected.length && timingSafeEqual(got, expected);
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
