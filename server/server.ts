/**
 * Starts the server: logging on, listen, and a graceful stop on SIGINT/SIGTERM: health 503 first, then the listener
 * closes and the responses in flight finish (server/http/graceful-stop.ts); a second signal cuts them.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { startMemoryProbe } from './health/memory-probe.ts';
import { drainAndClose, registerDrain } from './http/graceful-stop.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Resolves once the server has closed (after close() or a signal). */
  closed: Promise<void>;
  /** Closes now: the listener and idle connections at once, then waits for the responses in flight. */
  close(): Promise<void>;
  /** What a stop signal does: drain, close, cut what is left after the grace time. */
  stop(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  options: { handleSignals?: boolean; logger?: boolean } = {},
): Promise<RunningServer> {
  const app = await buildApp({ config, logger: options.logger ?? true });
  const drain = registerDrain(app);
  const url = await app.listen({ host: config.host, port: config.port });
  const stopProbe = startMemoryProbe((message) => app.log.warn(message));
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let cutNow!: () => void;
  const secondSignal = new Promise<void>((resolve) => (cutNow = resolve));

  const close = (): Promise<void> => {
    closing ??= app.close().finally(() => {
      stopProbe();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveClosed();
    });
    return closing;
  };
  const times = { drainMs: config.shutdownDrainSeconds * 1000, graceMs: config.shutdownGraceSeconds * 1000 };
  const stop = (): Promise<void> => (stopping ??= drainAndClose(app, drain, close, times, secondSignal));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      app.log.warn(`${signal} again: cutting the responses in flight`);
      cutNow();
      return;
    }
    app.log.info(
      `${signal}: stopping (health 503 now, new connections refused in ${config.shutdownDrainSeconds} s, ` +
        `responses in flight get ${config.shutdownGraceSeconds} s more)`,
    );
    void stop();
  };
  if (options.handleSignals ?? true) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { app, url, closed, close, stop };
}
