/**
 * The capture editor's session in main: which capture the editor window edits, and what becomes of the edited
 * PNG. Share writes it next to the capture and queues it as any capture (queueFile: the same journal, early
 * link and clipboard rule), Copy puts the image on the clipboard, Save writes it next to the capture, Discard
 * closes the window. The page sends the edited pixels, not a file: they are checked (width × height × 4 bytes)
 * and the PNG is made here (editedPng), so nothing but those pixels can reach it, whatever the page did.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EditAction, EditedImage, EditorContext, EditResult, SecretFound } from '../../../common/ipc-contract.ts';
import { encodePngFast } from '../../capture/png-fast.ts';
import { imageTypeOf } from '../../capture/image-type.ts';
import { findSecrets } from '../../ocr/find-secrets.ts';
import type { OcrEngine } from '../../ocr/ocr-engine.ts';
import type { ElectronLike } from '../electron-like.ts';
import { queueFile, type FlowDeps } from './flow-deps.ts';

export interface EditorWindow {
  open(): void;
  close(): void;
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

export class EditorFlow {
  private current: { file: string; scaleFactor: number; saved: string | null } | null = null;
  private readonly deps: FlowDeps;
  private readonly window: EditorWindow;
  private readonly electron: Pick<ElectronLike, 'clipboard' | 'ClipboardItem'>;
  private readonly ocr: Pick<OcrEngine, 'recognize'>;

  constructor(
    deps: FlowDeps,
    window: EditorWindow,
    electron: Pick<ElectronLike, 'clipboard' | 'ClipboardItem'>,
    ocr: Pick<OcrEngine, 'recognize'>,
  ) {
    this.deps = deps;
    this.window = window;
    this.electron = electron;
    this.ocr = ocr;
  }

  /** Opens the editor on a PNG file (a capture, or an image from the history or a drop). */
  open(file: string, scaleFactor = 1): void {
    this.current = { file, scaleFactor, saved: null };
    this.window.open();
  }

  get editing(): string | null {
    return this.current?.file ?? null;
  }

  async context(): Promise<EditorContext> {
    if (!this.current) throw new Error('the editor has no capture open');
    const bytes = await readFile(this.current.file);
    const type = imageTypeOf(bytes); // an image the page decodes (a capture is a PNG), or a clear error
    if (!type) throw new Error(`${path.basename(this.current.file)} is not an image the editor can open`);
    const { color, width } = this.deps.settings.get().editor;
    return {
      imageUrl: `data:${type};base64,${bytes.toString('base64')}`,
      name: path.basename(this.current.file),
      scaleFactor: this.current.scaleFactor,
      color,
      width,
    };
  }

  async finish(action: EditAction, image: EditedImage | null): Promise<EditResult> {
    const session = this.current;
    if (!session) throw new Error('the editor has no capture open');
    if (action === 'discard') {
      this.close();
      return { url: null, path: null };
    }
    if (!image) throw new Error(`${action}: no image`);
    const clean = await editedPng(image);
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
    const job = await queueFile(this.deps, target, 'screenshot', 'capture');
    this.close();
    return { url: job.url, path: target };
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
  }
}
