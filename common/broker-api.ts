/**
 * The HTTP contract between the client (CLI and app) and the server's broker.
 * Every /v1 route takes `Authorization: Bearer <device token>`; a wrong, missing or revoked token
 * gets 401 with an ApiError body. All bodies are JSON.
 */
import type { Expiry } from './expiry.ts';

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
} as const;

export interface ApiError {
  error: string;
  message: string;
}

export interface MeResponse {
  userId: string;
  shareBaseUrl: string;
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
