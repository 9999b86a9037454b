/**
 * A zombie (a process that exited but was never reaped) is not alive: its locks must not outlive it. The
 * zombie is made the way it happens where nobody reaps: its parent execs into a program that never waits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, procState } from '../../main/queue/process-alive.ts';
import { heldByOther } from '../../main/queue/lease.ts';
import { unreapedZombie } from '../helpers/zombie.ts';

test('a zombie nobody reaps answers kill(pid, 0) but is not alive; so its lease holds nothing', async (t) => {
  if (process.platform !== 'linux') return t.skip('zombies are told apart through /proc (Linux)');
  const zombie = await unreapedZombie();
  t.after(() => zombie.release());
  assert.equal(procState(zombie.pid), 'Z', 'the child exited and its parent never reaped it');
  assert.doesNotThrow(() => process.kill(zombie.pid, 0), 'the signal check alone sees a process');
  assert.equal(isProcessAlive(zombie.pid), false);
  assert.equal(isProcessAlive(zombie.parentPid), true, 'its parent runs (sleeping)');
  const owner = { pid: zombie.pid, id: `${zombie.pid}-dead`, leaseUntil: Date.now() + 30_000 };
  assert.equal(heldByOther(owner, 'me', Date.now()), false, 'a killed owner left as a zombie holds no job');
});

test('alive: this process and a sleeping child yes; an exited one, nonsense pids no', async (t) => {
  assert.equal(isProcessAlive(process.pid), true);
  assert.equal(isProcessAlive(spawnSync(process.execPath, ['-e', '0']).pid!), false);
  for (const pid of [0, -1, 1.5, Number.NaN]) assert.equal(isProcessAlive(pid), false, String(pid));
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  await once(child, 'spawn');
  assert.equal(isProcessAlive(child.pid!), true);
  if (process.platform === 'linux') assert.match(procState(child.pid!) ?? '', /^[RSD]$/);
});

test('procState reads the state after the last parenthesis (a command name may hold spaces and parens)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'traydrop-proc-'));
  mkdirSync(path.join(root, '42'));
  writeFileSync(path.join(root, '42', 'stat'), '42 (a) b (Z) c) Z 1 42 42 0 -1 4194560\n');
  assert.equal(procState(42, root), 'Z');
  assert.equal(procState(43, root), undefined, 'no such entry: unknown, and the signal check decides');
});
