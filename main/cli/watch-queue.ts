/**
 * What the CLI shows while the queue works: one progress line for all its files on a terminal,
 * and `waiting for network… retrying in Ns` when they wait. Without a terminal it stays quiet but
 * for one line per file the first time it has to wait (logs still say why nothing happens).
 */
import path from 'node:path';
import type { Emitter, QueueEvents } from '../queue/events.ts';
import type { CliIo } from './cli-io.ts';
import { progressLine } from './progress-line.ts';

export function watchQueue(
  events: Emitter<QueueEvents>,
  io: CliIo,
  options: { names: Map<string, string>; progress: boolean; waiting: boolean },
): () => void {
  const sent = new Map<string, { sentBytes: number; totalBytes: number }>();
  const label =
    options.names.size === 1 ? path.basename([...options.names.values()][0]!) : `${options.names.size} files`;
  const progress = io.interactive && options.progress ? progressLine(label, io) : undefined;
  const waited = new Set<string>();
  let drawn = false;
  const offProgress = events.on('progress', ({ id, sentBytes, totalBytes }) => {
    if (!progress || !options.names.has(id)) return;
    sent.set(id, { sentBytes, totalBytes });
    let done = 0;
    let total = 0;
    for (const value of sent.values()) {
      done += value.sentBytes;
      total += value.totalBytes;
    }
    progress.update({ sentBytes: done, totalBytes: total });
  });
  const offJob = events.on('job', (job) => {
    if (job.state !== 'waiting_network' || !options.names.has(job.id) || !options.waiting) return;
    const seconds = Math.max(1, Math.round((job.nextAttemptAt - Date.now()) / 1000));
    if (io.interactive) {
      drawn = true;
      io.err(`\r\x1b[2K  waiting for network… retrying in ${seconds}s (${job.error})`);
    } else if (!waited.has(job.id)) {
      waited.add(job.id);
      io.err(`traydrop: ${options.names.get(job.id)}: waiting for the network (${job.error}); retrying\n`);
    }
  });
  return () => {
    offProgress();
    offJob();
    progress?.done();
    if (drawn) io.err('\r\x1b[2K');
  };
}
