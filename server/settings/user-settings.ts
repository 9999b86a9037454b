/**
 * Per-user settings over the API: the expiry rules (the same shape the app applies) and the custom
 * domain. Setting a new domain starts a new verification; only a verified domain serves links.
 */
import { randomBytes } from 'node:crypto';
import type { CustomDomainStatus, SettingsResponse, UserSettings } from '../../common/broker-api.ts';
import { parseExpiryRules } from '../../common/expiry-rules.ts';
import type { AppContext } from '../context.ts';
import { claimDomain, type CustomDomain, domainOfUser, removeDomain, verifiedDomain } from '../db/domains.ts';
import { getExpiryRules, setExpiryRules } from '../db/settings.ts';
import { normalizeDomain } from '../domains/domain-name.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { VERIFY_PATH } from '../domains/verify-path.ts';
import { badRequest, conflict } from '../errors.ts';
import { mainHosts } from '../share/host-scope.ts';

function domainStatus(d: CustomDomain | null): CustomDomainStatus | null {
  if (!d) return null;
  return {
    domain: d.domain,
    verified: d.verifiedAt !== null,
    httpCheckUrl: `http://${d.domain}${VERIFY_PATH}${d.token}`,
    txtName: `_traydrop.${d.domain}`,
    txtValue: `traydrop-verify=${d.token}`,
  };
}

export async function getSettings(ctx: AppContext, userId: string): Promise<SettingsResponse> {
  const domain = await domainOfUser(ctx.db, userId);
  return {
    expiryRules: await getExpiryRules(ctx.db, userId),
    customDomain: domain?.domain ?? null,
    shareBaseUrl: await shareBaseUrlFor(ctx, userId),
    domainStatus: domainStatus(domain),
  };
}

async function updateDomain(ctx: AppContext, userId: string, requested: string | null): Promise<void> {
  const current = await domainOfUser(ctx.db, userId);
  if (requested === null || requested.trim() === '') {
    if (current) await removeDomain(ctx.db, userId);
    return;
  }
  const domain = normalizeDomain(requested);
  if (!domain) throw badRequest(`"${requested}" is not a domain name such as files.example.com`);
  if (current?.domain === domain) return;
  if (mainHosts(ctx).has(domain)) throw badRequest(`${domain} is this server's own share host`);
  const owner = await verifiedDomain(ctx.db, domain);
  if (owner && owner.userId !== userId) throw conflict(`${domain} is already verified by another user`);
  const token = randomBytes(24).toString('base64url');
  await claimDomain(ctx.db, { userId, domain, token, createdAt: ctx.now().toISOString() });
}

export async function putSettings(ctx: AppContext, userId: string, body: UserSettings): Promise<SettingsResponse> {
  let rules;
  try {
    rules = parseExpiryRules(body.expiryRules);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
  const disallowed = [rules.default, ...Object.values(rules.byKind), ...Object.values(rules.byExtension)].filter(
    (e) => !ctx.config.allowedExpiry.includes(e),
  );
  if (disallowed.length > 0) throw badRequest(`expiry ${disallowed[0]} is not allowed by this server`);
  await updateDomain(ctx, userId, body.customDomain);
  await setExpiryRules(ctx.db, userId, rules);
  return getSettings(ctx, userId);
}
