/**
 * Replacing what a link serves, under the same link (issue #17: a capture edited after it was shared). The
 * contract between the client and the server's broker, apart from broker-api.ts because it is one feature:
 *
 *   POST start     → credentials that may write only this link's key, with the expire tag it already has
 *   (the client PUTs the new bytes, or POSTs `multipart` and sends parts as for any upload)
 *   POST complete  → the server checks the object (size, time), re-tags a multipart one, updates the index row
 *                    (bytes, type, version, replacedAt) and purges the caches: from then on only new bytes
 *
 * Routes take the share id (`:shareId`, filled by apiPath) and the device token; another user's id, an expired or
 * deleted link, or one whose first upload has not been recorded yet answers 404 (409 for one's own still uploading).
 */
import type { CompletedPart, CredentialsResponse, UploadRecord } from './broker-api.ts';
import type { Expiry } from './expiry.ts';

export const REPLACE_API = {
  /** POST ReplaceStartRequest → ReplaceStartResponse. */
  start: '/v1/files/:shareId/replace',
  /** POST → ReplaceMultipartResponse: the server starts a multipart upload to the same key (as multipartCreate). */
  multipart: '/v1/files/:shareId/replace/multipart',
  /** POST ReplaceCompleteRequest → ReplacedRecord. Idempotent: a retry after a lost answer gets the record again. */
  complete: '/v1/files/:shareId/replace/complete',
} as const;

export interface ReplaceStartRequest {
  /** Size of the new bytes: complete refuses an object of another size. */
  bytes: number;
  contentType: string;
}

export interface ReplaceStartResponse {
  /** STS credentials scoped to `key` alone (`prefix` is the key), `allowedExpiry` the one tag the object has. */
  credentials: CredentialsResponse;
  key: string;
  /** The expire tag the object has and keeps: the PutObject (or each part) must carry exactly this one. */
  expire: Expiry;
  url: string;
  /** The link's version now; complete makes it version + 1. */
  version: number;
}

export interface ReplaceMultipartResponse {
  uploadId: string;
}

export interface ReplaceCompleteRequest {
  /** For a multipart replacement: its upload id and parts (the server completes it). */
  uploadId?: string;
  parts?: CompletedPart[];
}

export interface ReplacedRecord extends UploadRecord {
  version: number;
  /** When the bytes were last replaced (ISO), or null when never. */
  replacedAt: string | null;
}
