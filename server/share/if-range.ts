/**
 * If-Range (RFC 9110 §13.1.5): a download resumed with `Range` and `If-Range: <the validator it started with>` gets
 * the rest only if the bytes are still the ones it started on; otherwise the whole new file (200), never new bytes
 * glued to old ones. It matters since a link's bytes can be replaced under the same URL (server/uploads/replace.ts).
 * The gateway's validators are S3's: the ETag changes with the bytes (an MD5 of them, or of the parts); the
 * Last-Modified changes with every write, in whole seconds, so a date matches only when equal to it.
 * Checked on S3's answer to the ranged read, so it compares with the bytes actually about to be sent, also in the
 * moments between a replacement landing in S3 and its completion.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** True when the Range may be honoured: no If-Range, or one that strongly matches the object's validator. */
export function rangeStillValid(ifRange: string | string[] | undefined, object: IncomingHttpHeaders): boolean {
  if (ifRange === undefined) return true;
  if (typeof ifRange !== 'string') return false; // sent twice: no single validator to trust
  const validator = ifRange.trim();
  if (validator.startsWith('W/')) return false; // weak tags never match here (strong comparison)
  if (validator.startsWith('"')) {
    const etag = object.etag;
    return etag !== undefined && !etag.startsWith('W/') && etag === validator;
  }
  const date = Date.parse(validator);
  const modified = object['last-modified'] ? Date.parse(object['last-modified']) : NaN;
  return !Number.isNaN(date) && date === modified;
}
