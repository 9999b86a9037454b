/**
 * Unauthenticated domain endpoints:
 *  - `GET /.well-known/traydrop-verify/:token` answers the token on a domain that claimed it (HTTP
 *    verification: proves the domain points at this server);
 *  - `GET /caddy/ask?domain=` is Caddy's on-demand-TLS check: 200 only for the main share host,
 *    the extra SHARE_HOSTS and verified custom domains.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { hasDomainToken, verifiedDomain } from '../db/domains.ts';
import { VERIFY_PATH } from '../domains/verify-path.ts';
import { hostName, mainHosts, requestHostName } from '../share/host-scope.ts';

export function registerDomainPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { token: string } }>(`${VERIFY_PATH}:token`, async (request, reply) => {
    const host = requestHostName(request);
    const { token } = request.params;
    reply.header('cache-control', 'no-store').type('text/plain');
    if (!host || !/^[A-Za-z0-9_-]{16,64}$/.test(token) || !(await hasDomainToken(ctx.db, host, token)))
      return reply.code(404).send('not found\n');
    return reply.send(token);
  });

  app.get<{ Querystring: { domain?: string } }>('/caddy/ask', async (request, reply) => {
    const domain = hostName(request.query.domain);
    const ok = !!domain && (mainHosts(ctx).has(domain) || !!(await verifiedDomain(ctx.db, domain)));
    return reply
      .code(ok ? 200 : 404)
      .type('text/plain')
      .send(ok ? 'ok\n' : 'unknown domain\n');
  });
}
