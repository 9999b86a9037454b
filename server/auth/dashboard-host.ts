/**
 * The dashboard and its sessions live on the main share host only: SHARE_BASE_URL's host name, read from the
 * request target the one way the server reads it (server/http/request-target.ts). On a custom domain, an extra
 * SHARE_HOSTS name or any other host, /dashboard answers 404 and no session cookie counts: a user's own domain
 * is a page they control, and it must never be able to hold or receive another user's session.
 */
import type { AppContext } from '../context.ts';
import { requestHostName, type TargetedRequest } from '../share/host-scope.ts';

export function onDashboardHost(ctx: AppContext, request: TargetedRequest): boolean {
  const host = requestHostName(request);
  return host !== '' && host === new URL(ctx.config.shareBaseUrl).hostname.toLowerCase();
}
