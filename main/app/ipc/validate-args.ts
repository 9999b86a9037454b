/**
 * Argument checks for every invoke channel, before anything reaches the core. A renderer is treated as
 * untrusted: types, lengths, ranges and the number of arguments are checked, and anything else is refused
 * with an ArgumentError. Deeper checks (settings fields, which paths may be revealed) happen in the handlers.
 */
import type { EditedExport, EditedImage, IpcChannel, IpcHandlers, Rect } from '../../../common/ipc-contract.ts';

export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

type Validators = { [K in IpcChannel]: (args: unknown[]) => Parameters<IpcHandlers[K]> };

const fail = (message: string): never => {
  throw new ArgumentError(message);
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function arity(args: unknown[], n: number): void {
  if (args.length !== n) fail(`expected ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

function text(value: unknown, what: string, max: number, min = 0): string {
  if (typeof value !== 'string') return fail(`${what}: expected text`);
  if (value.length < min || value.length > max) return fail(`${what}: expected ${min}–${max} characters`);
  if (value.includes('\0')) return fail(`${what}: invalid character`);
  return value;
}

export function httpUrl(value: unknown, what: string): string {
  const raw = text(value, what, 4096, 1);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${what}: not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${what}: only http(s) links`);
  return raw;
}

function absolutePath(value: unknown, what: string): string {
  const raw = text(value, what, 4096, 1);
  if (!(raw.startsWith('/') || /^[a-z]:[\\/]/i.test(raw) || raw.startsWith('\\\\')))
    fail(`${what}: expected a full path`);
  return raw;
}

/**
 * The editor's pixels: a size in whole pixels and exactly width × height × 4 bytes; 48 megapixels at most (192 MiB,
 * under the 256 MiB Chromium's IPC carries in one message; three 5K screens at 2× are 44 megapixels).
 */
function editedImage(value: unknown): EditedImage {
  const v = value as Partial<EditedImage> | null;
  if (typeof v !== 'object' || v === null) return fail('image: expected { width, height, pixels }');
  const { width, height, pixels } = v;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 1 || height! < 1)
    fail('image: width and height must be whole numbers of pixels');
  if (width! * height! > 48 * 1024 * 1024) fail('image: over 48 megapixels');
  if (!(pixels instanceof Uint8Array)) return fail('image: pixels must be bytes');
  if (pixels.length !== width! * height! * 4)
    fail(`image: expected ${width! * height! * 4} bytes of RGBA for ${width}x${height}, got ${pixels.length}`);
  return { width: width!, height: height!, pixels };
}

/** Share, Copy and Save: the export worker's PNG (checked in main: edited-png.ts), or the pixels. */
function editedExport(value: unknown): EditedExport {
  const v = value as { width?: unknown; height?: unknown; png?: unknown } | null;
  if (typeof v !== 'object' || v === null || !('png' in v)) return editedImage(value);
  const { width, height, png } = v;
  if (!Number.isInteger(width) || !Number.isInteger(height) || (width as number) < 1 || (height as number) < 1)
    fail('image: width and height must be whole numbers of pixels');
  const w = width as number;
  const h = height as number;
  if (w * h > 48 * 1024 * 1024) fail('image: over 48 megapixels');
  if (!(png instanceof Uint8Array)) return fail('image: png must be bytes');
  // deflate's worst case is a little over the raw rows; anything bigger is not this image's PNG
  if (png.length < 8 || png.length > (w * 4 + 1) * h * 1.01 + 1024)
    fail(`image: ${png.length} bytes is not a PNG of ${w}x${h}`);
  if (Object.keys(v).length !== 3) fail('image: unexpected fields');
  return { width: w, height: h, png };
}

function rect(value: unknown): Rect {
  if (!isRecord(value)) return fail('selection: expected {x, y, width, height}');
  const out = {} as Rect;
  for (const k of ['x', 'y', 'width', 'height'] as const) {
    const n = value[k];
    if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > 1e5) fail(`selection.${k}: expected a number`);
    out[k] = n as number;
  }
  if (Object.keys(value).length !== 4) fail('selection: unexpected fields');
  return out;
}

const none = (args: unknown[]): [] => {
  arity(args, 0);
  return [];
};

export const VALIDATE: Validators = {
  getSettings: none,
  saveSettings: (args) => {
    arity(args, 1);
    if (!isRecord(args[0])) fail('settings: expected an object');
    if (JSON.stringify(args[0]).length > 64 * 1024) fail('settings: too large');
    return [args[0] as Parameters<IpcHandlers['saveSettings']>[0]];
  },
  pair: (args) => {
    arity(args, 2);
    const token = text(args[1], 'token', 4096, 1).trim();
    if (!/^[\x21-\x7e]+$/.test(token)) fail('token: unexpected characters (paste the device token only)');
    return [httpUrl(args[0], 'server'), token];
  },
  unpair: none,
  getDomainStatus: none,
  verifyDomain: none,
  chooseFolder: (args) => {
    arity(args, 1);
    if (args[0] !== 'captures' && args[0] !== 'watched') fail('purpose: expected "captures" or "watched"');
    return [args[0] as 'captures' | 'watched'];
  },
  getHotkeyStatus: none,
  getPlatform: none,
  getAbout: none,
  openLogFolder: none,
  listHistory: (args) => {
    arity(args, 1);
    const q = args[0];
    if (!isRecord(q)) return fail('query: expected an object');
    for (const k of Object.keys(q)) if (k !== 'search' && k !== 'cursor') fail(`query.${k}: unknown field`);
    const out: { search?: string; cursor?: string | null } = {};
    if (q.search !== undefined) out.search = text(q.search, 'search', 200);
    if (q.cursor !== undefined && q.cursor !== null) out.cursor = text(q.cursor, 'cursor', 512);
    else if (q.cursor === null) out.cursor = null;
    return [out];
  },
  listJobs: none,
  getQueueStatus: none,
  copyLink: (args) => {
    arity(args, 1);
    return [httpUrl(args[0], 'link')];
  },
  openLink: (args) => {
    arity(args, 1);
    return [httpUrl(args[0], 'link')];
  },
  revealLocal: (args) => {
    arity(args, 1);
    return [absolutePath(args[0], 'path')];
  },
  deleteRemote: (args) => {
    arity(args, 1);
    const id = text(args[0], 'shareId', 64, 1);
    if (!/^[A-Za-z0-9_-]+$/.test(id)) fail('shareId: unexpected characters');
    return [id];
  },
  retryJob: (args) => jobId(args),
  cancelJob: (args) => jobId(args),
  shareFiles: (args) => {
    arity(args, 1);
    const list = args[0];
    if (!Array.isArray(list) || list.length === 0 || list.length > 1000) return fail('paths: expected 1–1000 paths');
    return [list.map((p, i) => absolutePath(p, `paths[${i}]`))];
  },
  getSelectorContext: none,
  finishSelection: (args) => {
    arity(args, 1);
    return [args[0] === null ? null : rect(args[0])];
  },
  showAppMenu: none,
  getRecordingState: none,
  stopRecording: none,
  getRecorderRequest: none,
  recorderStarted: none,
  recorderChunk: (args) => {
    arity(args, 1);
    const bytes = args[0];
    if (!(bytes instanceof Uint8Array)) return fail('chunk: expected bytes');
    if (bytes.length > 64 * 1024 * 1024) fail('chunk: over 64 MiB');
    return [bytes];
  },
  recorderFinished: (args) => {
    arity(args, 1);
    return [args[0] === null ? null : text(args[0], 'error', 500)];
  },
  getEditorContext: none,
  findSecrets: none,
  getSharedLink: none,
  editFile: (args) => {
    arity(args, 1);
    return [absolutePath(args[0], 'path')];
  },
  editDroppedFile: (args) => {
    arity(args, 1);
    return [absolutePath(args[0], 'path')];
  },
  copyText: (args) => {
    arity(args, 1);
    return [editedImage(args[0])];
  },
  finishEdit: (args) => {
    arity(args, 2);
    const [action, image] = args;
    if (action !== 'share' && action !== 'share-new' && action !== 'copy' && action !== 'save' && action !== 'discard')
      fail('action: expected share, share-new, copy, save or discard');
    if (action === 'discard') {
      if (image !== null) fail('image: discard sends no image');
      return ['discard', null];
    }
    return [action as 'share' | 'share-new' | 'copy' | 'save', editedExport(image)];
  },
};

function jobId(args: unknown[]): [string] {
  arity(args, 1);
  const id = text(args[0], 'job id', 32, 1);
  if (!/^[a-z0-9]+$/.test(id)) fail('job id: unexpected characters');
  return [id];
}
