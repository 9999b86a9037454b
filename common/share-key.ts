/**
 * Object keys and share links. A key is `users/<userId>/<shareId>/<name>`:
 * the share id is random and unguessable, the name is sanitized and never a path from the user.
 * The link is `<shareBaseUrl>/<shareId>/<name>`; the gateway finds the key by share id only.
 */
export const SHARE_ID_LENGTH = 12;
export const SHARE_ID_PATTERN = /^[0-9A-Za-z]{12}$/;
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export function userPrefix(userId: string): string {
  return `users/${userId}/`;
}

export function objectKey(userId: string, shareId: string, safeName: string): string {
  return `${userPrefix(userId)}${shareId}/${safeName}`;
}

export interface ParsedKey {
  userId: string;
  shareId: string;
  name: string;
}

/** Splits a key made by objectKey; null for anything else (other prefixes, extra slashes, bad ids). */
export function parseObjectKey(key: string): ParsedKey | null {
  const m = /^users\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(key);
  if (!m) return null;
  const [, userId, shareId, name] = m as unknown as [string, string, string, string];
  if (!USER_ID_PATTERN.test(userId) || !SHARE_ID_PATTERN.test(shareId)) return null;
  return { userId, shareId, name };
}

export function shareUrl(shareBaseUrl: string, shareId: string, safeName: string): string {
  return `${shareBaseUrl.replace(/\/+$/, '')}/${shareId}/${encodeURIComponent(safeName)}`;
}
