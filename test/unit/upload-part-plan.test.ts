import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_PART_SIZE,
  GiB,
  MAX_PARTS,
  MAX_PART_SIZE,
  MIN_PART_SIZE,
  MiB,
  choosePartSize,
  defaultPartSize,
  planUpload,
  type PartRange,
} from '../../main/upload/part-plan.ts';

function assertCovers(size: number, parts: PartRange[]): void {
  assert.equal(parts[0]!.start, 0);
  assert.equal(parts.at(-1)!.end, size);
  parts.forEach((part, i) => {
    assert.equal(part.partNumber, i + 1);
    if (i > 0) assert.equal(part.start, parts[i - 1]!.end);
    assert.ok(part.end > part.start);
    if (i < parts.length - 1) assert.ok(part.end - part.start >= MIN_PART_SIZE);
  });
  assert.ok(parts.length <= MAX_PARTS);
}

test('0 bytes and small files are one PutObject', () => {
  assert.deepEqual(planUpload(0), { kind: 'single', size: 0 });
  assert.deepEqual(planUpload(0, { multipartThreshold: 0 }), { kind: 'single', size: 0 });
  assert.deepEqual(planUpload(1), { kind: 'single', size: 1 });
  assert.deepEqual(planUpload(DEFAULT_PART_SIZE), { kind: 'single', size: DEFAULT_PART_SIZE });
});

test('above the threshold (default: the part size) is multipart', () => {
  const plan = planUpload(DEFAULT_PART_SIZE + 1);
  assert.equal(plan.kind, 'multipart');
  if (plan.kind !== 'multipart') return;
  assert.equal(plan.partSize, DEFAULT_PART_SIZE);
  assert.deepEqual(plan.parts, [
    { partNumber: 1, start: 0, end: DEFAULT_PART_SIZE },
    { partNumber: 2, start: DEFAULT_PART_SIZE, end: DEFAULT_PART_SIZE + 1 },
  ]);
});

test('5 MiB - 1 and 5 MiB + 1 with 5 MiB parts', () => {
  assert.deepEqual(planUpload(5 * MiB - 1, { partSize: 5 * MiB }), { kind: 'single', size: 5 * MiB - 1 });
  const plan = planUpload(5 * MiB + 1, { partSize: 5 * MiB });
  assert.equal(plan.kind, 'multipart');
  if (plan.kind === 'multipart') {
    assert.equal(plan.parts.length, 2);
    assert.equal(plan.parts[1]!.end - plan.parts[1]!.start, 1);
    assertCovers(5 * MiB + 1, plan.parts);
  }
});

test('an explicit threshold forces multipart for small files', () => {
  const plan = planUpload(1, { multipartThreshold: 0 });
  assert.equal(plan.kind, 'multipart');
  if (plan.kind === 'multipart') assert.deepEqual(plan.parts, [{ partNumber: 1, start: 0, end: 1 }]);
});

test('part sizes are clamped to S3 limits', () => {
  assert.equal(choosePartSize(100 * MiB, 1), MIN_PART_SIZE);
  assert.equal(choosePartSize(100 * GiB, 100 * GiB), MAX_PART_SIZE);
  assert.throws(() => choosePartSize(1, 0), RangeError);
});

test('huge files grow the part size (whole MiB) to stay within 10,000 parts', () => {
  const size = 200 * GiB + 12345;
  const plan = planUpload(size);
  assert.equal(plan.kind, 'multipart');
  if (plan.kind !== 'multipart') return;
  assert.ok(plan.partSize > DEFAULT_PART_SIZE);
  assert.equal(plan.partSize % MiB, 0);
  assert.ok(plan.parts.length <= MAX_PARTS);
  assertCovers(size, plan.parts);
  const exact = MAX_PARTS * DEFAULT_PART_SIZE;
  assert.equal(choosePartSize(exact), DEFAULT_PART_SIZE);
  assert.equal(choosePartSize(exact + 1), DEFAULT_PART_SIZE + MiB);
});

test('files bigger than 5 GiB are never a single PutObject', () => {
  const plan = planUpload(6 * GiB, { partSize: 8 * GiB, multipartThreshold: 100 * GiB });
  assert.equal(plan.kind, 'multipart');
});

test('too large or invalid sizes are refused', () => {
  assert.throws(() => planUpload(MAX_PARTS * MAX_PART_SIZE + 1), /too large/);
  assert.throws(() => planUpload(-1), RangeError);
  assert.throws(() => planUpload(1.5), RangeError);
});

test('default part size grows with the file: 16 MiB up to 256 MiB files, 64 MiB from 1 GiB', () => {
  assert.equal(defaultPartSize(10 * MiB), 16 * MiB);
  assert.equal(defaultPartSize(256 * MiB), 16 * MiB);
  assert.equal(defaultPartSize(512 * MiB), 32 * MiB);
  assert.equal(defaultPartSize(1024 * MiB), 64 * MiB);
  assert.equal(defaultPartSize(100 * 1024 * MiB), 64 * MiB);
  const plan = planUpload(1024 * MiB);
  assert.equal(plan.kind, 'multipart');
  assert.equal(plan.kind === 'multipart' && plan.parts.length, 16);
  assert.equal(planUpload(16 * MiB).kind, 'single', 'the threshold stays at 16 MiB');
  assert.equal(planUpload(16 * MiB + 1).kind, 'multipart');
});
