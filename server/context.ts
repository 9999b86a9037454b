/** What the routes share: built once per app by buildApp. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/open-database.ts';
import type { Reservation } from './db/reservations.ts';
import type { StoredUpload } from './db/uploads.ts';
import type { DomainVerifier } from './domains/verify.ts';
import type { ObjectReader } from './s3/object-get.ts';
import type { StatsBuffer } from './db/stats-buffer.ts';
import type { AttemptLimiter } from './share/attempt-limiter.ts';

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
  /** Wrong passwords of protected links, per client and per link (counted in the database: every instance sees them). */
  passwordAttempts: AttemptLimiter;
  /** Early links whose object may already be in S3 (looked for at most once a second per link). */
  reservedLookups: ReservedLookup;
  /** The clock (injectable so tests can move past an expiry). */
  now: () => Date;
  /** Signs the cookies of password-protected links (one random secret per database). */
  passwordSecret: Buffer;
  /** Custom-domain checks, tried in order (HTTP token, DNS TXT by default). */
  domainVerifiers: DomainVerifier[];
}

/**
 * What the gateway asks of share/reserved-lookup.ts's ReservedLookups. Said here rather than imported: that
 * module reads AppContext, and importing it back would close an import cycle (context → reserved-lookup →
 * uploads/report → uploads/record-upload → context).
 */
export interface ReservedLookup {
  /** The upload, recorded now, if S3 has the reserved object; null while it is still on its way. */
  find(ctx: AppContext, reservation: Reservation, log: FastifyBaseLogger): Promise<StoredUpload | null>;
}
