/**
 * A replacement as a job of the durable queue (main/queue/enqueue-replace.ts, main/share/replace-upload.ts), on the
 * real server and RGW: the link stays the same and serves the new file once the job is done; the job survives a
 * restart (journal closed and opened again); a large replacement goes multipart through the same engine; the
 * source is kept; a link of another account is refused before anything is queued.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API, type FileListResponse } from '../../common/broker-api.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { BrokerClient } from '../../main/credentials/broker-client.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { enqueue } from '../../main/queue/enqueue.ts';
import { enqueueReplace, NotYourLinkError } from '../../main/queue/enqueue-replace.ts';
import type { Job } from '../../main/queue/job.ts';
import { Journal } from '../../main/queue/journal.ts';
import { QueueRunner } from '../../main/queue/runner.ts';
import { rawRequest } from '../helpers/gateway.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';
import { MiB, randomFile, sha256 } from './queue-fixtures.ts';

describe('a replacement in the durable queue', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-replace-'));
  });
  after(() => server.close());

  async function profile(name: string) {
    const userId = uniqueUserId(name);
    const token = await server.createToken(userId);
    const broker = new BrokerClient({ serverUrl: server.url, token });
    const journalFile = path.join(dir, name, 'queue.db');
    const pairing = { userId, shareBaseUrl: server.config.shareBaseUrl };
    const runOnce = async (engine = {}): Promise<Journal> => {
      const journal = Journal.open(journalFile);
      const credentials = new CredentialProvider({ fetch: () => broker.credentials() });
      await new QueueRunner({ journal, broker, credentials, once: true, pollMs: 50, engine }).run();
      return journal;
    };
    return { userId, token, broker, journalFile, pairing, runOnce };
  }
  /** A file of `size` random bytes shared through the queue: the journal (open), the done job and the bytes. */
  async function shared(
    p: Awaited<ReturnType<typeof profile>>,
    name: string,
    size: number,
    kind: Job['kind'] = 'file',
  ) {
    const original = path.join(dir, name);
    const bytes = await randomFile(original, size);
    let journal = Journal.open(p.journalFile);
    const first = await enqueue({ journal, pairing: p.pairing, rules: DEFAULT_EXPIRY_RULES }, { path: original, kind });
    journal.close();
    journal = await p.runOnce();
    return { journal, done: journal.get(first.id)!, before: bytes };
  }
  const served = async (url: string): Promise<Buffer> => {
    const res = await rawRequest(server.url, new URL(url).pathname + '/raw');
    assert.equal(res.status, 200);
    return res.body;
  };

  it('the same link serves the edited file; the job survives a restart; the edited file stays', async () => {
    const p = await profile('rq');
    const first = await shared(p, 'Screenshot-1.png', 30_000, 'screenshot');
    let journal = first.journal;
    const { done, before } = first;
    assert.equal(done.state, 'done');
    assert.equal(sha256(await served(done.url)), sha256(before));
    // edit: a new file beside it, queued as a replacement of the link, then the process "restarts" before running
    const edited = path.join(dir, 'Screenshot-1-edited.png');
    const after = await randomFile(edited, 33_333);
    const link = { key: done.key, url: done.url, expire: done.record!.expire };
    const replacing: Job = await enqueueReplace(
      { journal, pairing: p.pairing },
      { path: edited, kind: 'screenshot', link },
    );
    assert.equal(replacing.url, done.url, 'the link known at once is the same');
    assert.equal(replacing.replaces, true);
    journal.close();
    journal = Journal.open(p.journalFile);
    assert.equal(journal.get(replacing.id)!.replaces, true, 'journaled as a replacement');
    assert.equal(journal.get(replacing.id)!.state, 'queued');
    journal.close();
    journal = await p.runOnce();
    const replaced = journal.get(replacing.id)!;
    journal.close();
    assert.equal(replaced.state, 'done', replaced.error ?? '');
    assert.equal(replaced.record!.url, done.url);
    assert.equal(replaced.record!.bytes, after.length);
    assert.equal(sha256(await served(done.url)), sha256(after));
    assert.ok(existsSync(edited), 'the edited file is kept');
    const files = await server.call<FileListResponse>('GET', FILES_API.files, p.token);
    assert.equal(files.body.files.filter((f) => f.shareId === done.shareId).length, 1, 'still one link');
    assert.equal(files.body.files.length, 1, 'and no second one');
  });

  it('a large replacement goes multipart through the same engine', { timeout: 60_000 }, async () => {
    const p = await profile('rqm');
    const first = await shared(p, 'big.bin', 1000);
    let journal = first.journal;
    const { done } = first;
    const edited = path.join(dir, 'big-edited.bin');
    const after = await randomFile(edited, 11 * MiB + 5);
    const link = { key: done.key, url: done.url, expire: done.expire };
    const job = await enqueueReplace({ journal, pairing: p.pairing }, { path: edited, kind: 'file', link });
    journal.close();
    journal = await p.runOnce({ partSize: 5 * MiB });
    const replaced = journal.get(job.id)!;
    journal.close();
    assert.equal(replaced.state, 'done', replaced.error ?? '');
    assert.ok(replaced.uploadId, 'it went multipart');
    assert.equal(sha256(await served(done.url)), sha256(after));
    const stats = await server.call('GET', apiPath(FILES_API.stats, done.shareId), p.token);
    assert.equal(stats.status, 200);
  });

  it('a multipart replacement stopped half-way resumes its upload in the next run', { timeout: 90_000 }, async () => {
    const p = await profile('rqr');
    const first = await shared(p, 'video.bin', 500);
    let journal = first.journal;
    const { done, before } = first;
    const edited = path.join(dir, 'video-edited.bin');
    const after = await randomFile(edited, 20 * MiB + 1);
    const link = { key: done.key, url: done.url, expire: done.expire };
    const job = await enqueueReplace({ journal, pairing: p.pairing }, { path: edited, kind: 'file', link });
    // the first run is stopped once a part is in S3 (the app quitting, a laptop closed)
    const credentials = new CredentialProvider({ fetch: () => p.broker.credentials() });
    const engine = { partSize: 5 * MiB, concurrency: 1 };
    const runner = new QueueRunner({ journal, broker: p.broker, credentials, pollMs: 50, engine });
    const stopped = new Promise<void>((resolve) => {
      let stopping = false;
      runner.events.on('progress', ({ sentBytes }) => {
        if (sentBytes < 6 * MiB || stopping) return;
        stopping = true;
        void runner.stop().then(resolve);
      });
    });
    void runner.run();
    await stopped;
    const paused = journal.get(job.id)!;
    journal.close();
    assert.equal(paused.state, 'queued');
    assert.ok(paused.uploadId, 'its multipart upload is journaled');
    assert.ok(paused.parts.length >= 1, 'with the parts S3 has');
    assert.equal(sha256(await served(done.url)), sha256(before), 'the link still serves the original');
    journal = await p.runOnce(engine);
    const replaced = journal.get(job.id)!;
    journal.close();
    assert.equal(replaced.state, 'done', replaced.error ?? '');
    assert.equal(replaced.uploadId, paused.uploadId, 'the same multipart upload, resumed');
    assert.equal(sha256(await served(done.url)), sha256(after));
  });

  it('a link of another account is refused before anything is queued; a deleted link fails the job clearly', async () => {
    const p = await profile('rqa');
    const q = await profile('rqb');
    const file = path.join(dir, 'x.png');
    writeFileSync(file, 'not really a png');
    const journal = Journal.open(p.journalFile);
    const foreign = {
      key: `users/${q.userId}/AAAAAAAAAAAA/x.png`,
      url: 'https://x.test/AAAAAAAAAAAA/x.png',
      expire: '7d' as const,
    };
    await assert.rejects(
      enqueueReplace({ journal, pairing: p.pairing }, { path: file, kind: 'file', link: foreign }),
      NotYourLinkError,
    );
    assert.equal(journal.list().length, 0);
    // a link of ours that the server does not know (deleted meanwhile): the job fails with the server's words
    const gone = {
      key: `users/${p.userId}/BBBBBBBBBBBB/x.png`,
      url: 'https://x.test/BBBBBBBBBBBB/x.png',
      expire: '7d' as const,
    };
    const job = await enqueueReplace({ journal, pairing: p.pairing }, { path: file, kind: 'file', link: gone });
    journal.close();
    const after = await p.runOnce();
    const failed = after.get(job.id)!;
    after.close();
    assert.equal(failed.state, 'failed');
    assert.match(failed.error ?? '', /no file with share id BBBBBBBBBBBB/);
    assert.ok(existsSync(file));
  });
});
