/**
 * Pure decisions of the runner: which journaled jobs it may take now, and whether anything is
 * left for it to wait for. Kept apart from the timers so they can be tested one by one.
 */
import type { Job } from './job.ts';
import { heldByOther } from './lease.ts';

export interface Scope {
  ownerId: string;
  now: number;
  /** Only these job ids (the CLI's `share`); undefined: every job. */
  only?: ReadonlySet<string>;
  /** Try each job once; a job that ends up waiting for the network is left for a later run. */
  once: boolean;
  /** How many times this runner has tried each job already. */
  tries: ReadonlyMap<string, number>;
  /** Jobs this runner is running now. */
  active: ReadonlySet<string>;
  alive?: (pid: number) => boolean;
}

/** In `once` mode a job that was put back as `queued` (its upload vanished) gets a few more tries. */
const MAX_TRIES_ONCE = 3;

function inScope(job: Job, scope: Scope): boolean {
  return !scope.only || scope.only.has(job.id);
}

/** May this runner claim the job now? */
export function canTake(job: Job, scope: Scope): boolean {
  if (!inScope(job, scope) || scope.active.has(job.id)) return false;
  if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return false;
  if (heldByOther(job.owner, scope.ownerId, scope.now, scope.alive)) return false;
  if (job.cancelRequested) return true;
  const tries = scope.tries.get(job.id) ?? 0;
  if (scope.once) {
    if (tries >= MAX_TRIES_ONCE) return false;
    return tries === 0 || job.state === 'queued';
  }
  return job.state !== 'waiting_network' || job.nextAttemptAt <= scope.now;
}

/** Is this job a reason to keep the runner going (now or later)? */
export function isPending(job: Job, scope: Scope): boolean {
  if (!inScope(job, scope)) return false;
  if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return false;
  if (scope.active.has(job.id) || canTake(job, scope)) return true;
  const held = heldByOther(job.owner, scope.ownerId, scope.now, scope.alive);
  // `share` reports on its own files, so it waits while someone else (the app, `queue run`) has them; a
  // runner that waits (`queue run --wait`, the app) waits too, until the holder finishes, dies or its lease
  // runs out and the job is taken over. Only a runner that tries once leaves a held job to its holder.
  if (held) return scope.only !== undefined || !scope.once;
  if (scope.once) return false;
  return job.state === 'waiting_network' || job.state === 'queued';
}
