/**
 * The drop window's "Edit…" (editDroppedFile) on the glue with the fake Electron: only the drop window may ask,
 * the path must be a full one, and the file an image by its bytes (PNG, JPEG…, whatever its name says); then the
 * editor opens on the file where it is, and nothing is queued. Every refusal says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { imageTypeOf } from '../../main/capture/image-type.ts';
import { png as smallPng, startFixture } from './app-fixture.ts';

test('imageTypeOf: told by the bytes, not the name', () => {
  assert.equal(imageTypeOf(smallPng()), 'image/png');
  assert.equal(imageTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])), 'image/jpeg');
  assert.equal(imageTypeOf(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1')), 'image/webp');
  assert.equal(imageTypeOf(Buffer.from('GIF89a\x01\0\x01\0\0\0', 'latin1')), 'image/gif');
  assert.equal(imageTypeOf(Buffer.from('BM\x3a\0\0\0\0\0\0\0\x36\0', 'latin1')), 'image/bmp');
  assert.equal(imageTypeOf(Buffer.from('hello, not an image')), null);
  assert.equal(imageTypeOf(Buffer.alloc(0)), null);
});

test('editDroppedFile: from the drop window only; an image by its bytes opens the editor where it is; nothing queued', async () => {
  const fx = await startFixture();
  try {
    const folder = path.join(fx.captures, '..', 'Desktop');
    await mkdir(folder, { recursive: true });
    const image = path.join(folder, 'diagram.jpg'); // a PNG under a .jpg name: the bytes decide
    await writeFile(image, smallPng());
    const text = path.join(folder, 'notes.png');
    await writeFile(text, 'a text file under a .png name');
    const drop = { url: fx.pageUrl('drop') };

    await assert.rejects(fx.invoke('editDroppedFile', [image], { url: fx.pageUrl('history') }), /refused/);
    await assert.rejects(fx.invoke('editDroppedFile', ['diagram.png'], drop), /full path/);
    await assert.rejects(fx.invoke('editDroppedFile', [text], drop), /notes\.png is not an image the editor can open/);
    await assert.rejects(fx.invoke('editDroppedFile', [folder], drop), /Desktop is a folder/);
    await assert.rejects(fx.invoke('editDroppedFile', [path.join(folder, 'gone.png')], drop), /no longer there/);
    assert.equal(fx.app.editor.editing, null, 'no refusal opened the editor');

    const before = await readFile(image);
    await fx.invoke('editDroppedFile', [image], drop);
    assert.equal(fx.app.editor.editing, image, 'the editor edits the dropped file itself, where it is');
    const context = await fx.app.editor.context();
    assert.equal((await fx.app.editor.capture()).headers.get('content-type'), 'image/png', 'its type from its bytes');
    assert.equal(context.scaleFactor, 1);
    assert.ok((await readFile(image)).equals(before), 'the file is untouched');
    assert.equal(fx.app.queue.journal.list().length, 0, 'nothing queued');
  } finally {
    await fx.close();
  }
});
