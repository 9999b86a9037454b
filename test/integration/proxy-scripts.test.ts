/**
 * scripts/varnish-start.sh, scripts/haproxy-start.sh and scripts/nginx-start.sh: a throw-away instance with the
 * repository's docs/deploy files, idempotent (same settings: the same process), replaced when the backends change,
 * stopped by its pid.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { serverStates, startHaproxy, startNginx, startVarnish } from '../helpers/proxy-stack.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NGINX_SECRET = 'proxy-scripts-offload-secret';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('proxy start scripts', () => {
  let origin: Server;
  let backend: string;

  before(async () => {
    // a stand-in gateway: healthy, and says which request it saw
    origin = createServer((req, res) => {
      // for nginx: an X-Accel-Redirect to an object the "storage" (this server too) does not have
      if (req.url === '/offloaded' && req.headers['x-traydrop-offload'] === NGINX_SECRET) {
        res.writeHead(200, {
          'x-accel-redirect': `/_traydrop_storage/${backend}/bucket/gone?X-Amz-Signature=s`,
          'x-traydrop-share': 'AAAAAAAAAAAA',
          'x-traydrop-hold': 'h0',
          'x-traydrop-bot': '0',
        });
        return res.end();
      }
      if (req.url?.startsWith('/bucket/')) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        return res.end('<Error><Code>NoSuchKey</Code><BucketName>bucket</BucketName></Error>');
      }
      res.writeHead(req.url === '/v1/health' ? 200 : 404, {
        'content-type': 'text/plain',
        'cache-control': 'no-store',
      });
      res.end(`origin saw ${req.method} ${req.url}\n`);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    backend = `127.0.0.1:${(origin.address() as AddressInfo).port}`;
  });
  after(() => origin?.close());

  it('varnish: starts with docs/deploy/varnish.vcl, is idempotent, is replaced for another backend, stops by pid', async () => {
    const first = await startVarnish({ backend });
    try {
      assert.match(await (await fetch(`${first.url}/v1/health`)).text(), /origin saw GET \/v1\/health/);
      const again = await startVarnish({ backend, dir: first.dir, port: Number(new URL(first.url).port) });
      assert.equal(again.pid, first.pid, 'the same settings keep the running instance');
      const moved = await startVarnish({
        backend: '127.0.0.1:9',
        dir: first.dir,
        port: Number(new URL(first.url).port),
      });
      assert.notEqual(moved.pid, first.pid, 'another backend replaces it');
      assert.equal(alive(first.pid), false);
      await moved.stop();
      assert.equal(alive(moved.pid), false);
    } finally {
      await first.stop();
    }
  });

  it('haproxy: starts with docs/deploy/haproxy.cfg, checks /v1/health, is idempotent, stops by pid', async () => {
    const lb = await startHaproxy({ gateways: [backend, '127.0.0.1:9'] });
    try {
      const states = await waitFor('gw1 up and gw2 down', async () => {
        const s = await serverStates(lb.stats);
        return s.gw1 === 'up' && s.gw2 === 'down' ? s : undefined;
      });
      // and each again as a backup without a check, for when every check fails (fail open)
      assert.deepEqual(states, { gw1: 'up', gw2: 'down', 'gw1-open': 'up', 'gw2-open': 'up' });
      for (let i = 0; i < 4; i++) assert.match(await (await fetch(`${lb.url}/x`)).text(), /origin saw GET \/x/);
      const again = await startHaproxy({
        gateways: [backend, '127.0.0.1:9'],
        dir: lb.dir,
        port: Number(new URL(lb.url).port),
      });
      assert.equal(again.pid, lb.pid);
      await lb.stop();
      assert.equal(alive(lb.pid), false);
    } finally {
      await lb.stop();
    }
  });

  it('nginx: starts with docs/deploy/nginx-offload.conf, passes a dead gateway by, logs each request, stops by pid', async () => {
    const ng = await startNginx({ gateways: ['127.0.0.1:9', backend], storage: backend, secret: NGINX_SECRET });
    try {
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${ng.url}/x${i}`, { headers: { 'x-traydrop-offload': 'forged' } });
        assert.match(await res.text(), new RegExp(`origin saw GET /x${i}`));
      }
      assert.equal((await fetch(`${ng.url}/_traydrop_storage/127.0.0.1:9/b/k`)).status, 404, 'internal only');
      // the storage's own error never reaches the client: nginx's 410, no XML
      const gone = await fetch(`${ng.url}/offloaded`);
      assert.equal(gone.status, 410);
      assert.equal(await gone.text(), 'This file is no longer available.\n');
      await waitFor('six log lines', async () =>
        readFileSync(ng.log, 'utf8').trim().split('\n').length === 6 ? true : undefined,
      );
      const lines = readFileSync(ng.log, 'utf8').trim().split('\n');
      for (const line of lines.filter((l) => !l.includes(' 410 ')))
        assert.match(line, /^[0-9a-f]{32} - \d{3} \d+ 0 - - \d+\.\d{3} "-" "[^"]*"$/, 'not offloaded');
      // the vanished object's line: offloaded, so cache-log settles its hold (0 bytes of the file: it books none)
      assert.match(lines.find((l) => l.includes(' 410 ')) ?? '', /^[0-9a-f]{32} AAAAAAAAAAAA 410 \d+ 1 h0 0 /);
      await ng.stop();
      assert.equal(alive(ng.pid), false);
    } finally {
      await ng.stop();
    }
  });
});
