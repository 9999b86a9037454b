/** Checks on keys and expiry values a client sends; failures are 400s with a message that says what to do. */
import type { Expiry } from '../../common/expiry.ts';
import { isSafeName, safeName } from '../../common/safe-name.ts';
import { type ParsedKey, parseObjectKey, userPrefix } from '../../common/share-key.ts';
import { badRequest } from '../errors.ts';

export function parseUserKey(key: string, userId: string): ParsedKey {
  const parsed = parseObjectKey(key);
  if (!parsed) {
    throw badRequest(`key "${key}" must look like users/<userId>/<shareId>/<name>, shareId being 12 letters or digits`);
  }
  if (parsed.userId !== userId) throw badRequest(`key "${key}" is outside your prefix ${userPrefix(userId)}`);
  if (!isSafeName(parsed.name)) {
    throw badRequest(
      `name "${parsed.name}" in key is not a safe name (safeName() would make it "${safeName(parsed.name)}")`,
    );
  }
  return parsed;
}

export function requireAllowedExpiry(expire: string | undefined, allowed: readonly Expiry[]): Expiry {
  if (expire === undefined || !(allowed as readonly string[]).includes(expire)) {
    const got = expire === undefined ? 'no expire tag' : `expire "${expire}"`;
    throw badRequest(`${got} is not allowed by this server; allowed: ${allowed.join(', ')}`);
  }
  return expire as Expiry;
}
