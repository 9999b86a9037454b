/**
 * GET /v1/health, without a token: 200 when the server can reach its storage, else 503. Clients whose
 * jobs wait for the network poll it and retry as soon as it answers 200, instead of sleeping out their
 * backoff; a load balancer can use it too.
 */
import type { FastifyInstance } from 'fastify';
import { API, type HealthResponse } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { storageCheck } from '../health/storage-check.ts';

export function registerHealthRoute(app: FastifyInstance, ctx: AppContext): void {
  const storageReachable = storageCheck(ctx.s3, ctx.config.s3Bucket);
  // polled every few seconds by each waiting client: not one access-log line per poll
  app.get(API.health, { logLevel: 'warn' }, async (_request, reply): Promise<HealthResponse> => {
    const ok = await storageReachable();
    reply.header('cache-control', 'no-store');
    if (!ok) reply.code(503);
    return { ok, storage: ok ? 'ok' : 'unreachable' };
  });
}
