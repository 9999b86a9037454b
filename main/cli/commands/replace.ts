/**
 * traydrop replace <link> <file>: the headless way to what the editor's "Update link" does. The file goes into the
 * durable queue as a replacement of that link (main/queue/enqueue-replace.ts): the link stays the same, and once the
 * server has confirmed it, it serves the file's bytes only. The link must be one this machine shared (the queue's
 * journal knows its key and expiry): a link is not enough to tell them apart from another user's or guess its key.
 */
import { parseArgs } from 'node:util';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { enqueueReplace } from '../../queue/enqueue-replace.ts';
import type { Journal } from '../../queue/journal.ts';
import { QueueStorageError } from '../../queue/storage-error.ts';
import { type CliIo, UsageError } from '../cli-io.ts';
import { describeError } from '../describe-error.ts';
import type { Entry } from '../job-report.ts';
import { openQueueContext } from '../queue-context.ts';
import { runAndReport } from '../run-and-report.ts';

const USAGE = 'usage: traydrop replace <link> <file> [--json] [--no-copy] [--wait]';

/** The newest finished job of this link, whichever file it sent (a first upload or an earlier replacement). */
export function knownLink(journal: Journal, url: string) {
  const job = journal
    .list(['done'])
    .filter((j) => j.url === url && j.record !== null)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  return job?.record ? { key: job.key, url: job.url, expire: job.record.expire, kind: job.kind } : null;
}

export async function replaceCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'no-copy': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 2) throw new UsageError(USAGE);
  const [url, file] = positionals as [string, string];
  const queue = await openQueueContext(store, env);
  try {
    const link = knownLink(queue.journal, url.trim());
    if (!link) throw new UsageError(`${url} is not a link this machine shared (\`traydrop queue\` lists them)`);
    const entries: Entry[] = [];
    try {
      const { journal, queuedBytes } = queue;
      const pairing = await queue.pairing();
      entries.push({
        file,
        job: await enqueueReplace({ journal, queuedBytes, pairing }, { path: file, kind: link.kind, link }),
      });
    } catch (error) {
      if (error instanceof QueueStorageError) throw error;
      const failure = describeError(error);
      entries.push({ file, error: failure });
      io.err(`traydrop: ${file}: ${failure.message}\n`);
    }
    const runner = queue.runner({ only: entries.flatMap((e) => ('job' in e ? [e.job.id] : [])), once: !values.wait });
    return await runAndReport(runner, queue.journal, entries, io, {
      json: values.json,
      copy: !values['no-copy'],
      wait: values.wait,
      signal,
      onInterrupt: 'cancel',
    });
  } finally {
    queue.close();
  }
}
