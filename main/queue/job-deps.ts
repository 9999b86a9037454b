/** What running, cancelling and retrying a job needs: the journal, the server, credentials. */
import type { CredentialProvider } from '../credentials/credential-provider.ts';
import type { RetryOptions } from '../upload/retry.ts';
import type { Emitter, QueueEvents } from './events.ts';
import type { Job, JobPatch } from './job.ts';
import type { Journal } from './journal.ts';
import type { QueueBroker } from './queue-broker.ts';
import type { QueuedBytes } from './queued-bytes.ts';

/** Engine settings for every job (the CLI takes them from TRAYDROP_PART_SIZE / TRAYDROP_CONCURRENCY). */
export interface EngineOptions {
  partSize?: number;
  /** Parts in flight per job. */
  concurrency?: number;
  maxBytesPerSecond?: number;
  retry?: RetryOptions;
}

export interface JobDeps {
  journal: Journal;
  broker: QueueBroker;
  credentials: CredentialProvider;
  /** The runner (or command) that holds the job. */
  ownerId: string;
  events: Emitter<QueueEvents>;
  engine: EngineOptions;
  now: () => number;
  random: () => number;
  /** Small files' bytes as enqueue read them in this process: the first check then only stats the file. */
  queuedBytes?: QueuedBytes;
}

/** Saves a change while `deps.ownerId` still holds the job and tells listeners; returns the job as it is. */
export function saveJob(deps: JobDeps, job: Job, patch: JobPatch): Job {
  const updated = deps.journal.update(job.id, patch, { ownerId: deps.ownerId });
  if (!updated) return deps.journal.get(job.id) ?? job;
  deps.events.emit('job', updated);
  return updated;
}
