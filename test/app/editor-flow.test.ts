/** The editor's session in main, alone: what it accepts from the page and what it writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { pngChunks } from '../../common/image/png-chunks.ts';
import { EditorFlow, editedName } from '../../main/app/flows/editor-flow.ts';
import type { FlowDeps } from '../../main/app/flows/flow-deps.ts';
import { VALIDATE } from '../../main/app/ipc/validate-args.ts';
import { encodePng } from '../../main/capture/png.ts';

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body, crc32(head.subarray(4))) >>> 0);
  return Buffer.concat([head, body, crc]);
}

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

test('the PNG from the page is checked and stripped again; copy and save; discard closes', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-editor-flow-'));
  try {
    const capture = path.join(dir, 'Shot.png');
    const clean = encodePng({ width: 2, height: 2, data: Buffer.alloc(16, 200) });
    await writeFile(capture, clean);
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
    flow.open(capture, 2);
    const context = await flow.context();
    assert.equal(context.scaleFactor, 2);
    assert.ok(context.imageUrl.startsWith('data:image/png;base64,'));

    const dirty = Buffer.concat([
      clean.subarray(0, 33),
      chunk('tEXt', Buffer.from('Comment\0/home/me')),
      clean.subarray(33),
      Buffer.from('trailing'),
    ]);
    await flow.finish('copy', dirty);
    assert.ok(Buffer.from(await copied[0]!.arrayBuffer()).equals(clean), 'copied without the text chunk');
    const saved = await flow.finish('save', dirty);
    assert.equal(saved.path, path.join(dir, 'Shot-edited.png'));
    assert.deepEqual(
      pngChunks(await readFile(saved.path!)).map((c) => c.type),
      ['IHDR', 'IDAT', 'IEND'],
    );
    assert.equal((await flow.finish('save', clean)).path, saved.path, 'saving again writes the same file');
    await assert.rejects(flow.finish('save', Buffer.from('GIF89a not a png')), /not a PNG/);
    await flow.finish('discard', null);
    assert.deepEqual(events, ['open', 'close']);
    assert.equal(flow.editing, null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('finishEdit arguments: an action, and PNG bytes except for discard', () => {
  const png = new Uint8Array(encodePng({ width: 1, height: 1, data: Buffer.alloc(4, 255) }));
  assert.deepEqual(VALIDATE.finishEdit(['save', png]), ['save', png]);
  assert.deepEqual(VALIDATE.finishEdit(['discard', null]), ['discard', null]);
  assert.throws(() => VALIDATE.finishEdit(['upload', png]), /action/);
  assert.throws(() => VALIDATE.finishEdit(['discard', png]), /discard sends no image/);
  assert.throws(() => VALIDATE.finishEdit(['share', 'data:image/png;base64,']), /PNG bytes/);
  assert.throws(() => VALIDATE.finishEdit(['share']), /expected 2 arguments/);
  assert.deepEqual(VALIDATE.getEditorContext([]), []);
});
