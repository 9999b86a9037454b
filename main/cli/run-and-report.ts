/** Runs a queue runner in the foreground with progress, then reports each file and copies the links. */
import type { Journal } from '../queue/journal.ts';
import type { QueueRunner } from '../queue/runner.ts';
import type { CliIo } from './cli-io.ts';
import { reportJobs, type Entry } from './job-report.ts';
import { copyToSystemClipboard } from './system-clipboard.ts';
import { watchQueue } from './watch-queue.ts';

export interface RunOptions {
  json: boolean;
  copy: boolean;
  wait: boolean;
  signal?: AbortSignal;
  /** Ctrl-C: `cancel` the files (share: their uploads are aborted) or `pause` (queue run: they stay queued). */
  onInterrupt: 'cancel' | 'pause';
}

export async function runAndReport(
  runner: QueueRunner,
  journal: Journal,
  entries: Entry[],
  io: CliIo,
  options: RunOptions,
): Promise<number> {
  const names = new Map(entries.flatMap((e) => ('job' in e ? [[e.job.id, e.file] as const] : [])));
  const stopWatching = watchQueue(runner.events, io, { names, progress: !options.json, waiting: options.wait });
  // A cancel that cannot be written (the journal failed) stops the runner and is reported after it; left
  // to reject on its own it would end the process with a stack trace.
  let interruptFailure: { error: unknown } | undefined;
  const interrupt = (): void => {
    if (options.onInterrupt === 'pause') void runner.stop();
    else
      for (const id of names.keys())
        runner.cancel(id).catch((error: unknown) => {
          interruptFailure ??= { error };
          void runner.stop();
        });
  };
  if (options.signal?.aborted) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    if (names.size > 0) await runner.run();
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    stopWatching();
  }
  if (interruptFailure) throw interruptFailure.error;
  const final = entries.map((e) => ('job' in e ? { file: e.file, job: journal.get(e.job.id) ?? e.job } : e));
  const { code, urls } = reportJobs(final, io, options.json);
  if (options.copy && urls.length > 0 && (await copyToSystemClipboard(urls.join('\n'))) && !options.json) {
    io.err(urls.length === 1 ? 'Link copied to the clipboard.\n' : `${urls.length} links copied to the clipboard.\n`);
  }
  return code;
}
