/** What the routes share: built once per app by buildApp. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/open-database.ts';
import type { DomainVerifier } from './domains/verify.ts';
import type { ObjectReader } from './s3/object-get.ts';
import type { StatsBuffer } from './db/stats-buffer.ts';
import type { AttemptLimiter } from './share/attempt-limiter.ts';
import type { ReservedLookups } from './share/reserved-lookup.ts';

export interface AppContext {
  config: ServerConfig;
  db: Database;
  /** Owner-keyed S3 client. */
  s3: S3Client;
  sts: STSClient;
  /** The gateway's reads (presigned GET/HEAD on its own keep-alive pool). */
  objects: ObjectReader;
  /** Download statistics on their way to the database (flush before reading them). */
  stats: StatsBuffer;
  /** Wrong passwords of protected links, per address and per link. */
  passwordAttempts: AttemptLimiter;
  /** Early links whose object may already be in S3 (looked for at most once a second per link). */
  reservedLookups: ReservedLookups;
  /** The clock (injectable so tests can move past an expiry). */
  now: () => Date;
  /** Signs the cookies of password-protected links (one random secret per database). */
  passwordSecret: Buffer;
  /** Custom-domain checks, tried in order (HTTP token, DNS TXT by default). */
  domainVerifiers: DomainVerifier[];
}
