/**
 * Hands out the short-lived STS credentials the upload engine signs with. One fetch is shared by
 * every concurrent caller; credentials are refreshed a margin before they expire (at most 5 min,
 * at most a third of their lifetime, so 15 s test credentials still get ~10 s of use); and
 * `invalidate` lets the engine throw away credentials that RGW refused (it answers expired STS
 * credentials with 403 AccessDenied, not ExpiredToken, so the clock alone is not enough).
 */
import type { CredentialsResponse } from '../../common/broker-api.ts';

export interface CredentialProviderOptions {
  /** Gets fresh credentials, usually `BrokerClient.credentials`. */
  fetch: () => Promise<CredentialsResponse>;
  /** Upper bound of the refresh margin. Default 5 minutes. */
  maxRefreshMarginMs?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

interface Cached {
  value: CredentialsResponse;
  refreshAt: number;
}

export class CredentialProvider {
  readonly #fetch: () => Promise<CredentialsResponse>;
  readonly #maxMargin: number;
  readonly #now: () => number;
  #cached: Cached | undefined;
  #inFlight: Promise<CredentialsResponse> | undefined;
  #fetchCount = 0;
  #storageEndpoint: string | undefined;

  constructor(options: CredentialProviderOptions) {
    this.#fetch = options.fetch;
    this.#maxMargin = options.maxRefreshMarginMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** How many times credentials were fetched (tests and diagnostics). */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  /** The S3 endpoint of the last credentials fetched, kept after they expire or are invalidated. */
  get storageEndpoint(): string | undefined {
    return this.#storageEndpoint;
  }

  /** Valid credentials: the cached ones, or fresh ones when they are missing or about to expire. */
  async get(): Promise<CredentialsResponse> {
    if (this.#cached && this.#now() < this.#cached.refreshAt) return this.#cached.value;
    this.#inFlight ??= this.#refresh().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Forget the cached credentials if they are `accessKeyId` (or any, without an argument). */
  invalidate(accessKeyId?: string): void {
    if (accessKeyId === undefined || this.#cached?.value.accessKeyId === accessKeyId) this.#cached = undefined;
  }

  async #refresh(): Promise<CredentialsResponse> {
    const fetchedAt = this.#now();
    this.#fetchCount++;
    const value = await this.#fetch();
    const expiresAt = Date.parse(value.expiration);
    if (Number.isNaN(expiresAt)) throw new Error(`credentials have an invalid expiration: ${value.expiration}`);
    const lifetime = Math.max(0, expiresAt - fetchedAt);
    const margin = Math.min(this.#maxMargin, lifetime / 3);
    this.#cached = { value, refreshAt: expiresAt - margin };
    this.#storageEndpoint = value.endpoint;
    return value;
  }
}
