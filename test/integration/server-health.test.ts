/**
 * GET /v1/health: no token, 200 when the server reaches its bucket on the real RGW, 503 when its
 * storage address is dead; the client's BrokerClient.healthy reads it, and says no for a dead server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API, type HealthResponse } from '../../common/broker-api.ts';
import { BrokerClient } from '../../main/credentials/broker-client.ts';
import { freePort } from './queue-fixtures.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

describe('GET /v1/health', () => {
  let up: TestServer;
  let storageDown: TestServer;

  before(async () => {
    up = await startTestServer();
    storageDown = await startTestServer({ config: { s3Endpoint: `http://127.0.0.1:${await freePort()}` } });
  });
  after(async () => {
    await up?.close();
    await storageDown?.close();
  });

  it('answers 200 without a token when the bucket is reachable, and is never cached', async () => {
    const answer = await up.call<HealthResponse>('GET', API.health);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { ok: true, storage: 'ok', database: 'ok' });
    assert.equal(answer.headers.get('cache-control'), 'no-store');
  });

  it('answers 503 when the server cannot reach its storage', async () => {
    const answer = await storageDown.call<HealthResponse>('GET', API.health);
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, { ok: false, storage: 'unreachable', database: 'ok' });
  });

  it('POST /v1/upload with the storage unreachable: 503 storage_unavailable, not "the database"', async () => {
    const token = await storageDown.createToken(uniqueUserId('nos3'));
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const res = await fetch(`${storageDown.url}/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: string }).error, 'storage_unavailable');
  });

  it('BrokerClient.healthy: yes, no for the storage down, no for a server that is not there', async () => {
    assert.equal(await new BrokerClient({ serverUrl: up.url, token: 'any' }).healthy(), true);
    assert.equal(await new BrokerClient({ serverUrl: storageDown.url, token: 'any' }).healthy(), false);
    const nobody = new BrokerClient({ serverUrl: `http://127.0.0.1:${await freePort()}`, token: 'any' });
    assert.equal(await nobody.healthy(), false);
  });

  it('other /v1 routes still need a token', async () => {
    assert.equal((await up.call('GET', API.me)).status, 401);
  });
});
