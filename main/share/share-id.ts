/**
 * Share ids: SHARE_ID_LENGTH characters of base62 from crypto.randomBytes (12 chars ≈ 71 bits).
 * Bytes ≥ 248 are thrown away (rejection sampling) so that `byte % 62` favours no character.
 */
import { randomBytes } from 'node:crypto';
import { SHARE_ID_LENGTH } from '../../common/share-key.ts';

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
