/**
 * Files from the drop window, the macOS tray icon, `traydrop share` forwarded to the app, or the clipboard:
 * each file is queued; a folder becomes one .zip (setting zipFolders) or, with zipping off, each file inside it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobView } from '../../../common/ipc-contract.ts';
import { safeName } from '../../../common/safe-name.ts';
import { listTree, zipFolder } from '../files/zip-folder.ts';
import { queueFile, viewOf, type FlowDeps } from './flow-deps.ts';

export async function sharePaths(deps: FlowDeps, paths: readonly string[]): Promise<JobView[]> {
  const views: JobView[] = [];
  const problems: string[] = [];
  for (const file of paths) {
    try {
      const info = await stat(file);
      if (!info.isDirectory()) {
        views.push(viewOf(await queueFile(deps, file, 'file', 'user')));
      } else if (deps.settings.get().zipFolders) {
        const dir = path.join(deps.outgoingDir, randomBytes(6).toString('hex'));
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const zip = path.join(dir, safeName(`${path.basename(path.resolve(file))}.zip`));
        await zipFolder(file, zip);
        views.push(viewOf(await queueFile(deps, zip, 'file', 'temporary')));
      } else {
        for (const item of await listTree(file)) {
          if (item.directory || item.rel.split('/').some((part) => part.startsWith('.'))) continue;
          views.push(viewOf(await queueFile(deps, path.join(file, ...item.rel.split('/')), 'file', 'user')));
        }
      }
    } catch (error) {
      problems.push(`${path.basename(file)}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    deps.notifier.error(
      problems.length === 1 ? 'a file was not shared' : `${problems.length} files were not shared`,
      problems.slice(0, 3).join('\n'),
    );
    if (views.length === 0) throw new Error(problems.join('; '));
  }
  return views;
}
