/**
 * The deletion URL POST /v1/upload hands back (ShareX's DeletionURL): a capability, so it needs no sign-in and
 * keeps working as long as the link does. Its token is an HMAC of the share id under a random secret of this
 * database (server_secrets, 'upload-deletion'): nothing to store per link, the same on every instance, and a
 * wrong token is told apart from a right one only in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DELETION_SECRET_NAME = 'upload-deletion';

export function deletionToken(secret: Buffer, shareId: string): string {
  return createHmac('sha256', secret).update(`delete:${shareId}`).digest('base64url');
}

export function deletionPath(shareId: string, token: string): string {
  return `/delete/${shareId}/${token}`;
}

export function deletionUrl(baseUrl: string, secret: Buffer, shareId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${deletionPath(shareId, deletionToken(secret, shareId))}`;
}

export function deletionTokenMatches(secret: Buffer, shareId: string, token: string): boolean {
  const expected = Buffer.from(deletionToken(secret, shareId));
  const given = Buffer.from(token);
  // the lengths differ only for a malformed token, which says nothing about the right one
  return given.length === expected.length && timingSafeEqual(given, expected);
}
