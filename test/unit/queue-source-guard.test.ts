import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { admitSource, SourceError, sourceKind, sourceUnchanged, verifySource } from '../../main/queue/source-guard.ts';

const exec = promisify(execFile);

test('admitSource accepts regular files and explains everything else', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-src-'));
  const file = path.join(dir, 'a.txt');
  await writeFile(file, 'hello');
  const ok = await admitSource(file);
  assert.equal(ok.read.fingerprint.size, 5);
  assert.equal(ok.path, file);
  assert.equal(await sourceKind(file), 'file');
  assert.equal(await sourceKind(dir), 'folder');

  await writeFile(path.join(dir, 'empty'), '');
  assert.equal((await admitSource(path.join(dir, 'empty'))).read.fingerprint.size, 0);

  await mkdir(path.join(dir, 'folder'));
  await assert.rejects(
    admitSource(path.join(dir, 'folder')),
    (e: Error) => e instanceof SourceError && /is a folder/.test(e.message),
  );
  await assert.rejects(admitSource(path.join(dir, 'missing.png')), /no such file/);
  await assert.rejects(admitSource(path.join(file, 'below-a-file')), /no such file/);
  await assert.rejects(admitSource('/dev/null'), /not a regular file/);
});

test('admitSource reports unreadable files', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-src-'));
  const file = path.join(dir, 'secret.txt');
  await writeFile(file, 'x');
  await chmod(file, 0o000);
  if (process.getuid?.() !== 0) {
    await assert.rejects(admitSource(file), /permission denied/);
    return;
  }
  // root reads any file: check as an ordinary user (nobody) in a child process instead
  await chmod(dir, 0o755);
  const module = new URL('../../main/queue/source-guard.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(module)}).then(m => m.admitSource(${JSON.stringify(file)})).then(() => console.log('read'), e => console.log(e.message))`;
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

test('while uploading, one stat says whether the file is still as queued, in one wording', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-src-'));
  const file = path.join(dir, 'draft.txt');
  await writeFile(file, 'first');
  const job = { source: file, fingerprint: (await admitSource(file)).read.fingerprint };
  await sourceUnchanged(job);
  await writeFile(file, 'first, and more');
  await assert.rejects(
    sourceUnchanged(job),
    /draft\.txt changed while uploading \(5 → 15 bytes\); nothing was published/,
  );
  await assert.rejects(verifySource(job), /draft\.txt changed since it was queued \(5 → 15 bytes\)/);
  await rm(file);
  await assert.rejects(sourceUnchanged(job), /draft\.txt disappeared while uploading/);
  await assert.rejects(verifySource(job), /draft\.txt is gone/);
});
