/**
 * Files from the drop window, the macOS tray icon, `traydrop share` forwarded to the app, or the clipboard:
 * each file is queued; a folder becomes one .zip (setting zipFolders) or, with zipping off, each file inside it.
 * With early copy, several files leave all their links on the clipboard, one a line.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JobView } from '../../../common/ipc-contract.ts';
import { safeName } from '../../../common/safe-name.ts';
import { sourceKind } from '../../queue/source-guard.ts';
import { listTree, zipFolder } from '../files/zip-folder.ts';
import { queueFile, viewOf, type FlowDeps } from './flow-deps.ts';

export async function sharePaths(deps: FlowDeps, paths: readonly string[]): Promise<JobView[]> {
  const views: JobView[] = [];
  const problems: string[] = [];
  for (const file of paths) {
    try {
      if ((await sourceKind(file)) === 'file') {
        views.push(viewOf(await queueFile(deps, file, 'file', 'user', 'by-caller')));
      } else if (deps.settings.get().zipFolders) {
        const dir = path.join(deps.outgoingDir, randomBytes(6).toString('hex'));
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const zip = path.join(dir, safeName(`${path.basename(path.resolve(file))}.zip`));
        await zipFolder(file, zip);
        views.push(viewOf(await queueFile(deps, zip, 'file', 'temporary', 'by-caller')));
      } else {
        let queued = 0;
        for (const item of await listTree(file)) {
          if (item.directory || item.rel.split('/').some((part) => part.startsWith('.'))) continue;
          views.push(
            viewOf(await queueFile(deps, path.join(file, ...item.rel.split('/')), 'file', 'user', 'by-caller')),
          );
          queued++;
        }
        // an empty folder (or one with only hidden files) must not be dropped without a word
        if (queued === 0) throw new Error('the folder has no files to share (hidden files are left out)');
      }
    } catch (error) {
      // the queue's source guard words what is wrong with the file (missing, unreadable, not a regular file)
      problems.push(`${path.basename(file)}: ${(error as Error).message}`);
    }
  }
  // one clipboard write for the lot: every early link, one a line (not one write per file, each replacing the last)
  await deps.links.copyEarly(views);
  if (problems.length > 0) {
    const summary = problems.slice(0, 3).join('\n') + (problems.length > 3 ? `\n…and ${problems.length - 3} more` : '');
    // nothing shared: the caller's guard reports the error (notifying here too showed two notifications)
    if (views.length === 0) throw new Error(summary);
    deps.notifier.error(
      problems.length === 1 ? 'a file was not shared' : `${problems.length} files were not shared`,
      summary,
    );
  }
  return views;
}
