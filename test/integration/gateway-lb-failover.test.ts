/**
 * HAProxy (docs/deploy/haproxy.cfg) in front of three real `traydrop-server serve` processes: `kill -9` of one during
 * 200 concurrent downloads. The balancer takes it out within 2 s, every request that starts after that succeeds, and
 * clients that retry with Range complete every interrupted download byte-identical. Then it fails open: with every
 * live gateway's check saying no, requests still reach them, through the backups (docs/deploy/haproxy.cfg).
 *
 * The three instances share one database: a SQLite file (WAL across processes: enough for what this test looks at,
 * links are read and downloads of a plain link counted with a retry on a busy database), or on the PostgreSQL pass
 * (TRAYDROP_TEST_DATABASE=postgres) a fresh PostgreSQL database, as several instances in production share one
 * (DATABASE_URL). The statistics' exactness across instances is not checked here.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  haproxyCommand,
  serverStates,
  sessionsPerServer,
  startHaproxy,
  type StartedProxy,
} from '../helpers/proxy-stack.ts';
import { resumableGet } from '../helpers/resumable-get.ts';
import { ensureRgw, type RgwEnv } from '../helpers/rgw.ts';
import {
  createTokenCli,
  processDatabase,
  processEnv,
  type ServerProcess,
  shareObject,
  type SharedObject,
  startServerProcess,
} from '../helpers/server-process.ts';
import { uniqueUserId } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('HAProxy in front of three gateways: kill -9 one during 200 downloads', () => {
  let rgw: RgwEnv;
  let dir: string;
  let database: Awaited<ReturnType<typeof processDatabase>> | undefined;
  const gateways: ServerProcess[] = [];
  let lb: (StartedProxy & { stats: string }) | undefined;
  let link: SharedObject | undefined;
  const body = randomBytes(16 << 20);

  before(async () => {
    rgw = await ensureRgw();
    dir = mkdtempSync(join(tmpdir(), 'traydrop-lb-test-'));
    database = await processDatabase(dir);
    const env = processEnv(rgw, join(dir, 'shared.db'), { ...database.env, TRUST_PROXY_HOPS: '1' });
    const userId = uniqueUserId('lb');
    const token = createTokenCli(env, userId);
    for (let i = 0; i < 3; i++) gateways.push(await startServerProcess(env));
    lb = await startHaproxy({ gateways: gateways.map((g) => `127.0.0.1:${g.port}`) });
    await waitFor('all three gateways up', async () => {
      const s = await serverStates(lb!.stats);
      return s.gw1 === 'up' && s.gw2 === 'up' && s.gw3 === 'up' ? true : undefined;
    });
    link = await shareObject(rgw, gateways[0]!.url, token, userId, 'sixteen-mib.bin', body);
  });
  after(async () => {
    await lb?.stop();
    for (const g of gateways) await g.kill();
    await link?.remove();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is out within 2 s, later requests all succeed, interrupted downloads resume byte-identical', async () => {
    const url = lb!.url + link!.rawPath;
    // 200 clients reading 16 MiB each, slowly until the dead gateway is out and at full speed after it. The loopback's socket buffers
    // hold several MiB per connection, so a smaller file would sit whole in them and no kill could interrupt it.
    let responding = 0;
    let killed = false;
    const pace = (): number => (killed ? Infinity : 256 << 10);
    const downloads = Array.from({ length: 200 }, () =>
      resumableGet(url, body.length, { pace, maxAttempts: 5, onResponse: () => responding++ }),
    );
    await waitFor('150 downloads under way', () => (responding >= 150 ? true : undefined), 30_000, 20);
    const victim = gateways[1]!;
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await victim.exited;
    const underWay = responding;
    const outAfter = await waitFor(
      'gw2 marked down',
      async () => ((await serverStates(lb!.stats)).gw2 === 'down' ? Date.now() - killedAt : undefined),
      5000,
      50,
    );
    assert.ok(outAfter <= 2000, `taken out after ${outAfter} ms`);
    // full speed only now: 200 streams at full speed would slow this process's own polling of HAProxy's state
    killed = true;

    // every request that starts now succeeds, whole, at the first attempt
    const later = await Promise.all(
      Array.from({ length: 100 }, () => resumableGet(url, body.length, { pace: () => Infinity, maxAttempts: 1 })),
    );
    const failed = later.filter((r) => r.attempts[0]?.status !== 200 || r.sha256 !== sha(body));
    if (failed.length > 0) {
      // who answered (HAProxy with no gateway up, or a gateway, and why), and what HAProxy and the gateways say now
      const answers = new Map<string, number>();
      for (const r of failed) {
        const a = r.attempts[0];
        const key = `${a?.status} ${a?.error ?? ''} ${(a?.said ?? '').replace(/\s+/g, ' ')}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
      const states = JSON.stringify(await serverStates(lb!.stats));
      const outputs = gateways.map((g, i) => `gw${i + 1}: ${g.output().slice(-800)}`).join('\n---\n');
      assert.fail(
        `${failed.length} of 100 requests after gw2 was out failed: ${JSON.stringify([...answers])}; ` +
          `HAProxy now ${states}\n${outputs}`,
      );
    }

    const results = await Promise.all(downloads);
    const interrupted = results.filter((r) => r.attempts.length > 1);
    assert.ok(interrupted.length > 0, 'some downloads were on the killed gateway');
    for (const r of results) {
      assert.equal(r.length, body.length, JSON.stringify(r.attempts));
      assert.equal(r.sha256, sha(body));
    }
    console.log(
      `# killed 1 of 3 gateways with ${underWay} responses under way: out after ${outAfter} ms; ` +
        `${interrupted.length} of 200 downloads interrupted, ` +
        `all resumed with Range byte-identical; 100 requests after: all 200`,
    );
  });

  it('fails open: with every live gateway marked down by its check, requests are still served (by the backups)', async () => {
    const url = lb!.url + link!.rawPath;
    const sent = () => sessionsPerServer(lb!.stats);
    // gw2 was killed above; gw1 and gw3 are alive but their checks say no, as when every check fails at once
    for (const gw of ['gw1', 'gw3']) {
      await haproxyCommand(lb!.stats, `disable health gateways/${gw}`);
      await haproxyCommand(lb!.stats, `set server gateways/${gw} health down`);
    }
    try {
      const states = await serverStates(lb!.stats);
      assert.deepEqual([states.gw1, states.gw2, states.gw3], ['down', 'down', 'down']);
      const before = await sent();
      const got = await Promise.all(
        Array.from({ length: 10 }, () => resumableGet(url, body.length, { pace: () => Infinity, maxAttempts: 1 })),
      );
      assert.deepEqual(
        got.map((r) => [r.attempts[0]?.status, r.sha256 === sha(body)]),
        Array(10).fill([200, true]),
      );
      const after = await sent();
      const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
      // a request first sent to gw2-open (dead) is counted there too, then redispatched to a live backup
      const backups = delta('gw1-open') + delta('gw2-open') + delta('gw3-open');
      assert.ok(backups >= 10, `backups got ${backups}: ${JSON.stringify({ before, after })}`);
      assert.equal(delta('gw1') + delta('gw3'), 0, 'the checked servers were out');
    } finally {
      for (const gw of ['gw1', 'gw3']) await haproxyCommand(lb!.stats, `enable health gateways/${gw}`);
    }
  });
});
