import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReadFingerprint } from '../../main/queue/fingerprint.ts';
import { QueuedBytes } from '../../main/queue/queued-bytes.ts';

const read = (bytes: number, contents = true): ReadFingerprint => ({
  fingerprint: { size: bytes, mtimeMs: 1, head: 'h', tail: 'h' },
  contents: contents ? Buffer.alloc(bytes) : undefined,
});

test('a kept read is taken once, by its job id', () => {
  const kept = new QueuedBytes();
  const r = read(10);
  kept.keep('a', r);
  assert.equal(kept.take('b'), undefined);
  assert.equal(kept.take('a'), r);
  assert.equal(kept.take('a'), undefined);
  assert.equal(kept.size, 0);
});

test('a read without the whole contents (a file over a MiB) is not kept', () => {
  const kept = new QueuedBytes();
  kept.keep('big', read(10, false));
  assert.equal(kept.size, 0);
});

test('over the byte limit the oldest go first; one larger than the limit is never kept', () => {
  const kept = new QueuedBytes({ limitBytes: 25 });
  kept.keep('a', read(10));
  kept.keep('b', read(10));
  kept.keep('c', read(10)); // 30 > 25: a goes
  assert.equal(kept.take('a'), undefined);
  assert.ok(kept.take('b'));
  assert.ok(kept.take('c'));
  kept.keep('huge', read(26));
  assert.equal(kept.size, 0);
});

test('a read older than maxAgeMs is forgotten (a queue waiting for the network holds nothing)', () => {
  let now = 0;
  const kept = new QueuedBytes({ maxAgeMs: 1000, now: () => now });
  kept.keep('a', read(10));
  now = 500;
  kept.keep('b', read(10));
  now = 1200;
  assert.equal(kept.take('a'), undefined);
  assert.ok(kept.take('b'));
});

test('keeping a job again replaces its read and counts its bytes once', () => {
  const kept = new QueuedBytes({ limitBytes: 15 });
  kept.keep('a', read(10));
  kept.keep('a', read(10));
  kept.keep('b', read(5)); // 15: fits only if a was counted once
  assert.ok(kept.take('a'));
  assert.ok(kept.take('b'));
});
