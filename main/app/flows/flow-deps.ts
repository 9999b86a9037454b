/** What the capture, recording, clipboard and drop flows share, and the one step they all end with. */
import type { JobView } from '../../../common/ipc-contract.ts';
import type { UploadKind } from '../../../common/expiry-rules.ts';
import type { Job } from '../../queue/job.ts';
import type { ElectronLike } from '../electron-like.ts';
import { jobView, type QueueService } from '../services/queue-service.ts';
import type { Notifier } from '../services/notifier.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { CaptureApi } from './capture-api.ts';
import type { LinkDelivery, LinkWanted } from './link-delivery.ts';

export interface FlowDeps {
  settings: SettingsStore;
  queue: QueueService;
  notifier: Notifier;
  clipboard: ElectronLike['clipboard'];
  screen: ElectronLike['screen'];
  capture: CaptureApi;
  /** Where zips of dropped folders wait for their upload (inside the config folder: they must survive restarts). */
  outgoingDir: string;
  platform: NodeJS.Platform;
  /** Where a queued job's link goes, and when (link-delivery.ts). */
  links: LinkDelivery;
  /** Opens the capture editor on a PNG (bound once the editor exists). */
  openEditor?(file: string, scaleFactor: number): void;
  /** Loads the editor's page ahead, hidden, while the user still chooses a region to edit (editor-flow.ts). */
  prepareEditor?(): void;
  /** Offline OCR (Capture text). */
  ocr?: { recognize(image: Buffer): Promise<{ text: string }> };
  /** The last screenshot this app took ("Edit last capture"). */
  lastCapture: { file: string; scaleFactor: number } | null;
}

/**
 * Queues a file and hands its link to the link delivery (on the clipboard at once or once ready, as `copy` says).
 * `origin`: `user` files are never deleted; `capture` files (screenshots, recordings, clipboard images and text
 * the app wrote into the captures folder) are deleted after upload when retention says so; `temporary` files
 * (zips of dropped folders) always are.
 */
export async function queueFile(
  deps: FlowDeps,
  file: string,
  kind: UploadKind,
  origin: 'user' | 'capture' | 'temporary',
  copy: LinkWanted = 'now',
): Promise<Job> {
  const settings = deps.settings.get();
  const removeSourceAfterUpload =
    origin === 'temporary' || (origin === 'capture' && settings.retention === 'delete-after-upload');
  const appWritten = origin !== 'user';
  const job = await deps.queue.add({ path: file, kind, removeSourceAfterUpload, appWritten }, settings.expiryRules);
  await deps.links.queued(job, kind, copy);
  return job;
}

export const viewOf = (job: Job): JobView => jobView(job);
