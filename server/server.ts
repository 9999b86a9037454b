/** Starts the server: logging on, listen, and a graceful close on SIGINT/SIGTERM. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Resolves once the server has closed (after close() or a signal). */
  closed: Promise<void>;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  options: { handleSignals?: boolean; logger?: boolean } = {},
): Promise<RunningServer> {
  const app = await buildApp({ config, logger: options.logger ?? true });
  const url = await app.listen({ host: config.host, port: config.port });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= app.close().finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveClosed();
    });
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    app.log.info(`${signal}: closing (in-flight requests finish first)`);
    void close();
  };
  if (options.handleSignals ?? true) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, url, closed, close };
}
