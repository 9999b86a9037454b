import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRate } from '../../main/cli/parse-rate.ts';

test('parseRate reads curl-style rates', () => {
  assert.equal(parseRate('500K'), 500 * 1024);
  assert.equal(parseRate('2M'), 2 * 1024 * 1024);
  assert.equal(parseRate('1.5m'), 1.5 * 1024 * 1024);
  assert.equal(parseRate('2MiB/s'), 2 * 1024 * 1024);
  assert.equal(parseRate('1048576'), 1048576);
  for (const bad of ['', 'fast', '-1M', '10', '2T']) assert.throws(() => parseRate(bad), /--limit-rate/);
});
