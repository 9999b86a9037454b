/** Password guessing limits of protected links. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttemptLimiter } from '../../server/share/attempt-limiter.ts';

const MIN = 60_000;

test('one address: blocked after perClient failures until the window has passed; others are not', () => {
  const limiter = new AttemptLimiter({ perClient: 3, perLink: 100, windowMs: 10 * MIN });
  for (let i = 0; i < 3; i++) {
    assert.equal(limiter.retryAfter('link', '1.2.3.4', i), 0);
    limiter.failed('link', '1.2.3.4', i);
  }
  assert.equal(limiter.retryAfter('link', '1.2.3.4', 1000), 599, 'the window runs from the first failure');
  assert.equal(limiter.retryAfter('link', '5.6.7.8', 1000), 0, 'another address');
  assert.equal(limiter.retryAfter('other-link', '1.2.3.4', 1000), 0, 'another link');
  assert.equal(limiter.retryAfter('link', '1.2.3.4', 10 * MIN), 0, 'the window passed');
});

test('many addresses: the link itself is blocked after perLink failures', () => {
  const limiter = new AttemptLimiter({ perClient: 3, perLink: 5, windowMs: MIN });
  for (let i = 0; i < 5; i++) limiter.failed('link', `10.0.0.${i}`, 0);
  assert.equal(limiter.retryAfter('link', '10.0.0.99', 1), 60);
  assert.equal(limiter.retryAfter('another', '10.0.0.99', 1), 0);
});

test('a right password clears its address; memory stays bounded', () => {
  const limiter = new AttemptLimiter({ perClient: 2, perLink: 1000, windowMs: MIN, maxEntries: 10 });
  limiter.failed('link', 'a', 0);
  limiter.failed('link', 'a', 0);
  assert.ok(limiter.retryAfter('link', 'a', 0) > 0);
  limiter.succeeded('link', 'a');
  assert.equal(limiter.retryAfter('link', 'a', 0), 0);
  for (let i = 0; i < 100; i++) limiter.failed(`link-${i}`, 'b', 0);
  assert.equal(limiter.retryAfter('link-0', 'b', 0), 0, 'the oldest entries were dropped');
});

test('begin counts an attempt before its check; a right one is taken back from the link', () => {
  const limiter = new AttemptLimiter({ perClient: 2, perLink: 2, windowMs: MIN });
  limiter.begin('link', 'a', 0);
  limiter.begin('link', 'a', 0);
  assert.ok(limiter.retryAfter('link', 'a', 0) > 0, 'two attempts in flight already use up the address');
  limiter.succeeded('link', 'a');
  assert.equal(limiter.retryAfter('link', 'a', 0), 0);
  assert.equal(limiter.retryAfter('link', 'b', 0), 0, 'one wrong attempt left on the link, below its limit');
});
