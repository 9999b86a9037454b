import type { Settings } from '../../common/ipc-contract.ts';
import { enqueue } from '../queue/enqueue.ts';
import type { CliIo } from './cli-io.ts';
import type { QueueContext } from './queue-context.ts';
import { runAndReport } from './run-and-report.ts';
import { copyToSystemClipboard } from './system-clipboard.ts';

export interface CaptureToUpload {
  path: string;
  kind: 'screenshot' | 'recording';
}

/**
 * A capture the CLI made itself (headless `capture` / `record`): into the durable queue like `share`,
 * removed after upload only when retention says so, then sent now and reported. With early copy (the
 * default, as in the app) the link is on the clipboard before the first byte is sent: whoever opens it
 * meanwhile gets the "uploading…" page.
 */
export async function uploadCapture(
  queue: QueueContext,
  capture: CaptureToUpload,
  settings: Pick<Settings, 'retention' | 'earlyCopy'>,
  io: CliIo,
  options: { json: boolean; copy: boolean },
): Promise<number> {
  const job = await enqueue(
    {
      journal: queue.journal,
      queuedBytes: queue.queuedBytes,
      pairing: await queue.pairing(),
      rules: queue.session.config.expiryRules,
    },
    {
      path: capture.path,
      kind: capture.kind,
      removeSourceAfterUpload: settings.retention === 'delete-after-upload',
      appWritten: true,
    },
  );
  const early = options.copy && settings.earlyCopy[capture.kind] && (await copyToSystemClipboard(job.url));
  if (early && !options.json) io.err('Link copied to the clipboard; uploading…\n');
  const runner = queue.runner({ only: [job.id], once: true });
  const code = await runAndReport(runner, queue.journal, [{ file: capture.path, job }], io, {
    json: options.json,
    copy: options.copy && !early,
    wait: false,
    onInterrupt: 'cancel',
  });
  const final = queue.journal.get(job.id);
  if (early && final?.state !== 'done' && final?.state !== undefined) {
    io.err(`traydrop: the link on the clipboard will not work until this upload is done (${final.state})\n`);
  }
  return code;
}
