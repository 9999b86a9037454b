/** Cancel and retry, for a job this process runs or one another process (or nobody) holds. */
import { abortMultipart } from '../upload/abort-multipart.ts';
import { fingerprintOf } from './fingerprint.ts';
import { reasonOf } from './classify.ts';
import type { Job } from './job.ts';
import { saveJob, type JobDeps } from './job-deps.ts';
import { heldByOther, leaseFor } from './lease.ts';
import { releaseLink } from './queue-broker.ts';

/** Undo a job held by `deps.ownerId`: abort its multipart upload, withdraw its link, mark it cancelled. */
export async function finishCancel(job: Job, deps: JobDeps): Promise<Job> {
  let warning: string | null = null;
  if (job.uploadId) {
    const request = { key: job.key, uploadId: job.uploadId };
    await abortMultipart({ credentials: deps.credentials }, deps.broker, request).catch((error: unknown) => {
      warning = `the partial upload could not be removed now (${reasonOf(error)}); the bucket's cleanup rule will`;
    });
  }
  await releaseLink(deps.broker, job);
  return saveJob(deps, job, {
    state: 'cancelled',
    error: warning,
    uploadId: null,
    owner: null,
    cancelRequested: false,
    nextAttemptAt: 0,
  });
}

export type CancelResult = 'cancelled' | 'requested' | 'finished';

/**
 * Cancels a job that is not running in this process. A live owner (another `traydrop`, the app)
 * is asked through the journal and stops within about half a second; otherwise this does it.
 */
export async function cancelJob(job: Job, deps: JobDeps): Promise<CancelResult> {
  if (job.state === 'done' || job.state === 'cancelled') return 'finished';
  deps.journal.update(job.id, { cancelRequested: true });
  const now = deps.now();
  if (heldByOther(job.owner, deps.ownerId, now)) return 'requested';
  if (!deps.journal.claim(job.id, job.owner?.id ?? null, leaseFor(deps.ownerId, now))) return 'requested';
  await finishCancel(deps.journal.get(job.id)!, deps);
  return 'cancelled';
}

/**
 * Puts a failed or cancelled job back in the queue (a waiting one is tried at once). The file is
 * fingerprinted again: retrying is how the user says "upload it as it is now".
 */
export async function retryJob(job: Job, deps: Pick<JobDeps, 'journal' | 'ownerId' | 'now' | 'events'>): Promise<Job> {
  if (job.state === 'done') throw new Error(`job ${job.id} is already done: ${job.url}`);
  if (heldByOther(job.owner, deps.ownerId, deps.now()) && job.state === 'uploading') {
    throw new Error(`job ${job.id} is uploading right now`);
  }
  const finished = job.state === 'failed' || job.state === 'cancelled';
  const fingerprint = finished ? await fingerprintOf(job.source).catch(() => job.fingerprint) : job.fingerprint;
  const updated = deps.journal.update(job.id, {
    state: 'queued',
    error: null,
    attempts: 0,
    nextAttemptAt: 0,
    cancelRequested: false,
    fingerprint,
    ...(finished ? { uploadId: null, partSize: null, progressBytes: 0, owner: null } : {}),
  })!;
  deps.events.emit('job', updated);
  return updated;
}
