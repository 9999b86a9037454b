/** The base of a user's links: their custom domain once verified, else the server's SHARE_BASE_URL. */
import type { AppContext } from '../context.ts';
import { domainOfUser } from '../db/domains.ts';
import { customDomainBaseUrl } from '../share/host-scope.ts';

export async function shareBaseUrlFor(ctx: AppContext, userId: string): Promise<string> {
  const domain = await domainOfUser(ctx.db, userId);
  return domain?.verifiedAt ? customDomainBaseUrl(domain.domain) : ctx.config.shareBaseUrl;
}

/**
 * The same for the user of a /v1 request: without a query when authentication has read the domain already (a device
 * token: server/db/with-owner.ts), else as shareBaseUrlFor.
 */
export async function shareBaseUrlOf(
  ctx: AppContext,
  identity: { userId: string; verifiedDomain?: string | null },
): Promise<string> {
  if (identity.verifiedDomain === undefined) return shareBaseUrlFor(ctx, identity.userId);
  return identity.verifiedDomain === null ? ctx.config.shareBaseUrl : customDomainBaseUrl(identity.verifiedDomain);
}
