/**
 * Which job's link goes on the clipboard when, and which notification a job earns: the one owner of that
 * decision (it used to be a mutable map shared by the flows and start-app.ts). A job this app queued for someone
 * has its link copied at once (early copy for its kind) or once it is ready; a link is ready from the moment S3
 * has the file (`stored`, before the server's record) or, at the latest, when the job is done. A failure is said
 * once per job, waiting for the network once per time offline (ten screenshots on a train are one notification).
 */
import path from 'node:path';
import type { UploadKind } from '../../../common/expiry-rules.ts';
import type { Job } from '../../queue/job.ts';
import type { ElectronLike } from '../electron-like.ts';
import type { Notifier } from '../services/notifier.ts';
import type { QueueService } from '../services/queue-service.ts';
import type { SettingsStore } from '../settings-store.ts';
import { isPlanRefusalText } from '../../queue/plan-refusal.ts';

/**
 * Who wants a just-queued job's link: 'now': on the clipboard as the settings say (early, or once uploaded);
 * 'by-caller': the caller copies the early links itself (several files: all their links at once, copyEarly());
 * 'never': nobody asked just now (a watched folder's catch-up): neither the clipboard nor a notification of its
 * own (the batch has one).
 */
export type LinkWanted = 'now' | 'by-caller' | 'never';

type Delivery = 'early' | 'on-done' | 'quiet';

export interface LinkDeliveryDeps {
  queue: QueueService;
  settings: SettingsStore;
  clipboard: Pick<ElectronLike['clipboard'], 'writeText'>;
  notifier: Notifier;
}

export class LinkDelivery {
  readonly #deps: LinkDeliveryDeps;
  readonly #delivery = new Map<string, Delivery>();
  readonly #notified = new Set<string>();
  #offline = false;

  /** Listens to the queue for as long as it lives. */
  constructor(deps: LinkDeliveryDeps) {
    this.#deps = deps;
    deps.queue.events.on('stored', ({ id, url }) => {
      const job = deps.queue.journal.get(id);
      if (job) this.#linkReady(id, url, path.basename(job.source));
    });
    deps.queue.events.on('job', (job) => this.#jobChanged(job));
  }

  /** A job this app just queued: its link is copied now (early copy for `kind`) or once it is ready. */
  async queued(job: Job, kind: UploadKind, wanted: LinkWanted): Promise<void> {
    if (wanted === 'never') {
      this.#delivery.set(job.id, 'quiet');
      return;
    }
    if (!this.#deps.settings.get().earlyCopy[kind]) {
      this.#delivery.set(job.id, 'on-done');
      return;
    }
    this.#delivery.set(job.id, 'early');
    if (wanted === 'now') await this.#deps.clipboard.writeText(job.url);
  }

  /** The early links of these jobs (queued 'by-caller'), one a line, in one clipboard write. */
  async copyEarly(jobs: readonly { id: string; url: string }[]): Promise<void> {
    const early = jobs.filter((job) => this.#delivery.get(job.id) === 'early');
    if (early.length > 0) await this.#deps.clipboard.writeText(early.map((job) => job.url).join('\n'));
  }

  #once(id: string, tag: string): boolean {
    const key = `${id}:${tag}`;
    if (this.#notified.has(key)) return false;
    this.#notified.add(key);
    return true;
  }

  #linkReady(id: string, url: string, name: string): void {
    if (!this.#once(id, 'done')) return;
    const delivery = this.#delivery.get(id);
    this.#delivery.delete(id);
    if (delivery === 'on-done') void this.#deps.clipboard.writeText(url);
    if (delivery !== 'quiet') this.#deps.notifier.linkReady(name, url, delivery !== undefined);
  }

  #jobChanged(job: Job): void {
    const { notifier, queue } = this.#deps;
    const name = path.basename(job.source);
    if (job.state === 'done') {
      this.#linkReady(job.id, job.url, job.record?.name ?? name);
    } else if (job.state === 'failed' && this.#once(job.id, 'failed')) {
      // a plan's refusal (the core's words) is not helped by retrying
      const next = isPlanRefusalText(job.error)
        ? "Delete links to make room, or ask the server's admin."
        : 'Open History… to retry it.';
      notifier.error(`${name} was not uploaded`, `${job.error ?? 'unknown error'}. ${next}`);
    } else if (job.state === 'waiting_network' && !this.#offline) {
      this.#offline = true;
      notifier.info(
        `${name} is waiting for the network`,
        `${job.error ?? 'offline'}. It uploads on its own when the server is reachable, and so does whatever you share meanwhile; its link works from then on.`,
      );
    }
    if (this.#offline && job.state !== 'waiting_network' && queue.journal.list(['waiting_network']).length === 0)
      this.#offline = false;
  }
}
