/**
 * How an attempt that did not succeed leaves its job: cancelled, paused, waiting for the network
 * (with backoff), signed out, restarted without its lost multipart upload, or failed for good (its
 * multipart upload aborted and its early link withdrawn, so nothing is left behind).
 */
import { UploadPaused } from '../upload/upload-file.ts';
import { abortMultipart } from '../upload/abort-multipart.ts';
import { backoffMs } from './backoff.ts';
import { classifyFailure, reasonOf } from './classify.ts';
import type { Job } from './job.ts';
import { finishCancel } from './job-actions.ts';
import { saveJob, type JobDeps } from './job-deps.ts';
import { releaseLink } from './queue-broker.ts';

export interface SettleContext {
  signal: AbortSignal;
  /** The attempt got at least one more part into S3 (the backoff starts over). */
  madeProgress: boolean;
  /** The attempt continued a stored multipart upload. */
  resumed: boolean;
}

export async function settleJob(job: Job, error: unknown, deps: JobDeps, context: SettleContext): Promise<Job> {
  if (context.signal.aborted) {
    if (context.signal.reason instanceof UploadPaused) return saveJob(deps, job, { state: 'queued', owner: null });
    return finishCancel(job, deps);
  }
  const reason = reasonOf(error);
  let kind = classifyFailure(error);
  if (kind === 'upload-gone' && !context.resumed) kind = 'transient';
  switch (kind) {
    case 'upload-gone': // expired or aborted meanwhile: start over with a fresh multipart upload
      return saveJob(deps, job, { state: 'queued', uploadId: null, partSize: null, progressBytes: 0, owner: null });
    case 'signed-out': {
      const settled = saveJob(deps, job, { state: 'signed_out', error: reason, owner: null });
      deps.events.emit('signedOut', { message: reason });
      return settled;
    }
    case 'transient': {
      const attempts = context.madeProgress ? 1 : job.attempts;
      const delay = backoffMs(attempts, { random: deps.random });
      return saveJob(deps, job, {
        state: 'waiting_network',
        error: reason,
        attempts,
        nextAttemptAt: deps.now() + delay,
        owner: null,
      });
    }
    case 'permanent': {
      if (job.uploadId) {
        const request = { key: job.key, uploadId: job.uploadId };
        await abortMultipart({ credentials: deps.credentials }, deps.broker, request).catch(() => undefined);
      }
      await releaseLink(deps.broker, job);
      return saveJob(deps, job, { state: 'failed', error: reason, uploadId: null, owner: null });
    }
  }
}
