/**
 * One attempt at one job, by the runner that holds it: check the source is still what was queued,
 * upload it (resuming the stored multipart upload, journaling its id and every part S3 accepts) while
 * the early link is reserved, say `stored` once S3 has it, then settle the job's state from how it ended.
 * If the journal itself fails meanwhile, the attempt stops (a multipart upload is kept) and its
 * QueueStorageError is thrown as it is: settling would only write to the failing journal again.
 */
import type { UploadRecord } from '../../common/broker-api.ts';
import { BrokerError } from '../credentials/broker-error.ts';
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import { canReplace, replaceSession } from '../share/replace-upload.ts';
import { planUpload } from '../upload/part-plan.ts';
import { uploadFile, UploadPaused, type UploadBroker } from '../upload/upload-file.ts';
import { classifyFailure, JobError } from './classify.ts';
import { fingerprintChange, type ReadFingerprint } from './fingerprint.ts';
import type { Job } from './job.ts';
import { saveJob, type JobDeps } from './job-deps.ts';
import { PlanRefused } from './plan-refusal.ts';
import { reserveLink } from './queue-broker.ts';
import { settleJob } from './settle-job.ts';
import { sourceUnchanged, verifySource, watchSource } from './source-guard.ts';
import { storageErrorIn } from './storage-error.ts';

const PROGRESS_SAVE_MS = 1000;

/** `job` was taken by the runner as `uploading`, its attempts counted, in the same write. */
export async function runJob(job: Job, deps: JobDeps, signal: AbortSignal): Promise<Job> {
  deps.events.emit('job', job);
  let current = job;
  const partsBefore = current.parts.length;
  const watch = watchSource(job, signal);
  // A progress save that fails comes from inside the engine's stream: it must not throw there (nothing would
  // catch it), so it stops the attempt instead, as a pause that keeps the multipart upload.
  const journalFailed = new AbortController();
  const failed = (error: unknown): void =>
    journalFailed.abort(new UploadPaused('the journal failed', { cause: error }));
  const stopping = AbortSignal.any([watch.signal, journalFailed.signal]);
  try {
    const record = await attempt(current, deps, stopping, (next) => (current = next), failed);
    return saveJob(deps, current, {
      state: 'done',
      record,
      error: null,
      progressBytes: record.bytes,
      attempts: 0,
      owner: null,
    });
  } catch (caught) {
    let error = stopping.aborted && !signal.aborted ? stopping.reason : caught;
    const storage = storageErrorIn(error) ?? storageErrorIn(caught);
    if (storage) throw storage; // the runner stops; the job stays as last journaled, to be resumed
    if (!signal.aborted && classifyFailure(error) === 'transient')
      error = await verifySource(job).then(
        () => error,
        (e) => e,
      );
    current = deps.journal.get(job.id) ?? current;
    const madeProgress = current.parts.length > partsBefore;
    return settleJob(current, error, deps, { signal, madeProgress, resumed: job.uploadId !== null });
  } finally {
    watch.stop();
  }
}

/**
 * The early link is reserved first, while the source check runs (for a small file whose bytes enqueue kept, a
 * single stat): the reservation carries the file's size, and the user's plan (issue #16) may refuse it with a 413,
 * which must stop the upload before a byte is sent. Its answer is awaited before the credentials are looked at
 * (usually cached: no request), so it costs one round trip to our own server, not S3's time. An attempt that
 * fails before the upload started (offline, no credentials) still reserves, unless the job failed for good, so
 * the link answers "uploading…" while the job waits. The reservation is settled before the upload is reported or
 * given up: the server sees them in order, and a cancelled job's release comes after it. One that fails for
 * another reason (offline, an older server) does not stop the upload; without it the link is live from the
 * server's record on instead of from the moment S3 has the file.
 */
async function attempt(
  job: Job,
  deps: JobDeps,
  signal: AbortSignal,
  update: (job: Job) => void,
  journalFailed: (error: unknown) => void,
): Promise<UploadRecord> {
  let reserved: Promise<boolean | PlanRefused> | undefined;
  const reservation = (): Promise<boolean | PlanRefused> => (reserved ??= reserveLink(deps.broker, job));
  const reserve = (): void => void reservation();
  let live = false;
  const linkLive = (): void => {
    if (live) return;
    live = true;
    deps.events.emit('stored', { id: job.id, url: job.url });
  };
  const onStored = async (): Promise<void> => {
    if ((await reserved) === true) linkLive(); // the gateway finds a reserved object in S3 by itself
  };
  try {
    const record = await send(job, deps, signal, update, { reservation, onStored, journalFailed });
    linkLive();
    return record;
  } catch (error) {
    if (!(error instanceof JobError) && !signal.aborted) reserve();
    throw error;
  } finally {
    await reserved;
  }
}

async function send(
  job: Job,
  deps: JobDeps,
  signal: AbortSignal,
  update: (job: Job) => void,
  hooks: {
    reservation: () => Promise<boolean | PlanRefused>;
    onStored: () => Promise<void>;
    journalFailed: (error: unknown) => void;
  },
): Promise<UploadRecord> {
  // With the bytes enqueue kept, the check is one stat: it runs in the thread pool while the reservation
  // goes out (so our server answers it before the PutObject starts instead of sharing the CPU with it) and
  // the credentials are looked at; nothing is sent before the check has said yes.
  const kept = keptBytes(job, deps);
  const checking = verifySource(job, kept);
  checking.catch(() => undefined); // awaited below, after the credentials
  // the reservation carries the file's size: the user's plan says yes or no there, before a byte is sent
  const reserved = await hooks.reservation();
  if (reserved instanceof PlanRefused) throw reserved;
  const { credentials, broker } = serverFor(job, deps);
  const session = await credentials.get();
  // a replacement keeps the link's own tag: its credentials allow that one only (main/share/replace-upload.ts)
  const expire = job.replaces ? (session.allowedExpiry[0] ?? job.expire) : job.expire;
  if (!session.allowedExpiry.includes(expire)) {
    const allowed = session.allowedExpiry.join(', ') || 'none';
    throw new JobError(`expiry "${job.expire}" is not allowed by this server (it allows: ${allowed})`);
  }
  if (!job.key.startsWith(session.prefix)) {
    throw new JobError(`it was queued for another account (${job.key.split('/')[1]}), not ${session.userId}`);
  }
  const { fingerprint: checked, contents } = await checking;
  signal.throwIfAborted();
  const plan = planUpload(job.fingerprint.size, { partSize: job.partSize ?? deps.engine.partSize });
  const partSize = plan.kind === 'multipart' ? plan.partSize : (job.partSize ?? deps.engine.partSize);
  let uploadId = job.uploadId;
  let lastSave = deps.now();
  const upload = uploadFile({
    path: job.source,
    key: job.key,
    contentType: job.contentType,
    expire,
    credentials,
    broker,
    partSize,
    concurrency: deps.engine.concurrency,
    maxBytesPerSecond: deps.engine.maxBytesPerSecond,
    retry: deps.engine.retry,
    signal,
    resume: job.uploadId ? { uploadId: job.uploadId } : undefined,
    keepUploadOnFailure: true,
    onStored: hooks.onStored,
    // the queue's guard says whether the file is still as checked (before a multipart upload completes…)
    source: { size: checked.size, unchanged: () => sourceUnchanged(job) },
    // a small file was read whole by the check: send exactly those bytes, signed with their SHA-256
    contents: contents && { bytes: contents, sha256: checked.head },
    onUploadId: (id) => {
      uploadId = id;
      if (id !== job.uploadId) update(saveJob(deps, job, { uploadId: id, partSize: partSize ?? null }));
    },
    onPartDone: (part) => {
      if (uploadId) deps.journal.addPart(job.id, uploadId, part);
    },
    onProgress: ({ sentBytes, totalBytes }) => {
      deps.events.emit('progress', { id: job.id, sentBytes, totalBytes });
      // Saved for other processes (`traydrop queue list`) about once a second. Not at 100%: the next write
      // is the job's `done` or `uploading` with its completion, and a synchronous write there would come
      // between S3's answer and `stored` (0.7 ms of an 8 ms screenshot upload).
      const now = deps.now();
      if (now - lastSave < PROGRESS_SAVE_MS || sentBytes >= totalBytes) return;
      lastSave = now;
      try {
        deps.journal.update(job.id, { progressBytes: sentBytes }, { ownerId: deps.ownerId });
      } catch (error) {
        hooks.journalFailed(error);
      }
    },
  });
  try {
    return await upload;
  } catch (error) {
    const recovered =
      job.uploadId && classifyFailure(error) === 'upload-gone' ? await recoverCompletion(job, deps, broker) : null;
    if (recovered) return recovered;
    throw error;
  }
}

/**
 * The stored multipart upload is gone. If that is because an earlier run completed it and then died
 * before hearing the answer, the server has the record: completing again returns it (the server's
 * complete is idempotent by upload id). A 404 means the upload really is gone: start over.
 */
async function recoverCompletion(job: Job, deps: JobDeps, broker: UploadBroker): Promise<UploadRecord | null> {
  const stored = deps.journal.get(job.id) ?? job;
  if (!stored.uploadId || stored.parts.length === 0) return null;
  try {
    return await broker.completeMultipart({ key: stored.key, uploadId: stored.uploadId, parts: stored.parts });
  } catch (error) {
    if (error instanceof BrokerError && error.status === 404) return null;
    throw error;
  }
}

/** Where the job's bytes go: the queue's server for a new link, the replace routes for a replacement. */
function serverFor(job: Job, deps: JobDeps): { credentials: CredentialProvider; broker: UploadBroker } {
  if (!job.replaces) return { credentials: deps.credentials, broker: deps.broker };
  const base = deps.broker;
  if (!canReplace(base)) throw new JobError('this server cannot replace a link; share the file as a new link');
  const target = { shareId: job.shareId, key: job.key, bytes: job.fingerprint.size, contentType: job.contentType };
  return replaceSession(base, target);
}

/** The bytes enqueue kept for this job (queued-bytes.ts), when they are the file as it was queued. */
function keptBytes(job: Job, deps: JobDeps): ReadFingerprint | undefined {
  const kept = deps.queuedBytes?.take(job.id);
  return kept && !fingerprintChange(job.fingerprint, kept.fingerprint) ? kept : undefined;
}
