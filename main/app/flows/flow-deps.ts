/** What the capture, recording, clipboard and drop flows share, and the one step they all end with. */
import type { JobView } from '../../../common/ipc-contract.ts';
import type { UploadKind } from '../../../common/expiry-rules.ts';
import type { Job } from '../../queue/job.ts';
import type { ElectronLike } from '../electron-like.ts';
import { jobView, type QueueService } from '../services/queue-service.ts';
import type { Notifier } from '../services/notifier.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { CaptureApi } from './capture-api.ts';

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
  /** Jobs this app queued: their link was copied at once (`early`) or is copied when done (`on-done`). */
  linkCopy: Map<string, 'early' | 'on-done'>;
  /** Opens the capture editor on a PNG (bound once the editor exists). */
  openEditor?(file: string, scaleFactor: number): void;
  /** Offline OCR (Capture text). */
  ocr?: { recognize(image: Buffer): Promise<{ text: string }> };
  /** The last screenshot this app took ("Edit last capture"). */
  lastCapture: { file: string; scaleFactor: number } | null;
}

/**
 * Queues a file and puts its link on the clipboard at once (early copy, per kind) or when it is done.
 * `origin`: `user` files are never deleted; `capture` files (screenshots, recordings, clipboard images and text
 * the app wrote into the captures folder) are deleted after upload when retention says so; `temporary` files
 * (zips of dropped folders) always are.
 */
export async function queueFile(
  deps: FlowDeps,
  file: string,
  kind: UploadKind,
  origin: 'user' | 'capture' | 'temporary',
  /**
   * 'now': the link goes on the clipboard as the settings say (early, or once uploaded); 'by-caller': the caller puts
   * it there itself (several files: all their links at once); 'never': nobody asked for it just now (a watched
   * folder's files that arrived while the app was closed), so the clipboard is left alone.
   */
  copy: 'now' | 'by-caller' | 'never' = 'now',
): Promise<Job> {
  const settings = deps.settings.get();
  const removeSourceAfterUpload =
    origin === 'temporary' || (origin === 'capture' && settings.retention === 'delete-after-upload');
  const appWritten = origin !== 'user';
  const job = await deps.queue.add({ path: file, kind, removeSourceAfterUpload, appWritten }, settings.expiryRules);
  if (copy === 'never') return job;
  if (settings.earlyCopy[kind]) {
    deps.linkCopy.set(job.id, 'early');
    if (copy === 'now') await deps.clipboard.writeText(job.url);
  } else deps.linkCopy.set(job.id, 'on-done');
  return job;
}

export const viewOf = (job: Job): JobView => jobView(job);
