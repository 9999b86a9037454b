import { parseArgs } from 'node:util';
import { EXPIRY_VALUES, isExpiry } from '../../../common/expiry.ts';
import type { UploadKind } from '../../../common/expiry-rules.ts';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { enqueue } from '../../queue/enqueue.ts';
import { QueueStorageError } from '../../queue/storage-error.ts';
import { type CliIo, UsageError } from '../cli-io.ts';
import { describeError } from '../describe-error.ts';
import type { Entry } from '../job-report.ts';
import { parseRate } from '../parse-rate.ts';
import { openQueueContext } from '../queue-context.ts';
import { runAndReport } from '../run-and-report.ts';

export type { ShareResult } from '../job-report.ts';

const KINDS: UploadKind[] = ['file', 'screenshot', 'recording'];

function parseShareArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      expire: { type: 'string', short: 'e' },
      json: { type: 'boolean', default: false },
      kind: { type: 'string', default: 'file' },
      'no-copy': { type: 'boolean', default: false },
      'limit-rate': { type: 'string' },
      wait: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0)
    throw new UsageError('usage: traydrop share <files…> [--expire 1d|7d|30d|90d|365d|never] [--json] [--wait]');
  if (values.expire !== undefined && !isExpiry(values.expire)) {
    throw new UsageError(`--expire ${values.expire}: expected one of ${EXPIRY_VALUES.join(', ')}`);
  }
  if (!KINDS.includes(values.kind as UploadKind))
    throw new UsageError(`--kind ${values.kind}: expected one of ${KINDS.join(', ')}`);
  return {
    files: positionals,
    expire: values.expire,
    json: values.json,
    kind: values.kind as UploadKind,
    copy: !values['no-copy'],
    wait: values.wait,
    maxBytesPerSecond: values['limit-rate'] === undefined ? undefined : parseRate(values['limit-rate']),
  };
}

/**
 * traydrop share <files…>: every file goes into the durable queue first (its link is decided
 * then), and the queue uploads them in the foreground. A file the network or server keeps from
 * going up stays queued (exit 4; `traydrop queue run` finishes it); `--wait` waits it out instead.
 */
export async function shareCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<number> {
  const options = parseShareArgs(args);
  const queue = await openQueueContext(store, env);
  try {
    const pairing = await queue.pairing();
    const entries: Entry[] = [];
    for (const file of options.files) {
      try {
        const { journal, queuedBytes } = queue;
        const context = { journal, queuedBytes, pairing, rules: queue.session.config.expiryRules };
        entries.push({ file, job: await enqueue(context, { path: file, kind: options.kind, expire: options.expire }) });
      } catch (error) {
        if (error instanceof QueueStorageError) throw error; // not this file's fault: one line, and stop
        const failure = describeError(error);
        entries.push({ file, error: failure });
        io.err(`traydrop: ${file}: ${failure.message}\n`);
      }
    }
    const runner = queue.runner({
      only: entries.flatMap((e) => ('job' in e ? [e.job.id] : [])),
      once: !options.wait,
      maxBytesPerSecond: options.maxBytesPerSecond,
    });
    return await runAndReport(runner, queue.journal, entries, io, {
      json: options.json,
      copy: options.copy,
      wait: options.wait,
      signal,
      onInterrupt: 'cancel',
    });
  } finally {
    queue.close();
  }
}
