/**
 * May a link's thumbnail be served to anyone who has the link? Only for a public link: no password (a thumbnail
 * would show what the password protects) and no max downloads (its page shows nothing of the file either), and not
 * after it expired.
 */
import type { StoredUpload } from '../db/uploads.ts';

export function isPublicLink(upload: StoredUpload, now: Date): boolean {
  const expired = upload.expiresAt !== null && now.getTime() >= Date.parse(upload.expiresAt);
  return !expired && upload.passwordHash === null && upload.maxDownloads === null;
}
