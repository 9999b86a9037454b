import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { uploadFile } from '../../main/upload/upload-file.ts';
import { UploadError } from '../../main/upload/upload-error.ts';
import {
  MiB,
  cleanUp,
  engineSetup,
  expireTag,
  incompleteUploads,
  randomFile,
  sha256OfObject,
  tempDir,
} from './engine-fixtures.ts';

const { broker, credentials, plan } = engineSetup();
const temp = tempDir();
after(async () => {
  await cleanUp(broker);
  temp.remove();
});

const cases = [
  { label: '0 B', size: 0, kind: 'single' },
  { label: '1 B', size: 1, kind: 'single' },
  { label: '5 MiB - 1', size: 5 * MiB - 1, kind: 'single' },
  { label: '5 MiB + 1', size: 5 * MiB + 1, kind: 'multipart' },
] as const;

for (const { label, size, kind } of cases) {
  test(`${label} round-trips byte-identical (${kind}) and carries its expire tag`, async () => {
    const path = join(temp.dir, `file ${size}.bin`);
    const sha = await randomFile(path, size);
    const share = plan(path, '7d');
    const progress: number[] = [];
    const record = await uploadFile({
      path,
      key: share.key,
      contentType: share.contentType,
      expire: share.expire,
      credentials,
      broker,
      partSize: 5 * MiB,
      onProgress: (p) => progress.push(p.sentBytes),
    });
    assert.equal(record.key, share.key);
    assert.equal(record.bytes, size);
    assert.equal(record.expire, '7d');
    assert.equal(record.url, share.url);
    assert.equal(await sha256OfObject(broker, share.key), sha);
    assert.equal(await expireTag(broker, share.key), '7d');
    assert.equal(progress.at(-1), size);
  });
}

test('bytes the caller already read go up from memory, signed with their SHA-256; S3 refuses a wrong hash', async () => {
  const path = join(temp.dir, 'in memory.png');
  await randomFile(path, 300_000);
  const bytes = await readFile(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await rm(path); // nothing is read from disk: the file may even be gone
  const share = plan(path, '7d');
  const base = { path, contentType: share.contentType, expire: share.expire, credentials, broker };
  const sizes: number[] = [];
  const record = await uploadFile({
    ...base,
    key: share.key,
    source: { size: bytes.length, unchanged: async () => undefined },
    contents: { bytes, sha256 },
    onProgress: (p) => sizes.push(p.sentBytes),
  });
  assert.equal(record.bytes, bytes.length);
  assert.equal(await sha256OfObject(broker, share.key), sha256);
  assert.equal(await expireTag(broker, share.key), '7d');
  assert.deepEqual(sizes, [bytes.length]);

  const other = plan(path, '7d');
  const wrong = createHash('sha256').update('other bytes').digest('hex');
  const error = await uploadFile({
    ...base,
    key: other.key,
    source: { size: bytes.length, unchanged: async () => undefined },
    contents: { bytes, sha256: wrong },
    retry: { attempts: 1 },
  }).catch((e: unknown) => e);
  assert.ok(error instanceof UploadError, String(error));
  assert.equal(error.status, 400, error.message);
  assert.equal(await sha256OfObject(broker, other.key).catch(() => 'absent'), 'absent', 'nothing stored');
});

test('~200 MiB round-trips byte-identical with 16 MiB parts × 4', async (t) => {
  const size = 200 * MiB + 12345;
  const path = join(temp.dir, 'big.bin');
  const sha = await randomFile(path, size);
  const share = plan(path, '30d');
  let updates = 0;
  const started = performance.now();
  const record = await uploadFile({
    path,
    key: share.key,
    contentType: share.contentType,
    expire: share.expire,
    credentials,
    broker,
    onProgress: () => updates++,
  });
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`200 MiB upload: ${seconds.toFixed(2)} s, ${(size / MiB / seconds).toFixed(0)} MiB/s`);
  assert.equal(record.bytes, size);
  assert.ok(updates >= 200, `progress is smooth (${updates} updates)`);
  assert.equal(await sha256OfObject(broker, share.key), sha);
  assert.equal(await expireTag(broker, share.key), '30d');
});

test('the session policy is enforced: an expiry it does not allow is refused for good (403 twice)', async () => {
  const strict = engineSetup({ allowedExpiry: ['1d', '7d'] });
  const path = join(temp.dir, 'denied.bin');
  await randomFile(path, 1000);
  const key = strict.plan(path, '7d').key;
  for (const partSize of [5 * MiB, undefined]) {
    const error = await uploadFile({
      path,
      key,
      contentType: 'application/octet-stream',
      expire: '30d',
      credentials: strict.credentials,
      broker: strict.broker,
      partSize,
      multipartThreshold: partSize ? 0 : undefined,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof UploadError, String(error));
    assert.equal(error.status, 403);
    assert.match(error.message, /failed after 2 attempts: 403 AccessDenied/);
  }
  assert.equal(strict.fetches(), 3, 'each 403 fetched fresh credentials once');
  assert.equal(strict.broker.aborts, 1, 'the failed multipart upload was aborted');
  assert.deepEqual(await incompleteUploads(strict.broker, key), []);
});
