/** `traydrop capture|record|drop` hand the command to a running app (its executable + the words), or say what is needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../main/cli/main.ts';
import { writeAppInstance } from '../../main/config/app-instance.ts';

const io = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { out: (t: string) => void (out.stdout += t), err: (t: string) => void (out.stderr += t), interactive: false },
  };
};

test('forwarded to the running app: the app command gets the words; region without the app says why', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-fwd-'));
  try {
    const env = { ...process.env, TRAYDROP_CONFIG_DIR: dir };
    const noApp = io();
    assert.equal(await runCli(['capture', 'region'], { env, io: noApp.io }), 2);
    assert.match(noApp.out.stderr, /needs the Traydrop app/);
    const noRec = io();
    assert.equal(await runCli(['record', 'stop'], { env, io: noRec.io }), 1);
    assert.match(noRec.out.stderr, /nothing is recording/);
    const noDrop = io();
    assert.equal(await runCli(['drop'], { env, io: noDrop.io }), 1);
    assert.match(noDrop.out.stderr, /belongs to the Traydrop app, which is not running/);

    // a stand-in "app executable" that records the argv it was started with
    const script = path.join(dir, 'fake-app.mjs');
    const argvFile = path.join(dir, 'argv.json');
    await writeFile(
      script,
      `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));`,
    );
    await writeAppInstance(dir, {
      pid: process.pid,
      command: [process.execPath, script],
      startedAt: new Date().toISOString(),
    });
    const fwd = io();
    assert.equal(await runCli(['capture', 'region'], { env, io: fwd.io }), 0);
    assert.deepEqual(JSON.parse(await readFile(argvFile, 'utf8')), ['capture', 'region']);
    assert.equal(await runCli(['record', 'start'], { env, io: io().io }), 0);
    assert.deepEqual(JSON.parse(await readFile(argvFile, 'utf8')), ['record', 'start', 'screen']);
    assert.equal(await runCli(['drop'], { env, io: io().io }), 0);
    assert.deepEqual(JSON.parse(await readFile(argvFile, 'utf8')), ['drop']);

    // a stale file (its process is gone) is ignored
    await writeAppInstance(dir, { pid: 2 ** 22 + 12345, command: [process.execPath, script], startedAt: '' });
    assert.equal(await runCli(['capture', 'region'], { env, io: io().io }), 2);
    assert.equal(await runCli(['capture', 'sideways'], { env, io: io().io }), 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
