import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkSource, SourceError } from '../../main/share/check-source.ts';

test('checkSource accepts regular files and explains everything else', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-src-'));
  const file = path.join(dir, 'a.txt');
  await writeFile(file, 'hello');
  const ok = await checkSource(file);
  assert.equal(ok.bytes, 5);
  assert.equal(ok.path, file);

  await writeFile(path.join(dir, 'empty'), '');
  assert.equal((await checkSource(path.join(dir, 'empty'))).bytes, 0);

  await mkdir(path.join(dir, 'folder'));
  await assert.rejects(checkSource(path.join(dir, 'folder')), (e: Error) => e instanceof SourceError && /is a folder/.test(e.message));
  await assert.rejects(checkSource(path.join(dir, 'missing.png')), /no such file/);
  await assert.rejects(checkSource(path.join(file, 'below-a-file')), /no such file/);
  await assert.rejects(checkSource('/dev/null'), /not a regular file/);
});

test('checkSource reports unreadable files', { skip: process.getuid?.() === 0 ? 'root can read any file' : false }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-src-'));
  const file = path.join(dir, 'secret.txt');
  await writeFile(file, 'x');
  await chmod(file, 0o000);
  await assert.rejects(checkSource(file), /permission denied/);
});
