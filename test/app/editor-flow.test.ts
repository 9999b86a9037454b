/** The editor's session in main, alone: what it accepts from the page and the PNG it makes and writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pngChunks } from '../../common/image/png-chunks.ts';
import { EditorFlow, editedName } from '../../main/app/flows/editor-flow.ts';
import type { FlowDeps } from '../../main/app/flows/flow-deps.ts';
import { VALIDATE } from '../../main/app/ipc/validate-args.ts';
import { encodePngFast } from '../../main/capture/png-fast.ts';
import { decodePng, encodePng } from '../../main/capture/png.ts';

test('edited names: next to the capture, never over another file', () => {
  const taken = new Set(['/c/Shot-edited.png']);
  assert.equal(
    editedName('/c/Shot.png', (f) => taken.has(f)),
    '/c/Shot-edited-2.png',
  );
  assert.equal(
    editedName('/c/Shot-edited.png', () => false),
    '/c/Shot-edited.png',
  );
  assert.equal(
    editedName('/c/a.b.png', () => false),
    '/c/a.b-edited.png',
  );
});

test('the pixels from the page become a PNG made in main (IHDR, IDAT, IEND only); copy and save; discard closes', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-editor-flow-'));
  try {
    const capture = path.join(dir, 'Shot.png');
    await writeFile(capture, encodePng({ width: 2, height: 2, data: Buffer.alloc(16, 200) }));
    const events: string[] = [];
    const copied: Blob[] = [];
    const deps = { settings: { get: () => ({ editor: { color: '#e5484d', width: 4 } }) } } as unknown as FlowDeps;
    const flow = new EditorFlow(
      deps,
      { open: () => void events.push('open'), close: () => void events.push('close') },
      {
        clipboard: {
          write: async (items: { items: Record<string, Blob> }[]) => void copied.push(items[0]!.items['image/png']!),
        },
        ClipboardItem: class {
          items: Record<string, Blob>;
          constructor(items: Record<string, Blob>) {
            this.items = items;
          }
        },
      } as never,
      { recognize: async () => ({ text: 'mail me: a@example.com', lines: [] }) },
    );
    await assert.rejects(flow.context(), /no capture open/);
    assert.equal((await flow.capture()).status, 404, 'no capture served without a session');
    flow.open(capture, 2);
    const context = await flow.context();
    assert.equal(context.scaleFactor, 2);
    const served = await flow.capture();
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('cache-control'), 'no-store');
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(await readFile(capture)), 'the capture, byte for byte');

    // 3x2, one pixel half transparent: the PNG keeps every byte of it
    const pixels = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) & 255);
    pixels[3] = 128;
    const image = { width: 3, height: 2, pixels };
    await flow.finish('copy', image);
    const copiedPng = Buffer.from(await copied[0]!.arrayBuffer());
    assert.deepEqual(
      pngChunks(copiedPng).map((c) => c.type),
      ['IHDR', 'IDAT', 'IEND'],
    );
    assert.ok(decodePng(copiedPng).data.equals(Buffer.from(pixels)), 'the same pixels back');
    const saved = await flow.finish('save', image);
    assert.equal(saved.path, path.join(dir, 'Shot-edited.png'));
    assert.ok((await readFile(saved.path!)).equals(copiedPng));
    assert.equal((await flow.finish('save', image)).path, saved.path, 'saving again writes the same file');
    await assert.rejects(flow.finish('save', { width: 3, height: 3, pixels }), /expected 36 bytes/);
    await flow.finish('discard', null);
    assert.deepEqual(events, ['open', 'close']);
    assert.equal(flow.editing, null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('encodePngFast: a 4K capture round-trips exactly (opaque and not)', async () => {
  const width = 3840;
  const height = 2160;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i % 4 === 3 ? 255 : (i * 2654435761) >>> 24) & 255;
  assert.ok(decodePng(await encodePngFast({ width, height, data })).data.equals(data));
  data[7] = 0;
  assert.ok(decodePng(await encodePngFast({ width, height, data })).data.equals(data));
  await assert.rejects(encodePngFast({ width: 0, height: 1, data: Buffer.alloc(0) }), /bad image size/);
});

test('finishEdit and copyText arguments: an action, and exactly width × height × 4 bytes except for discard', () => {
  const image = { width: 2, height: 1, pixels: new Uint8Array(8) };
  assert.deepEqual(VALIDATE.finishEdit(['save', image]), ['save', image]);
  assert.deepEqual(VALIDATE.finishEdit(['discard', null]), ['discard', null]);
  assert.deepEqual(VALIDATE.copyText([image]), [image]);
  assert.throws(() => VALIDATE.finishEdit(['upload', image]), /action/);
  assert.throws(() => VALIDATE.finishEdit(['discard', image]), /discard sends no image/);
  assert.throws(() => VALIDATE.finishEdit(['share', new Uint8Array(8)]), /width and height/);
  assert.throws(() => VALIDATE.finishEdit(['share', { ...image, pixels: new Uint8Array(9) }]), /expected 8 bytes/);
  assert.throws(() => VALIDATE.finishEdit(['share', { ...image, pixels: [0, 0, 0, 0, 0, 0, 0, 0] }]), /bytes/);
  assert.throws(() => VALIDATE.finishEdit(['share', { ...image, width: 1.5 }]), /whole numbers/);
  assert.throws(
    () => VALIDATE.copyText([{ width: 8000, height: 7000, pixels: new Uint8Array(4) }]),
    /over 48 megapixels/,
  );
  assert.throws(() => VALIDATE.finishEdit(['share']), /expected 2 arguments/);
  assert.deepEqual(VALIDATE.getEditorContext([]), []);
});
