/**
 * Who runs a job. A runner writes its pid and a lease it renews while it works; a job whose owner
 * process is gone (or a zombie nobody reaped: process-alive.ts), or whose lease ran out (a hung process,
 * a reused pid), may be taken by anyone.
 * That is how a job a killed `traydrop` left behind resumes at the next start.
 */
import { randomBytes } from 'node:crypto';
import type { JobOwner } from './job.ts';
import { isProcessAlive } from './process-alive.ts';

export const LEASE_MS = 30_000;

export function newOwnerId(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** True when the job's owner, if any, is not `selfId` and is still working on it. */
export function heldByOther(
  owner: JobOwner | null,
  selfId: string,
  now: number,
  alive: (pid: number) => boolean = isProcessAlive,
): boolean {
  if (!owner || owner.id === selfId) return false;
  return owner.leaseUntil > now && alive(owner.pid);
}

export function leaseFor(ownerId: string, now: number, leaseMs = LEASE_MS): JobOwner {
  return { pid: Number(ownerId.split('-')[0]) || process.pid, id: ownerId, leaseUntil: now + leaseMs };
}
