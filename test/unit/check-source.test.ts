import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { checkSource, SourceError } from '../../main/share/check-source.ts';

const exec = promisify(execFile);

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
  await assert.rejects(
    checkSource(path.join(dir, 'folder')),
    (e: Error) => e instanceof SourceError && /is a folder/.test(e.message),
  );
  await assert.rejects(checkSource(path.join(dir, 'missing.png')), /no such file/);
  await assert.rejects(checkSource(path.join(file, 'below-a-file')), /no such file/);
  await assert.rejects(checkSource('/dev/null'), /not a regular file/);
});

test('checkSource reports unreadable files', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-src-'));
  const file = path.join(dir, 'secret.txt');
  await writeFile(file, 'x');
  await chmod(file, 0o000);
  if (process.getuid?.() !== 0) {
    await assert.rejects(checkSource(file), /permission denied/);
    return;
  }
  // root reads any file: check as an ordinary user (nobody) in a child process instead
  await chmod(dir, 0o755);
  const module = new URL('../../main/share/check-source.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(module)}).then(m => m.checkSource(${JSON.stringify(file)})).then(() => console.log('read'), e => console.log(e.message))`;
  const { stdout } = await exec('setpriv', [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    process.execPath,
    '-e',
    script,
  ]);
  assert.match(stdout, /permission denied \(the file is not readable\)/);
});
