import { parseArgs } from 'node:util';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { cancelJob, finishCancel, retryJob } from '../../queue/job-actions.ts';
import { UNFINISHED_STATES, type Job } from '../../queue/job.ts';
import { Journal } from '../../queue/journal.ts';
import { heldByOther, leaseFor } from '../../queue/lease.ts';
import { type CliIo, EXIT, UsageError } from '../cli-io.ts';
import { openQueueContext, type QueueContext } from '../queue-context.ts';
import { runAndReport } from '../run-and-report.ts';
import { listQueue } from './queue-list.ts';

const USAGE =
  'usage: traydrop queue [--json] | queue run [--wait] | queue retry <id> | queue cancel <id> | queue clear [--all]';
const DAY_MS = 24 * 60 * 60 * 1000;

/** traydrop queue …: list, run, retry, cancel and clear the durable upload queue. */
export async function queueCommand(
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
      wait: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
    },
  });
  const [action = 'list', id, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(USAGE);
  if (action === 'list' || action === 'clear') {
    const journal = Journal.open(store.dir);
    try {
      if (action === 'list') return listQueue(journal, io, values.json);
      const removed = journal.clearFinished(values.all ? Date.now() + 1 : Date.now() - DAY_MS, values.all);
      io.err(`Removed ${removed} finished job${removed === 1 ? '' : 's'} from the queue.\n`);
      return EXIT.ok;
    } finally {
      journal.close();
    }
  }
  if (action !== 'run' && action !== 'retry' && action !== 'cancel') throw new UsageError(USAGE);
  if ((action === 'run') !== (id === undefined)) throw new UsageError(USAGE);
  const queue = await openQueueContext(store, env);
  try {
    if (action === 'run') return await run(queue, io, values.json, values.wait, signal);
    const job = findJob(queue, id!);
    if (action === 'cancel') return await cancel(queue, job, io);
    await retryJob(job, queue.deps);
    const runner = queue.runner({ only: [job.id], once: !values.wait });
    const options = { json: values.json, copy: false, wait: values.wait, signal, onInterrupt: 'cancel' as const };
    return await runAndReport(runner, queue.journal, [{ file: job.source, job }], io, options);
  } finally {
    queue.close();
  }
}

function findJob(queue: QueueContext, id: string): Job {
  const job = queue.journal.find(id);
  if (job === 'ambiguous')
    throw new UsageError(`"${id}" matches several jobs; give more of the id (see traydrop queue)`);
  if (!job) throw new UsageError(`no job "${id}" in the queue (see traydrop queue)`);
  return job;
}

/** Every unfinished job, including those a killed process left behind; exit 4 if some still wait. */
async function run(queue: QueueContext, io: CliIo, json: boolean, wait: boolean, signal?: AbortSignal) {
  const jobs = queue.journal.list(UNFINISHED_STATES);
  if (jobs.length === 0) {
    if (json) io.out('[]\n');
    else io.err('Nothing to upload: the queue has no unfinished jobs.\n');
    return EXIT.ok;
  }
  const runner = queue.runner({ once: !wait });
  const entries = jobs.map((job) => ({ file: job.source, job }));
  return runAndReport(runner, queue.journal, entries, io, { json, copy: false, wait, signal, onInterrupt: 'pause' });
}

/** Cancels here, or asks the process that is uploading it and waits (up to 30 s) until it has stopped. */
async function cancel(queue: QueueContext, job: Job, io: CliIo): Promise<number> {
  if (job.state === 'done') {
    io.err(`traydrop: job ${job.id} is already uploaded: ${job.record?.url ?? job.url}\n`);
    return EXIT.failed;
  }
  let result = await cancelJob(job, queue.deps);
  for (const started = Date.now(); result === 'requested' && Date.now() - started < 30_000;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = queue.journal.get(job.id)!;
    if (now.state === 'cancelled' || now.state === 'done' || now.state === 'failed') result = 'finished';
    else if (!heldByOther(now.owner, queue.deps.ownerId, Date.now())) {
      if (queue.journal.claim(now.id, now.owner?.id ?? null, leaseFor(queue.deps.ownerId, Date.now()))) {
        await finishCancel(now, queue.deps);
        result = 'cancelled';
      }
    }
  }
  const final = queue.journal.get(job.id)!;
  if (final.state !== 'cancelled') {
    const why =
      final.state === 'done' ? `it finished first: ${final.record?.url ?? final.url}` : `it is ${final.state}`;
    io.err(`traydrop: could not cancel job ${job.id}: ${why}\n`);
    return EXIT.failed;
  }
  io.err(`Cancelled ${job.id} (${job.source})${final.error ? `; ${final.error}` : ''}\n`);
  return EXIT.ok;
}
