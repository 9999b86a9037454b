/**
 * `traydrop dashboard` as a process against the real server: --print prints a one-time sign-in link; without it
 * the link goes to the browser ($BROWSER here: a script that writes down what it was given); no opener means the
 * link is printed to open by hand (exit 1); not logged in is exit 3.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDashboardServer } from '../helpers/dashboard.ts';
import { runCli } from '../helpers/run-cli.ts';
import { type TestServer, uniqueUserId } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const LINK = /^http:\/\/127\.0\.0\.1:\d+\/dashboard\/sign-in\/[A-Za-z0-9_-]{43}$/;
let server: TestServer;
let dir: string;
let configDir: string;
const env = { TRAYDROP_TOKEN_STORAGE: 'file' };

before(async () => {
  server = await startDashboardServer();
  dir = mkdtempSync(path.join(tmpdir(), 'traydrop-cli-dashboard-'));
  configDir = path.join(dir, 'profile');
  const token = await server.createToken(uniqueUserId('cli'));
  const login = await runCli(['login', server.url, '-'], { configDir, input: `${token}\n`, env });
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('--print: one fresh link per run, each usable once', async () => {
  const [a, b] = await Promise.all([1, 2].map(() => runCli(['dashboard', '--print'], { configDir, env })));
  for (const run of [a!, b!]) {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout.trim(), LINK);
  }
  assert.notEqual(a!.stdout, b!.stdout);
  assert.equal((await fetch(a!.stdout.trim(), { method: 'POST', redirect: 'manual' })).status, 303);
  assert.equal((await fetch(a!.stdout.trim(), { method: 'POST', redirect: 'manual' })).status, 410);
});

test('without --print the link goes to $BROWSER', async () => {
  const seen = path.join(dir, 'browser-got');
  const browser = path.join(dir, 'fake-browser.sh');
  writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`);
  chmodSync(browser, 0o755);
  const run = await runCli(['dashboard'], { configDir, env: { ...env, BROWSER: browser } });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '', 'the link is not printed');
  assert.match(run.stderr, /the dashboard opens in your browser/);
  const url = await waitFor('the browser to be given the link', () => {
    try {
      const text = readFileSync(seen, 'utf8');
      return LINK.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  });
  assert.equal((await fetch(url)).status, 200);
});

test('no opener: the link is printed to open by hand (exit 1); not logged in: exit 3', async () => {
  const run = await runCli(['dashboard'], { configDir, env: { ...env, BROWSER: path.join(dir, 'no-such-browser') } });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot start .*no-such-browser to open a browser \(ENOENT\); open this link yourself/);
  assert.match(run.stdout.trim(), LINK);
  const nobody = await runCli(['dashboard', '--print'], { configDir: path.join(dir, 'nobody'), env });
  assert.equal(nobody.code, 3);
  assert.match(nobody.stderr, /not logged in/);
});
