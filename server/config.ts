/**
 * Server configuration: a pure function of the environment and an optional parsed JSON file
 * (the environment wins). Every missing or invalid value throws a ConfigError naming the variable.
 */
import { EXPIRY_VALUES, type Expiry, isExpiry } from '../common/expiry.ts';

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

/** Values as read from a JSON config file: same names as the environment variables. */
export type ConfigFileValues = Record<string, unknown>;

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_DATABASE_PATH = './traydrop.db';

type Source = { env: Env; file: ConfigFileValues | undefined };

function raw(src: Source, name: string): string | undefined {
  const fromEnv = src.env[name];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  const value = src.file?.[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value).trim();
  throw new ConfigError(`${name} must be a string, a number or true/false in the config file`);
}

function required(src: Source, name: string): string {
  const value = raw(src, name);
  if (value === undefined) throw new ConfigError(`${name} is required`);
  return value;
}

function httpUrl(src: Source, name: string, fallback?: string): string {
  const value = fallback === undefined ? required(src, name) : (raw(src, name) ?? fallback);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

function integer(src: Source, name: string, fallback: number, min: number, max: number): number {
  const value = raw(src, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function expiryList(src: Source, name: string): Expiry[] {
  const value = raw(src, name);
  if (value === undefined) return [...EXPIRY_VALUES];
  const items = value.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !isExpiry(s));
  if (items.length === 0 || bad.length > 0) {
    throw new ConfigError(`${name} must be a comma list of ${EXPIRY_VALUES.join(', ')}; bad: "${bad.join(',')}"`);
  }
  return [...new Set(items as Expiry[])];
}

function hostList(src: Source, name: string): string[] {
  const value = raw(src, name);
  if (value === undefined) return [];
  const items = value.split(',').map((s) => s.trim().toLowerCase());
  const bad = items.filter((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(h));
  if (bad.length > 0) throw new ConfigError(`${name} must be a comma list of host names (no port); bad: "${bad}"`);
  return items;
}

function urlList(src: Source, name: string): string[] {
  const value = raw(src, name);
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((item) => httpUrl({ env: { [name]: item }, file: undefined }, name));
}

function boolean(src: Source, name: string, fallback: boolean): boolean {
  const value = raw(src, name);
  if (value === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

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

function roleArn(src: Source, name: string): string {
  const value = required(src, name);
  if (!value.startsWith('arn:')) throw new ConfigError(`${name} must be a role ARN, got "${value}"`);
  return value;
}

function secret(src: Source, name: string): string | undefined {
  const value = raw(src, name);
  if (value !== undefined && !/^[A-Za-z0-9_-]{24,128}$/.test(value))
    throw new ConfigError(`${name} must be 24 to 128 characters of A-Z, a-z, 0-9, _ and -`);
  return value;
}

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
