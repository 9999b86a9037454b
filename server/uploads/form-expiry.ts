/**
 * The expiry of a file sent to POST /v1/upload: the form's `expire` field when given (one of the app's expiry
 * choices that this server allows), else what the user's expiry rules choose for it, as the app would for a file
 * it shares (the endpoint cannot tell a screenshot from another file, so the 'file' kind's rules apply).
 */
import { chooseExpiry } from '../../common/expiry-rules.ts';
import type { Expiry } from '../../common/expiry.ts';
import type { AppContext } from '../context.ts';
import { getExpiryRules } from '../db/settings.ts';
import { badRequest } from '../errors.ts';
import { requireAllowedExpiry } from './validate.ts';

export async function formExpiry(
  ctx: AppContext,
  userId: string,
  filename: string,
  field: string | undefined,
): Promise<Expiry> {
  const allowed = ctx.config.allowedExpiry;
  if (field !== undefined) return requireAllowedExpiry(field.trim(), allowed);
  const chosen = chooseExpiry(await getExpiryRules(ctx.db, userId), { name: filename, kind: 'file' });
  if (!allowed.includes(chosen))
    throw badRequest(
      `your expiry rules chose "${chosen}", which this server does not allow; send an expire field (${allowed.join(', ')})`,
    );
  return chosen;
}
