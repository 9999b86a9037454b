/** Password guessing limits of protected links, counted in the database (in-memory SQLite here). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../server/db/open-database.ts';
import { AttemptLimiter, type AttemptLimits } from '../../server/share/attempt-limiter.ts';

const MIN = 60_000;

async function limiterWith(limits: Partial<AttemptLimits>) {
  const db = await openDatabase(':memory:');
  return { db, limiter: new AttemptLimiter(db, limits) };
}

test('one address: refused after perClient attempts until the window has passed; others are not', async () => {
  const { db, limiter } = await limiterWith({ perClient: 3, perLink: 100, windowMs: 10 * MIN });
  for (let i = 0; i < 3; i++) assert.equal(await limiter.begin('link', '1.2.3.4', i), 0);
  assert.equal(await limiter.begin('link', '1.2.3.4', 1000), 599, 'the window runs from the first attempt');
  assert.equal(await limiter.retryAfter('link', '1.2.3.4', 1000), 599);
  assert.equal(await limiter.retryAfter('link', '5.6.7.8', 1000), 0, 'another address');
  assert.equal(await limiter.retryAfter('other-link', '1.2.3.4', 1000), 0, 'another link');
  assert.equal(await limiter.begin('link', '1.2.3.4', 10 * MIN), 0, 'the window passed: counted afresh');
  await db.destroy();
});

test('many addresses: the link itself is refused after perLink attempts; a refused one counts nothing', async () => {
  const { db, limiter } = await limiterWith({ perClient: 3, perLink: 5, windowMs: MIN });
  for (let i = 0; i < 5; i++) assert.equal(await limiter.begin('link', `10.0.0.${i}`, 0), 0);
  assert.equal(await limiter.begin('link', '10.0.0.99', 1), 60);
  assert.equal(await limiter.retryAfter('another', '10.0.0.99', 1), 0);
  const row = await db.selectFrom('password_attempts').selectAll().where('key', '=', 'link').executeTakeFirstOrThrow();
  assert.equal(row.failures, 5, 'the refused attempt was not counted');
  await db.destroy();
});

test('begin counts an attempt before its check; a right one clears its address and is taken back from the link', async () => {
  const { db, limiter } = await limiterWith({ perClient: 2, perLink: 2, windowMs: MIN });
  assert.equal(await limiter.begin('link', 'a', 0), 0);
  assert.equal(await limiter.begin('link', 'a', 0), 0);
  assert.ok((await limiter.retryAfter('link', 'a', 0)) > 0, 'two attempts in flight already use up the address');
  await limiter.succeeded('link', 'a');
  assert.equal(await limiter.retryAfter('link', 'a', 0), 0);
  assert.equal(await limiter.retryAfter('link', 'b', 0), 0, 'one attempt left on the link, below its limit');
  await db.destroy();
});

test('parallel attempts are counted one by one: never more pass than the limit', async () => {
  const { db, limiter } = await limiterWith({ perClient: 10, perLink: 100, windowMs: MIN });
  const waits = await Promise.all(Array.from({ length: 25 }, () => limiter.begin('link', 'a', 0)));
  assert.equal(waits.filter((w) => w === 0).length, 10);
  await db.destroy();
});

test('sweep deletes the windows that have passed, and only those', async () => {
  const { db, limiter } = await limiterWith({ perClient: 3, perLink: 100, windowMs: MIN });
  await limiter.begin('old', 'a', 0);
  await limiter.begin('new', 'a', MIN);
  assert.equal(await limiter.sweep(MIN + 1), 2, 'old and old×a');
  const left = await db.selectFrom('password_attempts').select('key').orderBy('key').execute();
  assert.deepEqual(
    left.map((r) => r.key),
    ['new', 'new a'],
  );
  await db.destroy();
});
