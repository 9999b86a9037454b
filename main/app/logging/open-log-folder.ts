/**
 * "Open log folder" (the tray's item and the settings window's About): the folder in the desktop's file
 * manager. shell.openPath answers with an error text instead of rejecting, so that becomes an error here.
 */
import { mkdir } from 'node:fs/promises';
import type { ElectronLike } from '../electron-like.ts';

export async function openLogFolder(shell: Pick<ElectronLike['shell'], 'openPath'>, folder: string): Promise<void> {
  // nothing may have been logged yet: an empty folder opens, a missing one does not
  await mkdir(folder, { recursive: true });
  const problem = await shell.openPath(folder);
  if (problem) throw new Error(`could not open ${folder}: ${problem}`);
}
