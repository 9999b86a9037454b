import type { RetentionPolicy } from '../../common/ipc-contract.ts';
import { enqueue } from '../queue/enqueue.ts';
import type { CliIo } from './cli-io.ts';
import type { QueueContext } from './queue-context.ts';
import { runAndReport } from './run-and-report.ts';

/**
 * A capture the CLI made itself (headless `capture` / `record`): into the durable queue like `share`,
 * removed after upload only when retention says so, then sent now and reported.
 */
export async function uploadCapture(
  queue: QueueContext,
  capture: { path: string; kind: 'screenshot' | 'recording'; retention: RetentionPolicy },
  io: CliIo,
  options: { json: boolean; copy: boolean },
): Promise<number> {
  const job = await enqueue(
    { journal: queue.journal, pairing: await queue.pairing(), rules: queue.session.config.expiryRules },
    { path: capture.path, kind: capture.kind, removeSourceAfterUpload: capture.retention === 'delete-after-upload' },
  );
  const runner = queue.runner({ only: [job.id], once: true });
  return runAndReport(runner, queue.journal, [{ file: capture.path, job }], io, {
    ...options,
    wait: false,
    onInterrupt: 'cancel',
  });
}
