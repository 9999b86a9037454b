/** POST /v1/settings/domain/verify: run the verifiers (HTTP token, then DNS TXT) for the claimed domain. */
import type { DomainVerifyResponse } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { domainOfUser, markVerified, verifiedDomain } from '../db/domains.ts';
import { badRequest, conflict } from '../errors.ts';
import { getSettings } from './user-settings.ts';

export async function verifyDomain(ctx: AppContext, userId: string): Promise<DomainVerifyResponse> {
  const claimed = await domainOfUser(ctx.db, userId);
  if (!claimed) throw badRequest('no custom domain set; PUT /v1/settings with customDomain first');
  if (claimed.verifiedAt) return { verified: true, method: 'already', settings: await getSettings(ctx, userId) };
  for (const verifier of ctx.domainVerifiers) {
    if (!(await verifier.verify(claimed.domain, claimed.token))) continue;
    const owner = await verifiedDomain(ctx.db, claimed.domain);
    if (owner && owner.userId !== userId) throw conflict(`${claimed.domain} is already verified by another user`);
    await markVerified(ctx.db, userId, ctx.now());
    return { verified: true, method: verifier.name, settings: await getSettings(ctx, userId) };
  }
  return { verified: false, method: null, settings: await getSettings(ctx, userId) };
}
