/** Per-address limits count an IPv6 /64 as one client, so a host cannot rotate through its own prefix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../server/db/open-database.ts';
import { clientKey } from '../../server/net/client-key.ts';
import { AttemptLimiter } from '../../server/share/attempt-limiter.ts';

test('IPv6 addresses of one /64 are one client; IPv4 and IPv4-mapped are the address', () => {
  assert.equal(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:2:ffff:ffff:ffff:fffe'));
  assert.notEqual(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:3::1'));
  assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
  assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.notEqual(clientKey('203.0.113.7'), clientKey('203.0.113.8'));
  assert.equal(clientKey('not an address'), 'not an address');
});

test('ten wrong passwords from addresses of one /64 lock that /64 out', async () => {
  const db = await openDatabase(':memory:');
  const limiter = new AttemptLimiter(db, { perClient: 10, perLink: 100 });
  for (let i = 1; i <= 10; i++) await limiter.begin('link', clientKey(`2001:db8:1:2::${i.toString(16)}`), 0);
  assert.ok((await limiter.retryAfter('link', clientKey('2001:db8:1:2::abcd'), 0)) > 0);
  assert.equal(await limiter.retryAfter('link', clientKey('2001:db8:9:9::1'), 0), 0);
  await db.destroy();
});
