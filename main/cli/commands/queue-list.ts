import path from 'node:path';
import type { Job } from '../../queue/job.ts';
import type { Journal } from '../../queue/journal.ts';
import type { CliIo } from '../cli-io.ts';
import { SIGN_IN_HINT } from '../job-report.ts';

const LABELS: Record<Job['state'], string> = {
  queued: 'queued',
  uploading: 'uploading',
  waiting_network: 'waiting for network',
  signed_out: 'signed out',
  failed: 'failed',
  done: 'done',
  cancelled: 'cancelled',
};

function percent(job: Job): number {
  if (job.state === 'done') return 100;
  return job.fingerprint.size === 0 ? 0 : Math.floor((job.progressBytes / job.fingerprint.size) * 100);
}

function toJson(job: Job) {
  return {
    id: job.id,
    state: job.state,
    file: job.source,
    bytes: job.fingerprint.size,
    progressBytes: job.progressBytes,
    progress: percent(job),
    url: job.record?.url ?? job.url,
    key: job.key,
    expire: job.expire,
    error: job.error,
    attempts: job.attempts,
    nextAttemptAt: job.nextAttemptAt > 0 ? new Date(job.nextAttemptAt).toISOString() : null,
    uploadId: job.uploadId,
    partsDone: job.parts.length,
    ownerPid: job.owner?.pid ?? null,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
  };
}

/** traydrop queue [--json]: every job, oldest first: id, state, progress, file, link, and why. */
export function listQueue(journal: Journal, io: CliIo, json: boolean): number {
  const jobs = journal.list();
  if (json) {
    io.out(JSON.stringify(jobs.map(toJson), null, 2) + '\n');
    return 0;
  }
  if (jobs.length === 0) {
    io.err('The upload queue is empty.\n');
    return 0;
  }
  for (const job of jobs) {
    io.out(
      `${job.id}  ${LABELS[job.state].padEnd(19)} ${String(percent(job)).padStart(3)}%  ${path.basename(job.source)}  ${job.record?.url ?? job.url}\n`,
    );
    const retry =
      job.state === 'waiting_network'
        ? `; next try in ${Math.max(0, Math.round((job.nextAttemptAt - Date.now()) / 1000))}s`
        : '';
    if (job.error && job.state !== 'done') io.out(`          ${job.error}${retry}\n`);
  }
  if (jobs.some((job) => job.state === 'signed_out')) io.err(`Signed out: ${SIGN_IN_HINT}, then traydrop queue run\n`);
  return 0;
}
