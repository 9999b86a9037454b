import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs } from '../../main/queue/backoff.ts';

test('backoff doubles from 1 s to a 60 s cap, forever, with full jitter', () => {
  const top = [1, 2, 3, 4, 5, 6, 7, 8, 50, 10_000].map((n) => backoffMs(n, { random: () => 0.999999 }));
  assert.deepEqual(top, [999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999, 59999]);
  assert.equal(backoffMs(5, { random: () => 0 }), 0, 'full jitter: anywhere from zero');
  assert.equal(backoffMs(3, { random: () => 0.5 }), 2000);
  assert.equal(backoffMs(0, { random: () => 0.5 }), 500, 'attempt counts below 1 act as the first');
});
