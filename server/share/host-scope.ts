/**
 * Which links a request may reach, by the host it targets (server/http/request-target.ts: an
 * absolute-form target's authority, else Host; never a forwarded host header). The main share host
 * (SHARE_BASE_URL) and the extra SHARE_HOSTS serve every user's links; a verified custom domain
 * serves only its owner's; a claimed but unverified domain serves only its verification token; any
 * other host nothing. Scopes take the request, not a header, so no caller can pick the wrong one.
 */
import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../context.ts';
import { verifiedDomain } from '../db/domains.ts';
import { requestAuthority } from '../http/request-target.ts';

export type HostScope =
  | { kind: 'all'; baseUrl: string }
  | { kind: 'user'; userId: string; baseUrl: string; domain: string }
  | { kind: 'none'; host: string };

/** A request as far as its host goes (a FastifyRequest is one). */
export interface TargetedRequest {
  raw: IncomingMessage;
}

/** Lower-case host name without port or trailing dot; '' for an unusable value. */
export function hostName(header: string | undefined): string {
  const value = (header ?? '').trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return m ? m[1]!.replace(/\.$/, '') : '';
}

export function mainHosts(ctx: AppContext): Set<string> {
  return new Set([new URL(ctx.config.shareBaseUrl).hostname, ...ctx.config.shareHosts].map((h) => h.toLowerCase()));
}

export function customDomainBaseUrl(domain: string): string {
  return `https://${domain}`;
}

/** The host name the request targets, normalized by hostName(); '' when it has none we could serve. */
export function requestHostName(request: TargetedRequest): string {
  return hostName(requestAuthority(request.raw));
}

export async function hostScope(ctx: AppContext, request: TargetedRequest): Promise<HostScope> {
  const host = requestHostName(request);
  if (host && mainHosts(ctx).has(host)) return { kind: 'all', baseUrl: ctx.config.shareBaseUrl };
  const domain = host ? await verifiedDomain(ctx.db, host) : null;
  if (domain) return { kind: 'user', userId: domain.userId, baseUrl: customDomainBaseUrl(host), domain: host };
  return { kind: 'none', host };
}

/** May this host serve this user's link? */
export function scopeAllows(scope: HostScope, userId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'user' && scope.userId === userId);
}
