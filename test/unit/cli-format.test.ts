import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatExpiry } from '../../main/cli/format.ts';
import { formatBytes } from '../../common/format-bytes.ts';

test('formatBytes uses decimal units like file managers', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1234567), '1.2 MB');
  assert.equal(formatBytes(200 * 1024 * 1024), '210 MB');
});

test('formatExpiry says when a link stops working', () => {
  assert.equal(formatExpiry(null), 'never expires');
  assert.equal(formatExpiry('2026-12-01T10:20:30.000Z'), 'expires 2026-12-01 10:20 UTC');
});
