import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';

function fakeBroker(lifetimeMs: number, clock: { now: number }) {
  let n = 0;
  const fetch = async (): Promise<CredentialsResponse> => {
    n++;
    await new Promise((r) => setImmediate(r));
    return {
      accessKeyId: `AK${n}`,
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(clock.now + lifetimeMs).toISOString(),
      bucket: 'b',
      endpoint: 'http://x',
      region: 'r',
      userId: 'u',
      prefix: 'users/u/',
      shareBaseUrl: 'https://s',
      allowedExpiry: ['7d'],
    };
  };
  return { fetch, calls: () => n };
}

test('caches until the refresh margin (5 min cap for long credentials)', async () => {
  const clock = { now: 1_000_000 };
  const broker = fakeBroker(60 * 60_000, clock);
  const provider = new CredentialProvider({ fetch: broker.fetch, now: () => clock.now });
  assert.equal((await provider.get()).accessKeyId, 'AK1');
  clock.now += 54 * 60_000;
  assert.equal((await provider.get()).accessKeyId, 'AK1');
  clock.now += 60_001; // 5 min before expiry
  assert.equal((await provider.get()).accessKeyId, 'AK2');
  assert.equal(provider.fetchCount, 2);
});

test('short credentials refresh at a third of their lifetime before expiry', async () => {
  const clock = { now: 0 };
  const broker = fakeBroker(15_000, clock);
  const provider = new CredentialProvider({ fetch: broker.fetch, now: () => clock.now });
  await provider.get();
  clock.now = 9_999;
  assert.equal((await provider.get()).accessKeyId, 'AK1');
  clock.now = 10_000;
  assert.equal((await provider.get()).accessKeyId, 'AK2');
});

test('concurrent callers share one fetch', async () => {
  const clock = { now: 0 };
  const broker = fakeBroker(3_600_000, clock);
  const provider = new CredentialProvider({ fetch: broker.fetch, now: () => clock.now });
  const all = await Promise.all(Array.from({ length: 10 }, () => provider.get()));
  assert.equal(broker.calls(), 1);
  assert.ok(all.every((c) => c.accessKeyId === 'AK1'));
});

test('invalidate(key) only drops the cached credentials if they are that key', async () => {
  const clock = { now: 0 };
  const broker = fakeBroker(3_600_000, clock);
  const provider = new CredentialProvider({ fetch: broker.fetch, now: () => clock.now });
  await provider.get();
  provider.invalidate('someone-else');
  assert.equal((await provider.get()).accessKeyId, 'AK1');
  provider.invalidate('AK1');
  assert.equal((await provider.get()).accessKeyId, 'AK2');
  provider.invalidate('AK1'); // stale invalidation from a slower worker: ignored
  assert.equal((await provider.get()).accessKeyId, 'AK2');
  provider.invalidate();
  assert.equal((await provider.get()).accessKeyId, 'AK3');
});

test('a failed fetch is not cached; the next get tries again', async () => {
  let fail = true;
  const clock = { now: 0 };
  const broker = fakeBroker(3_600_000, clock);
  const provider = new CredentialProvider({
    fetch: async () => {
      if (fail) throw new Error('down');
      return broker.fetch();
    },
    now: () => clock.now,
  });
  await assert.rejects(provider.get(), /down/);
  fail = false;
  assert.equal((await provider.get()).accessKeyId, 'AK1');
});

test('rejects credentials with an unreadable expiration', async () => {
  const provider = new CredentialProvider({
    fetch: async () => ({ accessKeyId: 'A', expiration: 'soon' }) as CredentialsResponse,
  });
  await assert.rejects(provider.get(), /invalid expiration/);
});
