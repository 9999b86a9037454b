/**
 * `npm start` where the Electron binary exists: it builds dist/ and runs `electron .` (package.json's main,
 * dist/app/main.js) in the project folder with the arguments it was given, and exits with Electron's code. A
 * stand-in binary (ELECTRON_OVERRIDE_DIST_PATH, as electron itself reads it) records how it was started.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('npm start builds the app and runs `electron .` with its arguments, exiting with its code', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-fake-electron-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const record = path.join(dir, 'started.txt');
  await writeFile(path.join(dir, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\nexit 3\n`);
  await chmod(path.join(dir, 'electron'), 0o755);
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-start.ts'), 'drop', '--flag'], {
    cwd: root,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir },
    encoding: 'utf8',
  });
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /^build: /m);
  assert.ok(existsSync(path.join(root, 'dist', 'app', 'main.js')), 'dist/app/main.js built');
  assert.deepEqual((await readFile(record, 'utf8')).trimEnd().split('\n'), [root, '.', 'drop', '--flag']);
});
