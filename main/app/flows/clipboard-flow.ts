/**
 * Upload from clipboard (Electron 45's promise-based clipboard: read() gives ClipboardItems with MIME types):
 * files copied in a file manager are shared as they are (`text/uri-list` on Linux; the platform's own file
 * formats through `electron application/osclipboard;format=…` on macOS and Windows, untested here); an image
 * becomes a PNG in the captures folder; text becomes a .txt there.
 */
import { fileURLToPath } from 'node:url';
import type { JobView } from '../../../common/ipc-contract.ts';
import type { ElectronLike } from '../electron-like.ts';
import { queueFile, viewOf, type FlowDeps } from './flow-deps.ts';
import { sharePaths } from './share-paths.ts';

export class EmptyClipboardError extends Error {
  override name = 'EmptyClipboardError';
  constructor() {
    super('the clipboard holds no file, image or text: copy something first');
  }
}

export function fileUrlsToPaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('file://'))
    .flatMap((l) => {
      try {
        return [fileURLToPath(l)];
      } catch {
        return [];
      }
    });
}

interface Found {
  files: string[];
  png: Buffer | undefined;
  text: string;
}

const blobOf = async (item: Electron.ClipboardItem, type: string): Promise<Blob | undefined> => {
  const value = await item.getType(type).catch(() => undefined);
  return value instanceof Blob ? value : undefined;
};

/** What the clipboard holds, in order of preference: files, an image, text. */
export async function readClipboard(clipboard: ElectronLike['clipboard']): Promise<Found> {
  const items = await clipboard.read();
  for (const item of items) {
    const fileType = item.types.find((t) => t === 'text/uri-list' || /public\.file-url|FileNameW/.test(t));
    if (fileType) {
      const text = (await (await blobOf(item, fileType))?.text()) ?? '';
      const files = /FileNameW/.test(fileType)
        ? text.split('\0').filter((p) => /^([a-z]:\\|\\\\)/i.test(p))
        : fileUrlsToPaths(text);
      if (files.length > 0) return { files, png: undefined, text: '' };
    }
  }
  for (const item of items) {
    if (!item.types.includes('image/png')) continue;
    const blob = await blobOf(item, 'image/png');
    if (blob && blob.size > 0) return { files: [], png: Buffer.from(await blob.arrayBuffer()), text: '' };
  }
  const text = await clipboard.readText();
  // A copied file in some file managers is only a file:// line in the text.
  const urls = fileUrlsToPaths(text);
  if (urls.length > 0 && urls.length === text.trim().split(/\r?\n/).length)
    return { files: urls, png: undefined, text: '' };
  return { files: [], png: undefined, text };
}

export async function uploadClipboardFlow(deps: FlowDeps): Promise<JobView[]> {
  const found = await readClipboard(deps.clipboard);
  if (found.files.length > 0) return sharePaths(deps, found.files);
  const settings = deps.settings.get();
  if (found.png) {
    const file = await deps.capture.saveCapture(found.png, {
      folder: settings.capturesFolder,
      kind: 'screenshot',
      extension: '.png',
      pattern: settings.naming.screenshot,
    });
    return [viewOf(await queueFile(deps, file, 'screenshot', 'capture'))];
  }
  if (found.text.trim() === '') throw new EmptyClipboardError();
  const file = await deps.capture.saveCapture(Buffer.from(found.text, 'utf8'), {
    folder: settings.capturesFolder,
    kind: 'screenshot',
    extension: '.txt',
    pattern: 'Clipboard {date} at {time}.txt',
  });
  return [viewOf(await queueFile(deps, file, 'file', 'capture'))];
}
