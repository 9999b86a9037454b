/**
 * Password sign-in is slowed down: after `perAccount` wrong passwords for one user name, or `perAddress` wrong
 * ones from one client address (server/net/client-key.ts), within the window, that name or address waits
 * (429 with Retry-After) until its window has passed. Names that do not exist count the same way, so the answer
 * never tells which names exist.
 *
 * The counts share the password_attempts table with the links' limiter (server/share/attempt-limiter.ts), under
 * keys of their own (`sign-in account <name>`, `sign-in address <ip>`: a share id has no space), so every
 * instance sees the same tries and the sweeper clears passed windows of both; both check and count through
 * server/db/attempt-windows.ts, and a right password takes its own count back.
 */
import { beginAttempt, takeBackAttempt } from '../db/attempt-windows.ts';
import type { Database } from '../db/open-database.ts';

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 10, perAddress: 10, windowMs: 15 * 60_000 };

const accountKey = (name: string): string => `sign-in account ${name}`;
const addressKey = (address: string): string => `sign-in address ${address}`;

export class SignInLimiter {
  readonly #db: Database;
  readonly #limits: SignInLimits;

  constructor(db: Database, limits: Partial<SignInLimits> = {}) {
    this.#db = db;
    this.#limits = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
  }

  /** Counts an attempt as a failure (until `succeeded`) and returns 0, or counts nothing and returns the seconds to wait. */
  begin(name: string, address: string, now: number): Promise<number> {
    const { perAccount, perAddress, windowMs } = this.#limits;
    const limits = new Map([
      [accountKey(name), perAccount],
      [addressKey(address), perAddress],
    ]);
    return beginAttempt(this.#db, limits, windowMs, now);
  }

  /** The attempt `begin` counted was right: both counts drop by one (earlier failures stay counted). */
  async succeeded(name: string, address: string): Promise<void> {
    await takeBackAttempt(this.#db, [accountKey(name), addressKey(address)]);
  }
}
