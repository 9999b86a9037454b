/**
 * The capture editor's session in main: which capture the editor window edits, and what becomes of the edited
 * PNG. Share writes it next to the capture and queues it as any capture (queueFile: the same journal, early
 * link and clipboard rule), Copy puts the image on the clipboard, Save writes it next to the capture, Discard
 * closes the window. The page sends the PNG its export worker encoded (checked, every ancillary chunk dropped:
 * edited-png.ts) or the edited pixels (checked, width × height × 4 bytes, and encoded here: editedPng), never a
 * file, so nothing but the pixels can reach what is written, whatever the page did.
 */
import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStatsResponse } from '../../../common/broker-api.ts';
import type {
  EditAction,
  EditedExport,
  EditedImage,
  EditorContext,
  EditResult,
  SecretFound,
  SharedLinkNotice,
} from '../../../common/ipc-contract.ts';
import { checkedEditedPng } from '../../capture/edited-png.ts';
import { encodePngFast } from '../../capture/png-fast.ts';
import { IMAGE_HEAD_BYTES, imageTypeOf } from '../../capture/image-type.ts';
import { BrokerError } from '../../credentials/broker-error.ts';
import { findSecrets } from '../../ocr/find-secrets.ts';
import type { OcrEngine } from '../../ocr/ocr-engine.ts';
import type { ElectronLike } from '../electron-like.ts';
import { queueFile, type FlowDeps } from './flow-deps.ts';
import { type SharedLink, sharedLinkOf, timesOpened } from './shared-link.ts';

export interface EditorWindow {
  /** `context`: what the page's first paint needs, given in the window's query (common/editor-query.ts). */
  open(context?: EditorContext): void;
  close(): void;
  /** The editor window is showing a capture. */
  isOpen(): boolean;
  /** A standby window for the next open (main/app/windows/editor-window.ts), made `delayMs` later (or its default). */
  prepare(delayMs?: number): void;
  /** No standby window any more, and none after the next edit (the editor being shown stays). */
  release(): void;
}

/**
 * `Screenshot-….png` → `Screenshot-…-edited.png`, then `-edited-2` and on while such a file exists (no spaces or
 * brackets: the name is also the link's).
 */
export function editedName(file: string, exists: (name: string) => boolean): string {
  const { dir, name } = path.parse(file);
  const base = name.replace(/-edited(?:-\d+)?$/, '');
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, `${base}-edited${n > 1 ? `-${n}` : ''}.png`);
    if (!exists(candidate)) return candidate;
  }
}

/**
 * The PNG of the page's pixels, made in main (png-fast.ts: the page's canvas.toBlob was the slow part of the
 * export); the size must match the bytes exactly.
 */
export function editedPng(image: EditedImage): Promise<Buffer<ArrayBuffer>> {
  const { width, height, pixels } = image;
  return encodePngFast({ width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) });
}

/**
 * How long after the region selector opens the editor's page starts loading, hidden: the overlays show first. The
 * page is loaded ~120 ms later on an idle 2-core machine (bench/capture/editor.ts, a new window's context), and
 * choosing a region takes a user longer than both.
 */
export const WHILE_SELECTING_DELAY_MS = 250;

/** The server's statistics of a link (Account.fileStats): how often the original was opened. */
export interface EditorLinkStats {
  stats(shareId: string): Promise<FileStatsResponse>;
}

interface Session {
  file: string;
  scaleFactor: number;
  saved: string | null;
  /** The link Share updates (null: none, or the server says it is gone); undefined until looked up. */
  link?: SharedLink | null;
}

export class EditorFlow {
  private current: Session | null = null;
  private readonly deps: FlowDeps;
  private readonly window: EditorWindow;
  private readonly electron: Pick<ElectronLike, 'clipboard' | 'ClipboardItem'>;
  private readonly ocr: Pick<OcrEngine, 'recognize'>;
  private readonly linkStats: EditorLinkStats | undefined;

  constructor(
    deps: FlowDeps,
    window: EditorWindow,
    electron: Pick<ElectronLike, 'clipboard' | 'ClipboardItem'>,
    ocr: Pick<OcrEngine, 'recognize'>,
    linkStats?: EditorLinkStats,
  ) {
    this.deps = deps;
    this.window = window;
    this.electron = electron;
    this.ocr = ocr;
    this.linkStats = linkStats;
  }

  /** Opens the editor on a PNG file (a capture, or an image from the history or a drop). */
  open(file: string, scaleFactor = 1): void {
    const editing = this.current;
    if (editing && editing.file !== file && this.window.isOpen()) {
      // one capture at a time: the window shows that one, and Share must not send its edits under another's name
      this.window.open();
      this.deps.notifier.info(
        `Still editing ${path.basename(editing.file)}`,
        `${path.basename(file)} is kept in ${path.dirname(file)}; share or discard this one, then open it.`,
      );
      return;
    }
    this.current = { file, scaleFactor, saved: null };
    this.window.open(this.contextOf(this.current));
  }

  /** The session's name, scale and the remembered style (the settings' now). */
  private contextOf(session: Session): EditorContext {
    const { color, width } = this.deps.settings.get().editor;
    return { name: path.basename(session.file), scaleFactor: session.scaleFactor, color, width };
  }

  get editing(): string | null {
    return this.current?.file ?? null;
  }

  /** The editing session's name, scale and style; the image itself is fetched by the page (`capture`). */
  async context(): Promise<EditorContext> {
    const session = this.current;
    if (!session) throw new Error('the editor has no capture open');
    const file = session.file;
    const handle = await open(file, 'r');
    try {
      const { buffer } = await handle.read(Buffer.alloc(IMAGE_HEAD_BYTES), 0, IMAGE_HEAD_BYTES, 0);
      // an image the page decodes (a capture is a PNG), or a clear error
      if (!imageTypeOf(buffer)) throw new Error(`${path.basename(file)} is not an image the editor can open`);
    } finally {
      await handle.close();
    }
    return this.contextOf(session);
  }

  /**
   * The capture being edited, as EDITOR_CAPTURE_URL answers it (capture-protocol.ts): the file's bytes with
   * their type told by those bytes, never cached; 404 with no session, 415 for a file that is not an image.
   */
  async capture(): Promise<Response> {
    const file = this.current?.file;
    if (!file) return new Response('the editor has no capture open', { status: 404 });
    const bytes = await readFile(file);
    const type = imageTypeOf(bytes);
    if (!type) return new Response(`${path.basename(file)} is not an image the editor can open`, { status: 415 });
    return new Response(bytes, { headers: { 'content-type': type, 'cache-control': 'no-store' } });
  }

  async finish(action: EditAction, image: EditedExport | null): Promise<EditResult> {
    const session = this.current;
    if (!session) throw new Error('the editor has no capture open');
    if (action === 'discard') {
      this.close();
      return { url: null, path: null };
    }
    if (!image) throw new Error(`${action}: no image`);
    // the worker's PNG, checked and stripped to the chunks that draw it; or the pixels, encoded here
    const clean = 'png' in image ? checkedEditedPng(image.png, image.width, image.height) : await editedPng(image);
    if (action === 'copy') {
      const { ClipboardItem } = this.electron;
      await this.electron.clipboard.write([
        new ClipboardItem({ 'image/png': new Blob([clean], { type: 'image/png' }) }),
      ]);
      return { url: null, path: null };
    }
    const target = session.saved ?? editedName(session.file, existsSync);
    await writeFile(target, clean);
    session.saved = target;
    if (action === 'save') return { url: null, path: target };
    const link = action === 'share' ? this.linkOf(session) : null;
    if (link) {
      // the same link, its bytes replaced by the edited image once the upload is confirmed (main/queue/enqueue-replace.ts)
      const job = await this.deps.queue.replace({ path: target, kind: 'screenshot', link, appWritten: true });
      await this.deps.links.queued(job, 'screenshot', 'now');
      this.close();
      return { url: job.url, path: target, replaced: true };
    }
    const job = await queueFile(this.deps, target, 'screenshot', 'capture');
    this.close();
    return { url: job.url, path: target, replaced: false };
  }

  /** The link of the capture being edited, if it was shared already, and how often it was opened. */
  async sharedLink(): Promise<SharedLinkNotice | null> {
    const session = this.current;
    if (!session) throw new Error('the editor has no capture open');
    const link = this.linkOf(session);
    if (!link || !this.linkStats) return link && { url: link.url, opened: null };
    try {
      return { url: link.url, opened: timesOpened((await this.linkStats.stats(link.shareId)).totals) };
    } catch (error) {
      // deleted on the server (or another account's now): Share makes a new link
      if (error instanceof BrokerError && error.status === 404) {
        session.link = null;
        return null;
      }
      return { url: link.url, opened: null }; // offline: the link is still updated once the queue gets through
    }
  }

  private linkOf(session: Session): SharedLink | null {
    // null is an answer too (none, or the server said it is gone): looked up once per session
    if (session.link === undefined)
      session.link = sharedLinkOf(this.deps.queue.journal.list(['done']), session.file, Date.now());
    return session.link;
  }

  /** The edited image's text (what is redacted is not read), on the clipboard. */
  async copyText(image: EditedImage): Promise<string> {
    const { text } = await this.ocr.recognize(await editedPng(image));
    await this.electron.clipboard.writeText(text);
    return text;
  }

  /** The secrets OCR finds in the capture being edited (image pixels of the capture, as the page draws). */
  async findSecrets(): Promise<SecretFound[]> {
    if (!this.current) throw new Error('the editor has no capture open');
    const { lines } = await this.ocr.recognize(await readFile(this.current.file));
    return findSecrets(lines).map(({ kind, text, box }) => ({ kind, text, box }));
  }

  close(): void {
    this.current = null;
    this.window.close();
    this.window.prepare(); // whoever edits once edits again: the next editor opens at once
  }

  /**
   * A region to edit is being chosen: the standby window is made now (unless there is one), once the selector's
   * overlays have had WHILE_SELECTING_DELAY_MS to show, so the two do not compete for the same cores.
   */
  whileSelecting(): void {
    this.window.prepare(WHILE_SELECTING_DELAY_MS);
  }

  /**
   * At start and when "After a capture" changes: a standby window while a kind of capture opens the editor; when
   * none does any more, its memory (a hidden renderer) is given back. The next edit makes one again.
   */
  warmUp(): void {
    if (Object.values(this.deps.settings.get().afterCapture).includes('edit')) this.window.prepare();
    else this.window.release();
  }
}
