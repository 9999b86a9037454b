/**
 * A real Traydrop server on 127.0.0.1:<random port>, wired to the real RGW, with its own
 * database: a temporary SQLite file, or with TRAYDROP_TEST_DATABASE=postgres a fresh PostgreSQL database on
 * the test cluster (test/helpers/pg.ts), dropped at close. Close it in `after()`.
 *
 *   const server = await startTestServer({ config: { allowedExpiry: ['1d', '7d'] }, now: clock.now });
 *   const token = await server.createToken('alice-x1');
 *   const { status, body } = await server.call('POST', API.credentials, token, {});
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { objectKey } from '../../common/share-key.ts';
import { buildApp } from '../../server/app.ts';
import type { ServerConfig } from '../../server/config.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { freshPgDatabase, testDatabaseKind } from './pg.ts';
import { createToken } from '../../server/db/tokens.ts';
import { createUser, findUser } from '../../server/db/users.ts';
import type { DomainVerifier } from '../../server/domains/verify.ts';
import type { LoggerOption } from '../../server/logger.ts';
import type { ObjectReader } from '../../server/s3/object-get.ts';
import { ensureRgw, type RgwEnv } from './rgw.ts';

export interface TestServerOptions {
  config?: Partial<ServerConfig>;
  now?: () => Date;
  logger?: LoggerOption;
  domainVerifiers?: DomainVerifier[];
  /** A database to share with another test server (it is neither migrated again nor dropped by this one). */
  databaseUrl?: string;
  /** Makes the gateway's S3 reader (a test that counts its sockets keeps the one it made). */
  makeObjects?: (config: ServerConfig) => ObjectReader;
  /** The background thumbnail sweep's interval; 0 turns it off (a test that runs the sweep itself). */
  thumbnailSweepMs?: number;
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  app: FastifyInstance;
  config: ServerConfig;
  db: Database;
  rgw: RgwEnv;
  /** What a `traydrop-server` command needs to reach this server's database (DATABASE_URL or DATABASE_PATH). */
  databaseEnv(): Record<string, string>;
  /** Issues a device token for `userId` straight in the database (creating the user first if need be). */
  createToken(userId: string, label?: string): Promise<string>;
  /** JSON request to the server; `token` goes in `Authorization: Bearer`. */
  call<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<CallResult<T>>;
  close(): Promise<void>;
}

/** A user id no other test run has used (tests share one bucket). */
export function uniqueUserId(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A fresh 12-character share id. */
export function newShareId(): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(12), (b) => chars[b % chars.length]).join('');
}

/** `users/<userId>/<new share id>/<name>`. */
export function newKey(userId: string, name: string): string {
  return objectKey(userId, newShareId(), name);
}

export function testConfig(rgw: RgwEnv, databasePath: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    s3Endpoint: rgw.endpoint,
    s3PublicEndpoint: rgw.endpoint,
    s3Region: rgw.region,
    s3Bucket: rgw.bucket,
    stsRoleArn: rgw.roleArn,
    stsDurationSeconds: 900,
    brokerAccessKeyId: rgw.adminAccessKeyId,
    brokerSecretAccessKey: rgw.adminSecretAccessKey,
    shareBaseUrl: 'https://share.example.test',
    // the tests reach the gateway as 127.0.0.1:<port>: serve every link there too (SHARE_HOSTS)
    shareHosts: ['127.0.0.1'],
    host: '127.0.0.1',
    port: 0,
    databasePath,
    databasePreparedStatements: true,
    allowedExpiry: ['1d', '7d', '30d', '90d', '365d', 'never'],
    trustProxyHops: 0,
    shutdownDrainSeconds: 0,
    shutdownGraceSeconds: 30,
    cachePurgeUrls: [],
    passwordSignIn: true,
    ...overrides,
  };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const rgw = await ensureRgw();
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-server-test-'));
  const pg = options.databaseUrl === undefined && testDatabaseKind() === 'postgres' ? await freshPgDatabase() : null;
  const databaseUrl = options.databaseUrl ?? pg?.url;
  const config = testConfig(rgw, join(dir, 'traydrop.db'), {
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...options.config,
  });
  const db = await openDatabase({
    url: config.databaseUrl,
    path: config.databasePath,
    preparedStatements: config.databasePreparedStatements,
  });
  const app = await buildApp({
    config,
    db,
    now: options.now,
    logger: options.logger ?? false,
    ...(options.domainVerifiers ? { domainVerifiers: options.domainVerifiers } : {}),
    ...(options.makeObjects ? { objects: options.makeObjects(config) } : {}),
    ...(options.thumbnailSweepMs === undefined ? {} : { thumbnailSweepMs: options.thumbnailSweepMs }),
  });
  const url = (await app.listen({ host: config.host, port: config.port })).replace(/\/+$/, '');
  return {
    url,
    app,
    config,
    db,
    rgw,
    databaseEnv: (): Record<string, string> =>
      config.databaseUrl === undefined ? { DATABASE_PATH: config.databasePath } : { DATABASE_URL: config.databaseUrl },
    createToken: async (userId, label) => {
      // tests may ask for two tokens of one user at once: a lost race for the name is fine
      if (!(await findUser(db, userId)))
        await createUser(db, { name: userId }).catch(async (error: unknown) => {
          if (!(await findUser(db, userId))) throw error;
        });
      return (await createToken(db, userId, label === undefined ? {} : { label })).token;
    },
    async call<T>(method: string, path: string, token?: string, body?: unknown): Promise<CallResult<T>> {
      const headers: Record<string, string> = {};
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
    },
    async close() {
      // the tests are over: a connection a test left open (a response body never read keeps undici's socket busy)
      // must not hold the close for the server's 72 s keep-alive
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await db.destroy();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock tests can move: pass `clock.now` as the server's `now`. */
export function testClock(start = new Date()): { now: () => Date; advance(ms: number): void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}
