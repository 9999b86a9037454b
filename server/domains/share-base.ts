/** The base of a user's links: their custom domain once verified, else the server's SHARE_BASE_URL. */
import type { AppContext } from '../context.ts';
import { domainOfUser } from '../db/domains.ts';
import { customDomainBaseUrl } from '../share/host-scope.ts';

export async function shareBaseUrlFor(ctx: AppContext, userId: string): Promise<string> {
  const domain = await domainOfUser(ctx.db, userId);
  return domain?.verifiedAt ? customDomainBaseUrl(domain.domain) : ctx.config.shareBaseUrl;
}
