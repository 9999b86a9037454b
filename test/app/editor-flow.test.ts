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
import { checkedEditedPng } from '../../main/capture/edited-png.ts';
import { encodePngFast } from '../../main/capture/png-fast.ts';
import { chunk, decodePng, encodePng } from '../../main/capture/png.ts';

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
      {
        open: () => void events.push('open'),
        close: () => void events.push('close'),
        prepare: () => void events.push('prepare'),
        release: () => void events.push('release'),
        isOpen: () => false,
      },
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
    assert.deepEqual(events, ['open', 'close', 'prepare'], 'a standby window for the next edit');
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

test("the export worker's PNG: checked in main, every ancillary chunk and anything after IEND dropped", () => {
  const pixels = Buffer.alloc(3 * 2 * 4, 90);
  const plain = encodePng({ width: 3, height: 2, data: pixels });
  const chunks = pngChunks(plain);
  const ihdrEnd = chunks[0]!.start + chunks[0]!.size;
  // what a page (or a tampered one) could add: a text chunk, EXIF, a colour profile, and bytes after IEND
  const dirty = Buffer.concat([
    plain.subarray(0, ihdrEnd),
    chunk('tEXt', Buffer.from('Comment\0secret from the source')),
    chunk('eXIf', Buffer.from('MM\0*')),
    chunk('iCCP', Buffer.from('icc\0\0xyz')),
    plain.subarray(ihdrEnd),
    Buffer.from('the old image, behind IEND'),
  ]);
  const clean = checkedEditedPng(dirty, 3, 2);
  assert.deepEqual(
    pngChunks(clean).map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  assert.ok(!clean.includes(Buffer.from('secret')) && !clean.includes(Buffer.from('old image')), 'no text left');
  assert.ok(decodePng(clean).data.equals(pixels), 'the same pixels');
  assert.throws(() => checkedEditedPng(plain, 3, 3), /is 3x2, expected 3x3/);
  assert.throws(() => checkedEditedPng(Buffer.from('not a png at all'), 3, 2), /not a PNG/);
  assert.throws(() => checkedEditedPng(plain.subarray(0, plain.length - 12), 3, 2), /truncated PNG/);
});

test('finishEdit takes the PNG in place of the pixels: sized to the image, only for share, copy and save', async () => {
  const png = new Uint8Array(encodePng({ width: 2, height: 1, data: Buffer.alloc(8, 1) }));
  const image = { width: 2, height: 1, png };
  assert.deepEqual(VALIDATE.finishEdit(['share', image]), ['share', image]);
  assert.throws(() => VALIDATE.finishEdit(['save', { ...image, png: [1, 2, 3] }]), /png must be bytes/);
  assert.throws(() => VALIDATE.finishEdit(['save', { ...image, png: new Uint8Array(1 << 20) }]), /not a PNG of 2x1/);
  assert.throws(() => VALIDATE.finishEdit(['save', { ...image, extra: 1 }]), /unexpected fields/);
  assert.throws(() => VALIDATE.finishEdit(['discard', image]), /discard sends no image/);
  assert.throws(() => VALIDATE.copyText([image]), /pixels must be bytes/, 'OCR still takes pixels');

  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-editor-png-'));
  try {
    const capture = path.join(dir, 'Shot.png');
    await writeFile(capture, encodePng({ width: 2, height: 1, data: Buffer.alloc(8, 200) }));
    const deps = { settings: { get: () => ({ editor: { color: '#e5484d', width: 4 } }) } } as unknown as FlowDeps;
    const flow = new EditorFlow(
      deps,
      { open() {}, close() {}, prepare() {}, release() {}, isOpen: () => false },
      {} as never,
      {
        recognize: async () => ({ text: '', lines: [] }),
      },
    );
    flow.open(capture, 1);
    const saved = await flow.finish('save', image);
    assert.ok(decodePng(await readFile(saved.path!)).data.equals(Buffer.alloc(8, 1)), 'the PNG written, checked');
    await assert.rejects(flow.finish('save', { width: 2, height: 2, png }), /expected 2x2/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
