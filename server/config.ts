/**
 * Server configuration: a pure function of the environment and an optional parsed JSON file
 * (the environment wins). Every missing or invalid value throws a ConfigError naming the variable.
 */
import type { Expiry } from '../common/expiry.ts';
import {
  boolean,
  type ConfigFileValues,
  ConfigError,
  type Env,
  expiryList,
  hostList,
  httpUrl,
  integer,
  raw,
  required,
  roleArn,
  secret,
  type Source,
  urlList,
} from './config-values.ts';

export { ConfigError, type ConfigFileValues, type Env } from './config-values.ts';

export interface ServerConfig {
  /** Where the server itself reaches S3. */
  s3Endpoint: string;
  /** The endpoint handed to clients with their credentials (defaults to s3Endpoint). */
  s3PublicEndpoint: string;
  s3Region: string;
  s3Bucket: string;
  stsRoleArn: string;
  /** AssumeRole DurationSeconds (900..43200). */
  stsDurationSeconds: number;
  /** The bucket owner's keys: AssumeRole caller and the server's own S3 calls. */
  brokerAccessKeyId: string;
  brokerSecretAccessKey: string;
  /** No trailing slash. */
  shareBaseUrl: string;
  /**
   * Extra host names (no port) that serve every user's links like the SHARE_BASE_URL host does,
   * e.g. an internal name or 127.0.0.1 for health checks and tests. Any other Host gets 421,
   * unless it is a verified custom domain (then only its owner's links).
   */
  shareHosts: string[];
  host: string;
  port: number;
  /** The SQLite file, used when there is no databaseUrl. */
  databasePath: string;
  /** DATABASE_URL: a postgres:// URL; set, the server keeps everything in PostgreSQL (several instances may share it). */
  databaseUrl?: string;
  /** DATABASE_PREPARED_STATEMENTS (PostgreSQL): name statements, parsed and planned once per connection (default true). */
  databasePreparedStatements: boolean;
  allowedExpiry: Expiry[];
  /**
   * NOTIFICATION_SECRET: the path secret of the RGW bucket-notification endpoint
   * (POST /internal/rgw-events/<secret>). Absent: the endpoint does not exist.
   */
  notificationSecret?: string;
  /**
   * TRUST_PROXY_HOPS: how many proxies in front of the server add X-Forwarded-For (1 behind Caddy). 0: none,
   * the socket's address is the client's (password attempts are limited per client address).
   */
  trustProxyHops: number;
  /** SHUTDOWN_DRAIN_SECONDS: after SIGTERM, how long /v1/health answers 503 before the listener closes (server/http/graceful-stop.ts). */
  shutdownDrainSeconds: number;
  /** SHUTDOWN_GRACE_SECONDS: then, how long the responses in flight may take to finish before they are cut. */
  shutdownGraceSeconds: number;
  /** CACHE_PURGE_URLS: the caches (Varnish) told at once when a link changes (server/cache/purge.ts); none by default. */
  cachePurgeUrls: string[];
  /**
   * BYTES_OFFLOAD=x-accel: a GET for a link's bytes that came through nginx (docs/deploy/nginx-offload.conf) is answered,
   * once every check has passed, with X-Accel-Redirect to a presigned GET that nginx fetches itself
   * (server/share/offload-bytes.ts). Absent (BYTES_OFFLOAD=off, the default): the gateway pipes the bytes.
   */
  bytesOffload?: BytesOffloadConfig;
  /** PASSWORD_SIGN_IN (default true): whether users may set a password and sign in to the dashboard with it. */
  passwordSignIn: boolean;
  /** OIDC_ISSUER and the rest: sign-in with an organisation's OpenID provider (server/auth/oidc-*.ts); absent: off. */
  oidc?: OidcConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_EMAIL_DOMAINS: the verified e-mail's domain must be one of these (empty: any). */
  emailDomains: string[];
  /** OIDC_REQUIRED_GROUP: a value the groups claim (OIDC_GROUPS_CLAIM, `groups`) must hold (absent: none asked). */
  requiredGroup?: string;
  groupsClaim: string;
  /** OIDC_CREATE_USERS (default false): a first sign-in of an unknown e-mail creates the user. */
  createUsers: boolean;
}

export interface BytesOffloadConfig {
  /**
   * BYTES_OFFLOAD_SECRET: the value nginx sends in X-Traydrop-Offload (traydrop-offload-secret.conf beside its file).
   * Only a request carrying it is offloaded: a client that reaches a gateway any other way (another balancer, a
   * forged header) gets the bytes piped, never the presigned URL.
   */
  secret: string;
  /** BYTES_OFFLOAD_PREFIX: nginx's internal location (default /_traydrop_storage). */
  prefix: string;
  /** BYTES_OFFLOAD_MIN_BYTES: smaller files are piped by the gateway as without offload (default 1048576). */
  minBytes: number;
}

export const DEFAULT_DATABASE_PATH = './traydrop.db';

function oidc(src: Source): OidcConfig | undefined {
  const issuer = raw(src, 'OIDC_ISSUER');
  const clientId = raw(src, 'OIDC_CLIENT_ID');
  const clientSecret = raw(src, 'OIDC_CLIENT_SECRET');
  const domains = raw(src, 'OIDC_EMAIL_DOMAINS');
  const requiredGroup = raw(src, 'OIDC_REQUIRED_GROUP');
  const groupsClaim = raw(src, 'OIDC_GROUPS_CLAIM') ?? 'groups';
  const createUsers = boolean(src, 'OIDC_CREATE_USERS', false);
  if (issuer === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined)
    throw new ConfigError('OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
  const emailDomains = (domains ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== '');
  if (emailDomains.length === 0 && requiredGroup === undefined)
    throw new ConfigError(
      'OIDC_ISSUER needs OIDC_EMAIL_DOMAINS or OIDC_REQUIRED_GROUP: who of the provider may sign in',
    );
  return {
    issuer: httpUrl(src, 'OIDC_ISSUER'),
    clientId,
    clientSecret,
    emailDomains,
    ...(requiredGroup === undefined ? {} : { requiredGroup }),
    groupsClaim,
    createUsers,
  };
}

function bytesOffload(src: Source): BytesOffloadConfig | undefined {
  const mode = (raw(src, 'BYTES_OFFLOAD') ?? 'off').toLowerCase();
  const prefix = raw(src, 'BYTES_OFFLOAD_PREFIX') ?? '/_traydrop_storage';
  const minBytes = integer(src, 'BYTES_OFFLOAD_MIN_BYTES', 1 << 20, 0, Number.MAX_SAFE_INTEGER);
  const offloadSecret = secret(src, 'BYTES_OFFLOAD_SECRET');
  if (!/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(prefix))
    throw new ConfigError(`BYTES_OFFLOAD_PREFIX must be a path like /_traydrop_storage, got "${prefix}"`);
  if (mode === 'off') return undefined;
  if (mode !== 'x-accel') throw new ConfigError(`BYTES_OFFLOAD must be off or x-accel, got "${mode}"`);
  if (offloadSecret === undefined) throw new ConfigError('BYTES_OFFLOAD=x-accel needs BYTES_OFFLOAD_SECRET');
  return { secret: offloadSecret, prefix, minBytes };
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function loadDatabasePath(env: Env, file?: ConfigFileValues): string {
  return raw({ env, file }, 'DATABASE_PATH') ?? DEFAULT_DATABASE_PATH;
}

/** SHARE_BASE_URL as set (unchecked), for commands that need only it (the .sxcu of `token create`). */
export function shareBaseUrlSetting(env: Env, file?: ConfigFileValues): string | undefined {
  return raw({ env, file }, 'SHARE_BASE_URL');
}

function databaseUrl(src: Source): string | undefined {
  const value = raw(src, 'DATABASE_URL');
  if (value !== undefined && !/^postgres(ql)?:\/\/./i.test(value))
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL (unset: SQLite at DATABASE_PATH)`);
  return value;
}

/** Where the data lives: DATABASE_URL (PostgreSQL) wins over DATABASE_PATH (SQLite). */
export interface DatabaseSetting {
  path: string;
  url?: string;
  /** DATABASE_PREPARED_STATEMENTS: false behind a pooler in transaction mode (docs/database.md). */
  preparedStatements?: boolean;
  /** Set when both were given: say at start that DATABASE_PATH is ignored. */
  warning?: string;
}

export function loadDatabaseSetting(env: Env, file?: ConfigFileValues): DatabaseSetting {
  const src: Source = { env, file };
  const url = databaseUrl(src);
  const path = loadDatabasePath(env, file);
  if (url === undefined) return { path };
  const both = raw(src, 'DATABASE_PATH') !== undefined;
  return {
    path,
    url,
    preparedStatements: boolean(src, 'DATABASE_PREPARED_STATEMENTS', true),
    ...(both
      ? {
          warning:
            'DATABASE_URL and DATABASE_PATH are both set: using PostgreSQL at DATABASE_URL, DATABASE_PATH is ignored',
        }
      : {}),
  };
}

/** SHARE_BASE_URL alone: `user invite` prints a link on it without the rest of the serve configuration. */
export function loadShareBaseUrl(env: Env, file?: ConfigFileValues): string {
  return httpUrl({ env, file }, 'SHARE_BASE_URL');
}

/** CACHE_PURGE_URLS alone: `user disable` purges the user's links without the rest of the serve configuration. */
export function loadCachePurgeUrls(env: Env, file?: ConfigFileValues): string[] {
  return urlList({ env, file }, 'CACHE_PURGE_URLS');
}

export function loadConfig(env: Env, file?: ConfigFileValues): ServerConfig {
  const src: Source = { env, file };
  const s3Endpoint = httpUrl(src, 'S3_ENDPOINT');
  const notificationSecret = secret(src, 'NOTIFICATION_SECRET');
  const dbUrl = databaseUrl(src);
  return {
    s3Endpoint,
    s3PublicEndpoint: httpUrl(src, 'S3_PUBLIC_ENDPOINT', s3Endpoint),
    s3Region: required(src, 'S3_REGION'),
    s3Bucket: required(src, 'S3_BUCKET'),
    stsRoleArn: roleArn(src, 'STS_ROLE_ARN'),
    stsDurationSeconds: integer(src, 'STS_DURATION_SECONDS', 3600, 900, 43200),
    brokerAccessKeyId: required(src, 'BROKER_ACCESS_KEY_ID'),
    brokerSecretAccessKey: required(src, 'BROKER_SECRET_ACCESS_KEY'),
    shareBaseUrl: httpUrl(src, 'SHARE_BASE_URL'),
    shareHosts: hostList(src, 'SHARE_HOSTS'),
    host: raw(src, 'HOST') ?? '127.0.0.1',
    port: integer(src, 'PORT', 8080, 0, 65535),
    databasePath: loadDatabasePath(env, file),
    ...(dbUrl === undefined ? {} : { databaseUrl: dbUrl }),
    databasePreparedStatements: boolean(src, 'DATABASE_PREPARED_STATEMENTS', true),
    allowedExpiry: expiryList(src, 'ALLOWED_EXPIRY'),
    trustProxyHops: integer(src, 'TRUST_PROXY_HOPS', 0, 0, 10),
    shutdownDrainSeconds: integer(src, 'SHUTDOWN_DRAIN_SECONDS', 0, 0, 300),
    shutdownGraceSeconds: integer(src, 'SHUTDOWN_GRACE_SECONDS', 30, 0, 3600),
    cachePurgeUrls: urlList(src, 'CACHE_PURGE_URLS'),
    passwordSignIn: boolean(src, 'PASSWORD_SIGN_IN', true),
    ...optional('oidc', oidc(src)),
    ...optional('bytesOffload', bytesOffload(src)),
    ...(notificationSecret === undefined ? {} : { notificationSecret }),
  };
}
