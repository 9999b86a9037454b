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
 * - Files already in the folder when watching starts are NOT reported, unless `uploadExisting: true` (then
 *   the ledger still skips the ones reported before). Files created while nothing was watching count as
 *   existing: Traydrop never uploads something the user did not see it pick up.
 * - Folders are never reported; by default only the folder's own files are watched (`recursive: true` for
 *   subfolders).
 *
 * Between `onFile` resolving and the ledger line being fsynced, a crash can make the file reported once more on
 * the next start (with uploadExisting): the app's durable queue should accept that. No crash loses a file that
 * onFile had not yet accepted.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { fileFacts, type FileFacts } from './file-digest.ts';
import { isIgnoredName } from './ignore-rules.ts';
import { openLedger } from './ledger.ts';

export interface WatchOptions {
  folder: string;
  /** Where the ledger lives (the app's state folder). */
  stateDir: string;
  /** Called once per new file; the app enqueues it into the durable upload queue. */
  onFile(file: string, facts: FileFacts): void | Promise<void>;
  onError?(error: Error): void;
  /** How long a file's size must stay the same before it counts as written, default 1000 ms. */
  stabilityMs?: number;
  /** How often the size is checked meanwhile, default 100 ms. */
  pollMs?: number;
  uploadExisting?: boolean;
  recursive?: boolean;
  /** Poll the folder instead of OS events (network shares, some container mounts). */
  usePolling?: boolean;
}

export interface FolderWatcher {
  close(): Promise<void>;
}

export async function watchFolder(options: WatchOptions): Promise<FolderWatcher> {
  const folder = path.resolve(options.folder);
  if (!(await stat(folder)).isDirectory()) throw new Error(`${folder} is not a folder`);
  const ledger = await openLedger(options.stateDir);
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const chains = new Map<string, Promise<void>>();
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
  const enqueue = (file: string): void => {
    const next = (chains.get(file) ?? Promise.resolve())
      .then(() => consider(file))
      .catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return; // gone before we looked (moved away, a temp file)
        onError(error instanceof Error ? error : new Error(String(error)));
      });
    chains.set(file, next);
    void next.finally(() => {
      if (chains.get(file) === next) chains.delete(file);
    });
  };

  const watcher: FSWatcher = watch(folder, {
    ignoreInitial: !options.uploadExisting,
    depth: options.recursive ? undefined : 0,
    usePolling: options.usePolling ?? false,
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 1000, pollInterval: options.pollMs ?? 100 },
    ignored: (file: string) => file !== folder && isIgnoredName(file),
  });
  watcher.on('add', enqueue);
  watcher.on('change', enqueue);
  watcher.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    async close() {
      closed = true;
      await watcher.close();
      await Promise.all([...chains.values()]);
      await ledger.close();
    },
  };
}
