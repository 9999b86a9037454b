/**
 * Stopping without cutting anyone off, for an instance behind a load balancer. On SIGTERM: /v1/health answers 503 at
 * once (the balancer stops sending new requests: docs/deploy/haproxy.cfg checks every 500 ms), every answer from then
 * on closes its connection (nobody reuses a keep-alive connection to an instance going away); after the drain time
 * the listener closes (new connections are refused), the responses in flight finish, and whatever is still open after
 * the grace time is cut. Not at import: server.ts installs it before it listens.
 */
import type { FastifyInstance } from 'fastify';
import { API, type HealthResponse } from '../../common/broker-api.ts';

export interface Drain {
  /** True from the first stop signal on. */
  readonly draining: boolean;
  /** Health 503 and `Connection: close` from now on. */
  begin(): void;
}

/** A root onRequest hook: while draining, health is 503 (whatever the storage says) and no connection is kept. */
export function registerDrain(app: FastifyInstance): Drain {
  let draining = false;
  app.addHook('onRequest', async (request, reply) => {
    if (!draining) return;
    reply.header('connection', 'close');
    if (request.url.split('?')[0] === API.health) {
      const body: HealthResponse = { ok: false, storage: 'ok', stopping: true };
      return reply.code(503).header('cache-control', 'no-store').send(body);
    }
  });
  return {
    get draining() {
      return draining;
    },
    begin: () => void (draining = true),
  };
}

export interface StopTimes {
  /** Health 503 while still accepting connections. */
  drainMs: number;
  /** Then the listener closes; in-flight responses get this long. */
  graceMs: number;
}

/**
 * Drains, closes (app.close() waits for the responses in flight, then runs the onClose hooks: statistics flushed,
 * database closed) and cuts what is left after the grace time. `cutNow` ends the wait early (a second signal).
 */
export async function drainAndClose(
  app: FastifyInstance,
  drain: Drain,
  close: () => Promise<void>,
  times: StopTimes,
  cutNow: Promise<void>,
): Promise<void> {
  drain.begin();
  await Promise.race([new Promise((resolve) => setTimeout(resolve, times.drainMs)), cutNow]);
  let closed = false;
  const cut = (why: string): void => {
    if (closed) return;
    app.log.warn(`${why}: cutting the connections still open`);
    app.server.closeAllConnections();
  };
  const timer = setTimeout(() => cut(`still sending after ${times.graceMs / 1000} s`), times.graceMs);
  void cutNow.then(() => cut('second stop signal'));
  try {
    await close();
  } finally {
    closed = true;
    clearTimeout(timer);
  }
}
