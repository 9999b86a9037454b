/**
 * Share ids: SHARE_ID_LENGTH characters of base62 from the Web Crypto random source (12 chars ≈ 71 bits).
 * Bytes ≥ 248 are thrown away (rejection sampling) so that `byte % 62` favours no character. In common/ (Web
 * Crypto, no Node built-in) because the client plans shares and the server's upload endpoint makes them too.
 */
import { SHARE_ID_LENGTH } from './share-key.ts';

const randomBytes = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LIMIT = 256 - (256 % ALPHABET.length); // 248: the largest multiple of 62 that fits in a byte

export function newShareId(length: number = SHARE_ID_LENGTH, random: (n: number) => Uint8Array = randomBytes): string {
  let id = '';
  while (id.length < length) {
    for (const byte of random(length * 2)) {
      if (byte >= LIMIT) continue;
      id += ALPHABET[byte % ALPHABET.length];
      if (id.length === length) break;
    }
  }
  return id;
}
