/**
 * GET /v1/health, without a token: 200 when the server can reach its storage and its database, else 503. Clients
 * whose jobs wait for the network poll it and retry as soon as it answers 200, instead of sleeping out their
 * backoff; a load balancer takes an instance that cannot reach the database out until it can again.
 */
import type { FastifyInstance } from 'fastify';
import { API, type HealthResponse } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { databaseCheck } from '../health/database-check.ts';
import { storageCheck } from '../health/storage-check.ts';

export function registerHealthRoute(app: FastifyInstance, ctx: AppContext): void {
  const storageReachable = storageCheck(ctx.s3, ctx.config.s3Bucket);
  const databaseReachable = databaseCheck(ctx.db);
  // polled every few seconds by each waiting client: not one access-log line per poll
  app.get(API.health, { logLevel: 'warn' }, async (_request, reply): Promise<HealthResponse> => {
    const [storage, database] = await Promise.all([storageReachable(), databaseReachable()]);
    const ok = storage && database;
    reply.header('cache-control', 'no-store');
    if (!ok) reply.code(503);
    return { ok, storage: storage ? 'ok' : 'unreachable', database: database ? 'ok' : 'unreachable' };
  });
}
