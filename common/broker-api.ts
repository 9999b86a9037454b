/**
 * The HTTP contract between the client (CLI and app) and the server's broker.
 * Every /v1 route takes `Authorization: Bearer <device token>`; a wrong, missing or revoked token
 * gets 401 with an ApiError body. All bodies are JSON.
 */
import type { Expiry } from './expiry.ts';
import type { ExpiryRules } from './expiry-rules.ts';

export const API = {
  /** GET: who the token belongs to. */
  me: '/v1/me',
  /** POST: short-lived, prefix-scoped STS credentials. */
  credentials: '/v1/credentials',
  /** POST: the server starts a multipart upload (RGW can't check tags on Create; see server/s3/). */
  multipartCreate: '/v1/multipart/create',
  /** POST: the server completes it, tags it with its expiry and records the upload. */
  multipartComplete: '/v1/multipart/complete',
  /**
   * POST: the server aborts a multipart upload (cancel, or failure). RGW 16 authorizes
   * AbortMultipartUpload as s3:PutObject, and the session policy only grants that with the expire
   * tag condition, which RGW cannot evaluate on Abort: so the client's own Abort gets 403.
   */
  multipartAbort: '/v1/multipart/abort',
  /** POST: record an upload the client sent with a single PutObject. */
  uploads: '/v1/uploads',
  /**
   * POST: announce an upload before it starts (early link). Until the upload is recorded, the
   * link answers 202 with a short "uploading…" page and Retry-After. Idempotent per key.
   */
  reserve: '/v1/uploads/reserve',
  /** POST: withdraw a reservation (the job was cancelled); the link then answers 404. */
  release: '/v1/uploads/release',
  /**
   * GET, no token needed: is the server up, and can it reach the storage? Clients waiting for the
   * network ask it every few seconds, and retry their jobs as soon as it says yes.
   */
  health: '/v1/health',
} as const;

export interface HealthResponse {
  /** True when the server can broker credentials right now (it reached the storage and the database within the last second). */
  ok: boolean;
  storage: 'ok' | 'unreachable';
  /** Absent while stopping (the answer is then 503 whatever it is). */
  database?: 'ok' | 'unreachable';
  /** Present when the server was told to stop: it finishes what it is sending and takes no new work. */
  stopping?: true;
}

export interface ApiError {
  error: string;
  message: string;
}

export interface MeResponse {
  userId: string;
  shareBaseUrl: string;
  /** The account's plan and what it uses (issue #16); absent from servers before it. */
  usage?: AccountUsage;
}

/** Bytes; a limit of null is no limit. Transfer is this calendar month's (UTC), downloads in flight included. */
export interface AccountUsage {
  storageUsed: number;
  storageLimit: number | null;
  transferUsed: number;
  transferLimit: number | null;
  maxFileSize: number | null;
}

export interface CredentialsResponse {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601 instant the credentials stop working. */
  expiration: string;
  bucket: string;
  /** S3 endpoint URL the client talks to (path-style). */
  endpoint: string;
  region: string;
  userId: string;
  /** `users/<userId>/`: the only prefix these credentials may touch. */
  prefix: string;
  /** Links are `<shareBaseUrl>/<shareId>/<name>` (the user's custom domain when one is set). */
  shareBaseUrl: string;
  /** Expire tag values the session policy accepts. */
  allowedExpiry: Expiry[];
}

export interface MultipartCreateRequest {
  key: string;
  contentType: string;
  expire: Expiry;
}

export interface MultipartCreateResponse {
  uploadId: string;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export interface MultipartCompleteRequest {
  key: string;
  uploadId: string;
  parts: CompletedPart[];
}

export interface MultipartAbortRequest {
  key: string;
  uploadId: string;
}

/** Body of POST /v1/uploads: a single-PutObject upload the server should verify and record. */
export interface UploadReportRequest {
  key: string;
}

/** What the server knows of a finished upload (answer to complete and to report). */
export interface UploadRecord {
  key: string;
  shareId: string;
  name: string;
  bytes: number;
  contentType: string;
  expire: Expiry;
  url: string;
  uploadedAt: string;
  /** ISO instant the link stops working, or null for `never`. */
  expiresAt: string | null;
}

export interface UploadReserveRequest {
  key: string;
  expire: Expiry;
  contentType: string;
  bytes: number;
}

export interface UploadReserveResponse {
  shareId: string;
  url: string;
}

export interface UploadReleaseRequest {
  key: string;
}

// ---- issue #4: the app's file list, statistics, per-link limits, settings and custom domain ----

/** Routes of the app API (device-token auth, like the rest of /v1). `:shareId` is filled by apiPath. */
export const FILES_API = {
  /** GET `?limit=1..200&cursor=` and optional `q`, `kind`, `state`, `sort` (common/file-query.ts): own files, newest first. */
  files: '/v1/files',
  /** DELETE: the object and its index row; the link answers 404 from then on. */
  file: '/v1/files/:shareId',
  /** GET: downloads and bytes served per month; bots apart. */
  stats: '/v1/files/:shareId/stats',
  /** PUT FileLimitsRequest: max downloads and password of one link. */
  limits: '/v1/files/:shareId/limits',
  /** GET / PUT UserSettings. */
  settings: '/v1/settings',
  /** POST: check the claimed custom domain now (HTTP token, then DNS TXT). */
  verifyDomain: '/v1/settings/domain/verify',
} as const;

export function apiPath(route: string, shareId: string): string {
  return route.replace(':shareId', encodeURIComponent(shareId));
}

export interface FileEntry extends UploadRecord {
  /** Downloads, all time: by people; on a link with max downloads every booked one, a bot's too. */
  downloads: number;
  /** Bytes served to people, all time. */
  bytesServed: number;
  maxDownloads: number | null;
  hasPassword: boolean;
  /** True from the exact moment of expiresAt. */
  expired: boolean;
}

export interface FileListResponse {
  files: FileEntry[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface MonthStats {
  /** `YYYY-MM`, UTC. */
  month: string;
  downloads: number;
  bytes: number;
  /** Share page views by people. */
  views: number;
  /** Requests by link-preview bots and crawlers (never downloads). */
  botHits: number;
  botBytes: number;
}

export interface FileStatsResponse {
  shareId: string;
  totals: Omit<MonthStats, 'month'>;
  /** Newest month first. */
  months: MonthStats[];
}

/** Omitted fields stay as they are; null removes the limit. */
export interface FileLimitsRequest {
  maxDownloads?: number | null;
  password?: string | null;
  /** ISO time: the link expires then, if that is earlier than its expiry (a later one is ignored: never extended). */
  expiresAt?: string;
}

/** What the app's settings window reads and writes (the same ExpiryRules the client applies). */
export interface UserSettings {
  expiryRules: ExpiryRules;
  /** e.g. `files.example.com`; null for none. Changing it starts a new verification. */
  customDomain: string | null;
}

export interface CustomDomainStatus {
  domain: string;
  verified: boolean;
  /** HTTP check: point the domain at the share server; it answers this URL with the token. */
  httpCheckUrl: string;
  /** DNS check: a TXT record with this name and value. */
  txtName: string;
  txtValue: string;
}

export interface SettingsResponse extends UserSettings {
  /** Where this user's links point now (the custom domain once verified). */
  shareBaseUrl: string;
  domainStatus: CustomDomainStatus | null;
}

export interface DomainVerifyResponse {
  verified: boolean;
  /** `http` or `dns` when verified. */
  method: string | null;
  settings: SettingsResponse;
}
