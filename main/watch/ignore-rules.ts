/**
 * Files the watched folder never reports: hidden files (dotfiles, also our own `.traydrop-….part` temp files),
 * and names browsers and editors use while a write is in progress. The final name appears on rename, and that
 * is reported.
 */
import path from 'node:path';

export const PARTIAL_EXTENSIONS = ['.part', '.partial', '.crdownload', '.download', '.tmp', '.temp', '.swp', '.!ut'];

export function isIgnoredName(file: string): boolean {
  const name = path.basename(file);
  if (name.startsWith('.') || name.endsWith('~')) return true;
  if (name === 'Thumbs.db' || name === 'desktop.ini') return true;
  const lower = name.toLowerCase();
  return PARTIAL_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
