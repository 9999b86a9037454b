/**
 * Everything decided about a share before a byte is sent: the safe name, a fresh share id, the
 * object key under the user's prefix, the link, the Content-Type and the expiry. The link is known
 * up front, so the app can copy it while the upload is still running.
 */
import path from 'node:path';
import type { Expiry } from '../../common/expiry.ts';
import { chooseExpiry, type ExpiryRules, type UploadKind } from '../../common/expiry-rules.ts';
import { safeName } from '../../common/safe-name.ts';
import { USER_ID_PATTERN, objectKey, shareUrl } from '../../common/share-key.ts';
import { contentTypeFor } from '../../common/content-type.ts';
import { newShareId } from '../../common/share-id.ts';

export interface PlanShareInput {
  path: string;
  userId: string;
  shareBaseUrl: string;
  kind: UploadKind;
  /** The user's explicit choice (`--expire`, the drop menu); beats every rule. */
  explicitExpiry?: Expiry;
  rules: ExpiryRules;
  /** Expire values the server's session policy accepts (CredentialsResponse.allowedExpiry). */
  allowedExpiry: readonly Expiry[];
  /** For tests; default a fresh random id. */
  shareId?: string;
}

export interface SharePlan {
  name: string;
  shareId: string;
  key: string;
  url: string;
  contentType: string;
  expire: Expiry;
}

export class ExpiryNotAllowedError extends Error {
  override name = 'ExpiryNotAllowedError';
}

export function planShare(input: PlanShareInput): SharePlan {
  if (!USER_ID_PATTERN.test(input.userId)) throw new Error(`the server gave an invalid user id: ${input.userId}`);
  const original = path.basename(input.path);
  const name = safeName(original);
  const expire = chooseExpiry(input.rules, { name: original, kind: input.kind }, input.explicitExpiry);
  if (!input.allowedExpiry.includes(expire)) {
    const why = input.explicitExpiry ? 'you asked for' : 'your expiry rules chose';
    const allowed = input.allowedExpiry.join(', ') || 'none';
    throw new ExpiryNotAllowedError(`${why} expiry "${expire}", but this server only allows: ${allowed}`);
  }
  const shareId = input.shareId ?? newShareId();
  return {
    name,
    shareId,
    key: objectKey(input.userId, shareId, name),
    url: shareUrl(input.shareBaseUrl, shareId, name),
    contentType: contentTypeFor(original),
    expire,
  };
}
