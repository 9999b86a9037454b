/** Job ids: 8 characters a person can read aloud and type (no 0/o, 1/l/i), ~39 bits of randomness. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // 31 characters
const LIMIT = 256 - (256 % ALPHABET.length); // unbiased: drop bytes >= 248

export const JOB_ID_LENGTH = 8;

export function newJobId(random: (n: number) => Uint8Array = randomBytes): string {
  let id = '';
  while (id.length < JOB_ID_LENGTH) {
    for (const byte of random(JOB_ID_LENGTH * 2)) {
      if (byte >= LIMIT) continue;
      id += ALPHABET[byte % ALPHABET.length];
      if (id.length === JOB_ID_LENGTH) break;
    }
  }
  return id;
}
