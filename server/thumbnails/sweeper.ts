/**
 * Runs the background thumbnail sweep on every instance (the job lock lets one of them run each pass): every minute,
 * so a link's thumbnail is usually there before anyone asks; what a pass misses is made on demand. `stop()` ends a
 * pass in progress after its current thumbnail and waits for that, so the database is not closed under it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Thumbnailer } from './thumbnailer.ts';

export const THUMBNAIL_SWEEP_INTERVAL_MS = 60_000;

export interface ThumbnailSweeper {
  stop(): Promise<void>;
}

export function startThumbnailSweeper(
  thumbnails: Thumbnailer,
  log: FastifyBaseLogger,
  intervalMs = THUMBNAIL_SWEEP_INTERVAL_MS,
): ThumbnailSweeper {
  let pass: Promise<unknown> = Promise.resolve();
  if (intervalMs === 0) return { stop: () => Promise.resolve() };
  const timer = setInterval(() => {
    pass = thumbnails.sweep().catch((error: unknown) => log.error({ err: error }, 'thumbnail sweep failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      thumbnails.stop();
      await pass;
    },
  };
}
