/**
 * "Uploaded" means the link serves the file: the queue says so (`stored`) as soon as S3 has a small
 * file, before the server's record, and the gateway serves the reserved link from S3 by itself. Real
 * server, real RGW; the broker is the real client with its report held back (a slow or lost report).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { BrokerError } from '../../main/credentials/broker-error.ts';
import { BrokerClient } from '../../main/credentials/broker-client.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import type { Job } from '../../main/queue/job.ts';
import { Journal } from '../../main/queue/journal.ts';
import type { QueueBroker } from '../../main/queue/queue-broker.ts';
import { QueueRunner } from '../../main/queue/runner.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

describe('the link is live when S3 has the file', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-live-'));
  });
  after(() => server.close());

  /** The real client with some calls replaced (its private fields need the real `this`). */
  const withCalls = (broker: BrokerClient, calls: Partial<QueueBroker>): QueueBroker =>
    new Proxy(broker, {
      get(target, name) {
        if (name in calls) return calls[name as keyof QueueBroker];
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  /** A profile, a journal and a runner whose broker is `wrap(real client)`. */
  async function setUp(name: string, wrap: (broker: BrokerClient) => QueueBroker) {
    const userId = uniqueUserId(name);
    const broker = new BrokerClient({ serverUrl: server.url, token: await server.createToken(userId) });
    const journal = Journal.open(path.join(dir, name));
    const credentials = new CredentialProvider({ fetch: () => broker.credentials() });
    const runner = new QueueRunner({ journal, broker: wrap(broker), credentials, pollMs: 50 });
    const share = async (bytes: Buffer): Promise<Job> => {
      const file = path.join(dir, `${name}-${randomBytes(3).toString('hex')}.png`);
      writeFileSync(file, bytes);
      const pairing = { userId, shareBaseUrl: server.config.shareBaseUrl };
      return enqueue({ journal, pairing, rules: DEFAULT_EXPIRY_RULES }, { path: file, kind: 'screenshot' });
    };
    const local = (url: string): string => url.replace(server.config.shareBaseUrl, server.url);
    return { runner, journal, share, local };
  }

  it(
    'says stored before the record, and the link serves the bytes while the report is held back',
    { timeout: 30_000 },
    async () => {
      let releaseReport!: () => void;
      const reportHeld = new Promise<void>((resolve) => (releaseReport = resolve));
      const { runner, journal, share, local } = await setUp('held', (broker) =>
        withCalls(broker, {
          reportUpload: async (key: string) => {
            await reportHeld;
            return broker.reportUpload(key);
          },
        }),
      );
      const bytes = randomBytes(40_000);
      const job = await share(bytes);
      const seen: string[] = [];
      let servedWhileHeld: { status: number; body: Buffer } | undefined;
      runner.events.on('job', (j) => seen.push(j.state));
      const stored = new Promise<void>((resolve) =>
        runner.events.on('stored', ({ id, url }) => {
          seen.push('stored');
          assert.equal(id, job.id);
          assert.equal(url, job.url);
          void fetch(local(url))
            .then(async (r) => (servedWhileHeld = { status: r.status, body: Buffer.from(await r.arrayBuffer()) }))
            .finally(resolve);
        }),
      );
      const running = runner.run();
      await stored;
      assert.equal(journal.get(job.id)?.state, 'uploading', 'the report is still held: not recorded by the client');
      assert.equal(servedWhileHeld?.status, 200, 'the reserved link served the file from S3');
      assert.ok(servedWhileHeld?.body.equals(bytes), 'byte-identical');
      releaseReport();
      await running;
      const done = journal.get(job.id)!;
      assert.equal(done.state, 'done');
      assert.equal(done.record?.shareId, new URL(job.url).pathname.split('/')[1]);
      assert.deepEqual(
        seen.filter((s) => s === 'stored' || s === 'done'),
        ['stored', 'done'],
      );
      journal.close();
    },
  );

  it(
    'a reservation the server refuses does not stop the upload; the link is live from the record on',
    { timeout: 30_000 },
    async () => {
      let reported = false;
      const { runner, journal, share, local } = await setUp('no-reserve', (broker) =>
        withCalls(broker, {
          reserveUpload: async () => {
            throw new BrokerError(503, 'unavailable', 'the server is busy');
          },
          reportUpload: async (key: string) => {
            const record = await broker.reportUpload(key);
            reported = true;
            return record;
          },
        }),
      );
      const job = await share(randomBytes(1000));
      let reportedWhenStored: boolean | undefined;
      runner.events.on('stored', () => (reportedWhenStored = reported));
      await runner.run();
      assert.equal(journal.get(job.id)?.state, 'done');
      assert.equal(reportedWhenStored, true, 'stored only once the server had the record');
      const served = await fetch(local(job.url));
      assert.equal(served.status, 200);
      await served.arrayBuffer(); // read it: an unread body keeps the connection, and the server's close, waiting
      journal.close();
    },
  );
});
