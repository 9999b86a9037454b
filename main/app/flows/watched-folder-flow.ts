/**
 * The watched folder in the app: new files there are queued like dropped files. Files that arrived while the
 * app was closed are queued at the next start too (watch-folder.ts's catch-up), but quietly: their links stay
 * off the clipboard (the user is doing something else by then), one notification says they are coming and one
 * says when all are uploaded, instead of one per file. More than `CATCH_UP_LIMIT` and none is uploaded: the
 * notification says so, and the user drops the ones they want.
 */
import path from 'node:path';
import type { Job } from '../../queue/job.ts';
import type { FolderWatcher, watchFolder } from '../../watch/watch-folder.ts';
import { queueFile, type FlowDeps } from './flow-deps.ts';

export const CATCH_UP_LIMIT = 50;

interface Batch {
  folderName: string;
  /** Its jobs not finished yet. */
  open: Set<string>;
  uploaded: number;
  notUploaded: number;
  /** The watcher has offered all its files (some may have been skipped: changed, or gone). */
  offered: boolean;
  reported: boolean;
}

const files = (n: number): string => (n === 1 ? '1 file' : `${n} files`);

export class WatchedFolderFlow {
  readonly #deps: FlowDeps;
  readonly #stateDir: string;
  readonly #watch: typeof watchFolder;
  readonly #log: (line: string) => void;
  #watcher: FolderWatcher | undefined;
  /** Files of a catch-up that are being queued now, and the batch each job then belongs to. */
  readonly #arriving = new Map<string, Batch>();
  readonly #batchOf = new Map<string, Batch>();

  constructor(deps: FlowDeps, stateDir: string, watch: typeof watchFolder, log: (line: string) => void) {
    this.#deps = deps;
    this.#stateDir = stateDir;
    this.#watch = watch;
    this.#log = log;
  }

  /**
   * Watch `folder` (null: none). `changed`: the user chose it now, so the folder watched before is dropped for
   * good (watched again later, it starts afresh instead of catching up on all it gathered meanwhile).
   */
  async apply(folder: string | null, changed: boolean): Promise<void> {
    await this.#watcher?.close({ forget: changed });
    this.#watcher = undefined;
    if (!folder) return;
    const { notifier } = this.#deps;
    const folderName = path.basename(folder);
    let batch: Batch | undefined;
    try {
      this.#watcher = await this.#watch({
        folder,
        stateDir: this.#stateDir,
        onFile: (file) => this.#queue(file),
        onError: (error) => this.#log(`watched folder: ${error.message}`),
        catchUp: {
          limit: CATCH_UP_LIMIT,
          onCatchUp: (arrived) => {
            batch = { folderName, open: new Set(), uploaded: 0, notUploaded: 0, offered: false, reported: false };
            for (const file of arrived) this.#arriving.set(file, batch);
            notifier.info(
              `Uploading ${files(arrived.length)} from ${folderName}`,
              `${arrived.length === 1 ? 'It' : 'They'} arrived while Traydrop was closed. The links are in History… (not copied).`,
            );
          },
          onTooMany: (count) =>
            notifier.info(
              `${files(count)} arrived in ${folderName} while Traydrop was closed`,
              `More than ${CATCH_UP_LIMIT}, so none was uploaded. Drop the ones you want on Traydrop; new files upload as usual.`,
            ),
        },
      });
      void this.#watcher.caughtUp.then(() => {
        if (!batch) return;
        batch.offered = true;
        for (const [file, of] of this.#arriving) if (of === batch) this.#arriving.delete(file);
        this.#reportIfDone(batch);
      });
    } catch (error) {
      notifier.error(
        'watched folder',
        `${folder} cannot be watched: ${(error as Error).message}. Choose another folder in Settings….`,
      );
    }
  }

  /** A job finished (done, failed or cancelled): the last of a catch-up batch says how it went. */
  settled(job: Job): void {
    const batch = this.#batchOf.get(job.id);
    if (!batch) return;
    this.#batchOf.delete(job.id);
    batch.open.delete(job.id);
    if (job.state === 'done') batch.uploaded++;
    else batch.notUploaded++;
    this.#reportIfDone(batch);
  }

  /** The app quits: the folder's mark stays, so the next start catches up on what arrives meanwhile. */
  async close(): Promise<void> {
    await this.#watcher?.close({ forget: false });
    this.#watcher = undefined;
  }

  async #queue(file: string): Promise<void> {
    const batch = this.#arriving.get(file);
    try {
      const job = await queueFile(this.#deps, file, 'file', 'user', batch ? 'never' : 'now');
      if (batch) {
        batch.open.add(job.id);
        this.#batchOf.set(job.id, batch);
      }
    } catch (error) {
      if (batch) batch.notUploaded++;
      // not queued (not paired, unreadable…): the user hears it; the watcher offers the file again on its next change
      this.#deps.notifier.error(
        'watched folder',
        `${path.basename(file)} was not uploaded: ${(error as Error).message}. Save it again, or drop it on Traydrop, once that is fixed.`,
      );
      throw error;
    } finally {
      this.#arriving.delete(file);
    }
  }

  /** Once every file of a catch-up is offered and every job of it finished: one notification for them all. */
  #reportIfDone(batch: Batch): void {
    if (!batch.offered || batch.open.size > 0 || batch.reported || batch.uploaded === 0) return;
    batch.reported = true;
    // each file that was not uploaded had its own notification, with its reason
    const notUploaded = batch.notUploaded > 0 ? ` ${files(batch.notUploaded)} could not be uploaded.` : '';
    this.#deps.notifier.info(
      `${files(batch.uploaded)} from ${batch.folderName} uploaded`,
      `The links are in History….${notUploaded}`,
    );
  }
}
