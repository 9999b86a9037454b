/**
 * `npm start` and `npm run dist` where Electron cannot be had: one sentence saying so and how to get it, exit 1,
 * no stack trace, and nothing built first (scripts/electron-start.ts, scripts/electron-dist.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { targetsOf } from '../../scripts/electron-dist.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { ...r, ms: Date.now() - started };
}

function assertOneSentence(r: ReturnType<typeof run>, pattern: RegExp): void {
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(r.stdout, '', 'nothing built, nothing else said');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.ok(r.ms < 10_000, `stops at once (${r.ms} ms)`);
}

test('npm start without the Electron binary: one sentence naming it and how to get it', async (t) => {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'traydrop-no-electron-'));
  t.after(() => rm(empty, { recursive: true, force: true }));
  const r = run('electron-start.ts', [], { ELECTRON_OVERRIDE_DIST_PATH: empty });
  assertOneSentence(r, /^Electron [\d.]+'s binary is not here \(.*electron is missing.*npx install-electron.*\.$/);
});

test('npm run dist where Electron cannot be downloaded: one sentence, at once', async (t) => {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'traydrop-no-electron-cache-'));
  t.after(() => rm(empty, { recursive: true, force: true }));
  const env = {
    HOME: empty,
    XDG_CACHE_HOME: empty,
    ELECTRON_BUILDER_CACHE: empty,
    electron_config_cache: empty,
    ELECTRON_MIRROR: 'http://127.0.0.1:1/', // nothing listens on port 1
  };
  const r = run('electron-dist.ts', ['--linux', '--x64'], env);
  assertOneSentence(r, /^Packaging needs Electron [\d.]+ for linux-x64, .*\(127\.0\.0\.1:1: ECONNREFUSED\).*\.$/);
});

test('npm run dist targets: --linux, --mac, --win and the arch flags, as electron-builder reads them', () => {
  assert.deepEqual(targetsOf(['--linux']), [{ platform: 'linux', arch: process.arch }]);
  assert.deepEqual(targetsOf(['-m', '--arm64', '--x64']), [
    { platform: 'darwin', arch: 'arm64' },
    { platform: 'darwin', arch: 'x64' },
  ]);
  assert.deepEqual(targetsOf(['--win', '--linux', '--ia32']), [
    { platform: 'win32', arch: 'ia32' },
    { platform: 'linux', arch: 'ia32' },
  ]);
  assert.deepEqual(targetsOf([]), [{ platform: process.platform, arch: process.arch }]);
});
