/**
 * A watched folder (for example the system's screenshot folder): each new file is reported once to `onFile`,
 * after its write has finished, and never again, also not after a restart.
 *
 * - Finished writes: chokidar's awaitWriteFinish reports a file only once its size has not changed for
 *   `stabilityMs` (default 1 s). Partial names (`.part`, `.crdownload`, `.tmp`…) and dotfiles are ignored
 *   (ignore-rules.ts); their final name is reported when they are renamed. Empty files wait for content.
 * - Once: every reported version (path, size, digest of first + last MiB) goes into a ledger in `stateDir`
 *   after `onFile` resolves. A `touch` or a duplicate event does not report again; new content at the same path
 *   does. If `onFile` throws, the file is not recorded and is reported again on its next change.
 * - Files already in the folder when the folder is first watched are NOT reported, unless `uploadExisting: true`
 *   (then the ledger still skips the ones reported before).
 * - With `catchUp`, files that arrived while nothing watched (the app closed, or crashed) are reported at the next
 *   start, oldest first: a mark in `stateDir` (watch-mark.ts) says until when the folder was watched. More than
 *   `catchUp.limit` such files (default 50) and none is reported: `onTooMany` says how many. Stopping for good
 *   (`close({ forget: true })`, the user chose another folder or none) drops the mark, so a folder watched again
 *   later starts afresh.
 * - Folders are never reported; by default only the folder's own files are watched (`recursive: true` for
 *   subfolders).
 *
 * Between `onFile` resolving and the ledger line being fsynced, a crash can make the file reported once more on
 * the next start (with uploadExisting or catchUp): the app's durable queue should accept that. No crash loses a
 * file that onFile had not yet accepted: the mark never passes a file still on its way to `onFile`.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watch, type FSWatcher } from 'chokidar';
import { filesArrivedSince } from './arrived-since.ts';
import { fileFacts, type FileFacts } from './file-digest.ts';
import { isIgnoredName } from './ignore-rules.ts';
import { openLedger } from './ledger.ts';
import { forgetWatchMark, readWatchMark, writeWatchMark } from './watch-mark.ts';

export interface CatchUpOptions {
  /** At most this many files are caught up at a start; more and none is (default 50). */
  limit?: number;
  /** These files arrived while nothing watched and are being reported now. */
  onCatchUp?(files: string[], since: Date): void;
  /** `count` files arrived while nothing watched: more than the limit, so none was reported. */
  onTooMany?(count: number, since: Date): void;
  /** How often the mark is written while watching, default 30 s. */
  markEveryMs?: number;
}

export interface WatchOptions {
  folder: string;
  /** Where the ledger (and the catch-up mark) live: the app's state folder. */
  stateDir: string;
  /** Called once per new file; the app enqueues it into the durable upload queue. */
  onFile(file: string, facts: FileFacts): void | Promise<void>;
  onError?(error: Error): void;
  /** How long a file's size must stay the same before it counts as written, default 1000 ms. */
  stabilityMs?: number;
  /** How often the size is checked meanwhile, default 100 ms. */
  pollMs?: number;
  uploadExisting?: boolean;
  /** Report the files that arrived while nothing watched this folder (see above). */
  catchUp?: CatchUpOptions;
  recursive?: boolean;
  /** Poll the folder instead of OS events (network shares, some container mounts). */
  usePolling?: boolean;
}

export interface FolderWatcher {
  /** Stop watching. `forget`: for good (the user stopped watching this folder), so no catch-up later. */
  close(options?: { forget?: boolean }): Promise<void>;
  /** Resolves when the files that arrived while nothing watched have been offered to `onFile`. */
  readonly caughtUp: Promise<void>;
}

/** Beyond `stabilityMs`: how late chokidar may report a finished write (polling, a busy machine). */
const MARK_SLACK_MS = 5000;
const DEFAULT_CATCH_UP_LIMIT = 50;

export async function watchFolder(options: WatchOptions): Promise<FolderWatcher> {
  const folder = path.resolve(options.folder);
  if (!(await stat(folder)).isDirectory()) throw new Error(`${folder} is not a folder`);
  const ledger = await openLedger(options.stateDir);
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const stabilityMs = options.stabilityMs ?? 1000;
  const chains = new Map<string, Promise<void>>();
  /** When the event of each file on its way to onFile came: the mark stays before them. */
  const pendingSince = new Map<string, number>();
  let closed = false;

  const consider = async (file: string): Promise<void> => {
    if (closed) return;
    const facts = await fileFacts(file);
    if (facts.size === 0 || ledger.has(facts)) return;
    // Still the same file after hashing? If not, the next change event brings it back.
    const now = await stat(file);
    if (now.size !== facts.size || now.mtimeMs !== facts.mtimeMs) return;
    if (closed) return;
    await options.onFile(file, facts);
    await ledger.add(facts);
  };

  // Events for one path run one after another, so add + change of one write cannot both report it.
  const enqueue = (file: string): Promise<void> => {
    if (!pendingSince.has(file)) pendingSince.set(file, Date.now());
    const next = (chains.get(file) ?? Promise.resolve())
      .then(() => consider(file))
      .catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return; // gone before we looked (moved away, a temp file)
        onError(error instanceof Error ? error : new Error(String(error)));
      });
    chains.set(file, next);
    void next.finally(() => {
      if (chains.get(file) !== next) return;
      chains.delete(file);
      pendingSince.delete(file);
    });
    return next;
  };

  const mark = options.catchUp && !options.uploadExisting ? await readWatchMark(options.stateDir, folder) : undefined;
  const watcher: FSWatcher = watch(folder, {
    ignoreInitial: !options.uploadExisting,
    depth: options.recursive ? undefined : 0,
    usePolling: options.usePolling ?? false,
    awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: options.pollMs ?? 100 },
    ignored: (file: string) => file !== folder && isIgnoredName(file),
  });
  watcher.on('add', (file: string) => void enqueue(file));
  watcher.on('change', (file: string) => void enqueue(file));
  watcher.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  const stop = async (): Promise<void> => {
    closed = true;
    await watcher.close();
    await Promise.all([...chains.values()]);
    await ledger.close();
  };
  if (!options.catchUp || options.uploadExisting) return { caughtUp: Promise.resolve(), close: stop };

  // The mark: every file that arrived before it was reported, or was there before watching began. It never
  // passes a file still on its way (pending, or still being written: stabilityMs + slack before now), nor, while
  // the files that came while nothing watched are being reported, the old mark.
  const catchUp = options.catchUp;
  let floor = mark?.seenUntil ?? Date.now();
  let catchingUp = mark !== undefined;
  const seenUntil = (): number =>
    Math.max(floor, Math.min(Date.now(), ...pendingSince.values()) - stabilityMs - MARK_SLACK_MS);
  let marking: Promise<void> = Promise.resolve();
  const saveMark = (until = seenUntil()): Promise<void> => {
    floor = until;
    marking = marking
      .then(() => writeWatchMark(options.stateDir, { folder, seenUntil: until }))
      .catch((error: unknown) => onError(new Error(`the watched folder's mark: ${(error as Error).message}`)));
    return marking;
  };
  const timer = setInterval(() => {
    if (!catchingUp) void saveMark();
  }, catchUp.markEveryMs ?? 30_000);
  timer.unref();

  const catchUpSince = async (since: number): Promise<void> => {
    let failed = false;
    try {
      const arrived = (await filesArrivedSince(folder, since, { recursive: options.recursive })).filter(
        (file) => !ledger.mayHave(file.path, file.size),
      );
      const limit = catchUp.limit ?? DEFAULT_CATCH_UP_LIMIT;
      if (arrived.length > limit) {
        catchUp.onTooMany?.(arrived.length, new Date(since));
        floor = Math.floor(Math.max(floor, ...arrived.map((file) => file.arrivedMs))) + 1; // not again next time
        return;
      }
      // A file still being written (a copy that outlived the app) is left to chokidar, which reports it when done.
      await sleep(stabilityMs);
      const settled: string[] = [];
      for (const file of arrived) {
        const now = await stat(file.path).catch(() => undefined);
        if (now && now.size === file.size && now.mtimeMs === file.mtimeMs) settled.push(file.path);
      }
      if (settled.length === 0 || closed) return;
      catchUp.onCatchUp?.(settled, new Date(since));
      for (const file of settled) await enqueue(file); // one by one: queued oldest first
    } catch (error) {
      failed = true;
      onError(new Error(`files that arrived while nothing watched: ${(error as Error).message}`));
    } finally {
      // cut short by close, or failed (the folder could not be listed): the old mark stays, so these files come
      // again at the next start (what was reported meanwhile is in the ledger)
      if (!closed && !failed) {
        catchingUp = false;
        await saveMark();
      }
    }
  };
  const caughtUp = mark ? catchUpSince(mark.seenUntil) : saveMark();

  return {
    caughtUp,
    async close({ forget = false } = {}) {
      clearInterval(timer);
      const until = catchingUp ? undefined : seenUntil(); // before stop(): what is on its way counts
      await stop();
      await caughtUp;
      await marking;
      if (forget) await forgetWatchMark(options.stateDir);
      else if (until !== undefined && !catchingUp) await saveMark(until);
    },
  };
}
