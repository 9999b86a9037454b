/**
 * What follows a change in the queue, beyond the links (link-delivery.ts): the windows get the new job list
 * and status, the tray refreshes, a watched folder's catch-up counts its finished jobs, a stopped queue (the
 * journal cannot be written: a full disk…) and a rejected device token are said in a notification; after sleep
 * or unlocking, waiting jobs are tried at once.
 */
import { IPC_EVENTS } from '../../common/ipc-contract.ts';
import type { ElectronLike } from './electron-like.ts';
import type { WatchedFolderFlow } from './flows/watched-folder-flow.ts';
import type { Notifier } from './services/notifier.ts';
import type { QueueService } from './services/queue-service.ts';

export interface QueueReactionDeps {
  queue: QueueService;
  watched: Pick<WatchedFolderFlow, 'settled'>;
  notifier: Notifier;
  powerMonitor: ElectronLike['powerMonitor'];
  /** Sends an event to every open window. */
  broadcast(channel: string, value: unknown): void;
  refreshTray(): void;
}

export function reactToQueue({
  queue,
  watched,
  notifier,
  powerMonitor,
  broadcast,
  refreshTray,
}: QueueReactionDeps): void {
  queue.events.on('changed', () => {
    broadcast(IPC_EVENTS.jobsChanged, queue.views());
    refreshTray();
  });
  queue.events.on('job', (job) => {
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') watched.settled(job);
  });
  // said once per problem (a retry that fails the same way is not news), and shown in History
  queue.events.on('status', (status) => {
    broadcast(IPC_EVENTS.queueStatusChanged, status);
    if (status.problem) notifier.error('uploads stopped', `${status.problem}.`);
  });
  queue.events.on('signedOut', ({ message }) =>
    notifier.error('signed out', `${message}. Open Settings… and pair again; queued files are kept.`),
  );
  powerMonitor.on('resume', () => queue.nudge());
  powerMonitor.on('unlock-screen', () => queue.nudge());
}
