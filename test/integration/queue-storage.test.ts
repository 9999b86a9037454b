/**
 * A config folder the upload queue cannot use, with the real `traydrop` command, server and RGW: a small file
 * system that fills up during `share --wait`, a read-only one, a folder that cannot exist, one this user may not
 * write. Each ends in one line that says which file, which folder, why and what to do: never a stack trace.
 * The upload a full disk interrupted stays resumable: `queue run --wait` finishes the same job after space is
 * freed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Journal } from '../../main/queue/journal.ts';
import type { Job } from '../../main/queue/job.ts';
import { killStartedClis, sha256File, sha256Object, startCli, writeRandomFile } from '../helpers/durable.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { CLI_BIN, runCli, type CliRun } from '../helpers/run-cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { mountSmallFs, type SmallFs } from '../helpers/small-fs.ts';
import { jobs, loggedIn, MiB, tempDir } from './queue-fixtures.ts';

let server: TestServer;
let dir: string;
const mounts: SmallFs[] = [];

before(async () => {
  server = await startTestServer();
  dir = tempDir();
});
after(async () => {
  killStartedClis();
  for (const fs of mounts) fs.unmount();
  await server?.close();
});

const smallFs = (name: string, size?: string): SmallFs => {
  const fs = mountSmallFs(path.join(dir, name), size);
  mounts.push(fs);
  return fs;
};

/** One line on stderr, and no line of a stack trace. */
function assertOneLine(run: CliRun, pattern: RegExp): void {
  assert.doesNotMatch(run.stderr, /^\s+at /m, `no stack trace:\n${run.stderr}`);
  assert.equal(run.stderr.trim().split('\n').length, 1, `one line:\n${run.stderr}`);
  assert.match(run.stderr, pattern);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('the disk fills during share --wait: one sentence, exit 1; after freeing space queue run --wait finishes the same job', async () => {
  const fs = smallFs('full', '1m');
  const { userId } = await loggedIn(server, fs.dir, 'full'); // the profile lives on the small file system
  const configDir = path.join(fs.dir, 'full-profile');
  const source = path.join(dir, 'big.bin');
  const sha = await writeRandomFile(source, 24 * MiB);
  const env = { TRAYDROP_PART_SIZE: String(5 * MiB) };
  const share = startCli(['share', source, '--wait', '--no-copy', '--limit-rate', '4M'], configDir, env);
  // the upload is under way, its multipart upload and a first part journaled: now the disk fills
  const started = await until('a journaled part', () => {
    const [job] = jobs(configDir);
    return job?.uploadId && job.parts.length > 0 ? job : undefined;
  });
  fs.fill();
  const run = await share.done;
  assert.equal(run.code, 1, run.stderr);
  assertOneLine(
    run,
    new RegExp(
      `^traydrop: cannot write the upload queue \\(queue\\.db in ${escape(configDir)}\\): the disk is full; free some space`,
    ),
  );
  fs.free();
  const kept = jobs(configDir);
  assert.equal(kept.length, 1);
  assert.equal(kept[0]!.id, started.id);
  assert.notEqual(kept[0]!.state, 'done');
  assert.equal(kept[0]!.uploadId, started.uploadId, 'the multipart upload was kept to resume');

  const resumed = await runCli(['queue', 'run', '--wait'], { configDir, env });
  assert.equal(resumed.code, 0, resumed.stderr);
  const [done] = jobs(configDir) as [Job];
  assert.deepEqual([done.id, done.state], [started.id, 'done']);
  assert.ok(done.key.startsWith(`users/${userId}/`));
  assert.equal(await sha256Object(adminS3(server.rgw), server.rgw.bucket, done.key), sha);
  assert.equal(await sha256File(source), sha);
});

test('a read-only config folder: which file, which folder, why and what to do', async () => {
  const fs = smallFs('readonly', '1m');
  await loggedIn(server, fs.dir, 'ro');
  const configDir = path.join(fs.dir, 'ro-profile');
  const file = path.join(dir, 'small.txt');
  writeFileSync(file, 'hello');
  assert.equal((await runCli(['queue'], { configDir })).code, 0, 'the journal exists before');
  fs.readOnly();
  const expected = new RegExp(
    `^traydrop: cannot open the upload queue \\(queue\\.db in ${escape(configDir)}\\): its file system is read-only; remount it read-write, or set TRAYDROP_CONFIG_DIR to a writable folder`,
  );
  for (const args of [['share', file, '--no-copy'], ['queue'], ['queue', 'run']]) {
    const run = await runCli(args, { configDir });
    assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
    assertOneLine(run, expected);
  }
});

test('a config folder that cannot exist (a file is in the way): which part of the path, and what to do', async () => {
  const blocker = path.join(dir, 'not-a-folder');
  writeFileSync(blocker, 'x');
  const configDir = path.join(blocker, 'profile');
  for (const args of [['queue'], ['queue', 'clear']]) {
    const run = await runCli(args, { configDir });
    assert.equal(run.code, 1, run.stderr);
    assertOneLine(
      run,
      new RegExp(
        `^traydrop: cannot open the upload queue \\(queue\\.db in ${escape(configDir)}\\): ${escape(blocker)} is not a folder; create the folder, or set TRAYDROP_CONFIG_DIR to one that exists`,
      ),
    );
  }
});

test('a config folder this user may not write (run as nobody): permission, and what to do', async () => {
  const configDir = path.join(dir, 'root-owned');
  mkdirSync(configDir, { mode: 0o755 });
  chmodSync(configDir, 0o755);
  chownSync(configDir, 0, 0);
  chmodSync(dir, 0o755); // nobody may look inside, not write
  const run = await runAsNobody(['queue'], configDir);
  assert.equal(run.code, 1, run.stderr);
  assertOneLine(
    run,
    new RegExp(
      `^traydrop: cannot open the upload queue \\(queue\\.db in ${escape(configDir)}\\): this user \\(nobody\\) has no permission to write there; give this user write access`,
    ),
  );
});

/** `traydrop <args>` as the unprivileged user nobody (runuser), with its exit code and output. */
async function runAsNobody(args: string[], configDir: string): Promise<CliRun> {
  try {
    const stdout = execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI_BIN, ...args], {
      env: { ...process.env, TRAYDROP_CONFIG_DIR: configDir, HOME: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: '/',
    });
    return { code: 0, signal: null, stdout: stdout.toString(), stderr: '' };
  } catch (error) {
    const failed = error as { status: number | null; stdout?: Buffer; stderr?: Buffer; message: string };
    if (failed.status === null) throw error;
    return {
      code: failed.status,
      signal: null,
      stdout: String(failed.stdout ?? ''),
      stderr: String(failed.stderr ?? ''),
    };
  }
}

test('the journal class itself: a full file system gives a QueueStorageError with file, folder and reason', () => {
  const fs = smallFs('journal-full', '256k');
  const journal = Journal.open(fs.dir);
  try {
    fs.fill();
    const write = (): void => {
      for (let i = 0; i < 200; i++) journal.renewLeases(`owner-${i}`, i);
      journal.clearFinished(Date.now(), true);
      for (let i = 0; i < 64; i++) {
        journal.insert({
          id: `fill${String(i).padStart(4, '0')}`,
          source: '/x'.repeat(500),
          kind: 'file',
          fingerprint: { size: 1, mtimeMs: 1, head: 'a'.repeat(64), tail: 'b'.repeat(64) },
          key: `users/u/${'k'.repeat(900)}`,
          shareId: 'AAAAAAAAAAAA',
          url: 'https://s/x',
          contentType: 'text/plain',
          expire: '1d',
          removeSourceAfterUpload: false,
          appWritten: false,
        });
      }
    };
    assert.throws(write, (error: Error & { reason?: string; file?: string; folder?: string }) => {
      assert.equal(error.name, 'QueueStorageError', error.message);
      assert.deepEqual([error.reason, error.file, error.folder], ['disk-full', path.join(fs.dir, 'queue.db'), fs.dir]);
      return true;
    });
  } finally {
    journal.close();
    fs.free();
  }
});

test('the other files of the config folder: login and logout on a full or read-only folder say which file and why', async () => {
  const full = smallFs('config-full', '1m');
  const fullDir = path.join(full.dir, 'profile');
  mkdirSync(fullDir);
  full.fill();
  const login = await runCli(['login', server.url, await server.createToken('cfg-full')], { configDir: fullDir });
  assert.equal(login.code, 1, login.stderr);
  assertOneLine(
    login,
    new RegExp(
      `^traydrop: cannot write (config\\.json|device-token) in ${escape(fullDir)}: the disk is full; free some space and try again`,
    ),
  );
  full.free();

  const readOnly = smallFs('config-ro', '1m');
  const { configDir } = await loggedIn(server, readOnly.dir, 'cfg-ro');
  readOnly.readOnly();
  const expected = new RegExp(
    `^traydrop: cannot write (config\\.json|device-token) in ${escape(configDir)}: its file system is read-only; remount it read-write`,
  );
  for (const args of [['login', server.url, await server.createToken('cfg-ro2')], ['logout']]) {
    const run = await runCli(args, { configDir });
    assert.equal(run.code, 1, `${args[0]}: ${run.stderr}`);
    assertOneLine(run, expected);
  }
});
