import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { appendFile, open, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fingerprintChange, fingerprintOf, NotRegularFileError } from '../../main/queue/fingerprint.ts';

const MiB = 1024 * 1024;

test('the fingerprint notices size, mtime and content changes at either end', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-fp-'));
  const file = path.join(dir, 'big.bin');
  await writeFile(file, randomBytes(3 * MiB));
  const fixed = new Date('2026-01-02T03:04:05Z'); // whole seconds: utimes restores it exactly
  await utimes(file, fixed, fixed);
  const queued = await fingerprintOf(file);
  assert.equal(queued.size, 3 * MiB);
  assert.equal(fingerprintChange(queued, await fingerprintOf(file)), undefined);

  const overwriteAt = async (position: number) => {
    const handle = await open(file, 'r+');
    await handle.write(Buffer.from('X'), 0, 1, position);
    await handle.close();
    await utimes(file, fixed, fixed); // same size and mtime: only the hashes can tell
  };
  await overwriteAt(3 * MiB - 1);
  assert.equal(fingerprintChange(queued, await fingerprintOf(file)), 'content differs');
  await overwriteAt(0);
  assert.equal(fingerprintChange(queued, await fingerprintOf(file)), 'content differs');

  await utimes(file, new Date(), new Date(Date.now() + 5000));
  assert.equal(fingerprintChange(queued, await fingerprintOf(file)), 'modified');
  await appendFile(file, 'more');
  assert.equal(fingerprintChange(queued, await fingerprintOf(file)), `${3 * MiB} → ${3 * MiB + 4} bytes`);

  const empty = path.join(dir, 'empty');
  await writeFile(empty, '');
  const fp = await fingerprintOf(empty);
  assert.equal(fp.head, fp.tail);
});

test('a small file is hashed once (head = tail); a folder or FIFO is refused without opening it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-fp-'));
  const small = path.join(dir, 'shot.png');
  const bytes = randomBytes(300 * 1024);
  await writeFile(small, bytes);
  const fp = await fingerprintOf(small);
  assert.equal(fp.head, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(fp.tail, fp.head);
  await assert.rejects(fingerprintOf(dir), NotRegularFileError);
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(fingerprintOf(fifo), NotRegularFileError, 'refused, not waiting for a writer');
});
