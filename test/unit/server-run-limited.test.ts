/** limitConcurrency: never more than `max` tasks at once, even when new ones arrive as others finish. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { limitConcurrency } from '../../server/share/run-limited.ts';

test('at most max at once; all run, in order of arrival', async () => {
  const run = limitConcurrency(2);
  let now = 0;
  let peak = 0;
  const started: number[] = [];
  const task = (i: number) => async () => {
    started.push(i);
    peak = Math.max(peak, ++now);
    await sleep(5);
    now--;
    return i;
  };
  const first = [0, 1, 2, 3].map((i) => run(task(i)));
  // arrivals while the first ones finish must not slip past the waiting ones
  const late = first[0]!.then(() => run(task(4)));
  assert.deepEqual(await Promise.all([...first, late]), [0, 1, 2, 3, 4]);
  assert.equal(peak, 2);
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
});

test('a failing task frees its slot', async () => {
  const run = limitConcurrency(1);
  await assert.rejects(run(async () => Promise.reject(new Error('boom'))));
  assert.equal(await run(async () => 'next'), 'next');
});
