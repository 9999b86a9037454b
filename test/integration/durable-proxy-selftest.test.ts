/**
 * Self-test of test/helpers/fault-proxy.ts against a local echo server: bytes are forwarded and
 * counted, resets happen after N bytes up, latency spikes delay, down() closes and refuses.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';

let echo: net.Server;
let proxy: FaultProxy;

before(async () => {
  echo = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy({ host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
});
after(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

/** Sends `data` through the proxy and collects the echo until the socket closes or all came back. */
function roundTrip(data: Buffer): Promise<{ back: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const s = net.connect(proxy.port, '127.0.0.1', () => s.write(data));
    const done = (error?: string) => resolve({ back: Buffer.concat(chunks), error });
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= data.length) {
        s.end();
        done();
      }
    });
    s.on('error', (e: NodeJS.ErrnoException) => done(e.code));
    s.on('close', () => done());
  });
}

test('forwards both ways and counts bytes', async () => {
  proxy.configure({});
  proxy.resetCounters();
  const data = randomBytes(3 * 1024 * 1024);
  const { back, error } = await roundTrip(data);
  assert.equal(error, undefined);
  assert.ok(back.equals(data));
  assert.equal(proxy.bytesUp, data.length);
  assert.equal(proxy.bytesDown, data.length);
});

test('resets a connection after N bytes client → server (ECONNRESET on the client)', async () => {
  proxy.configure({ resetEveryBytes: 100_000 });
  proxy.resetCounters();
  const before = proxy.resets;
  const { back, error } = await roundTrip(randomBytes(1_000_000));
  assert.equal(error, 'ECONNRESET');
  assert.ok(back.length <= 100_000, `${back.length} bytes came back`);
  assert.equal(proxy.bytesUp, 100_000);
  assert.equal(proxy.resets, before + 1);
});

test('latency spikes delay the stream', async () => {
  proxy.configure({ latency: { everyChunks: 1, ms: 150 } });
  const started = Date.now();
  const { back, error } = await roundTrip(Buffer.from('ping'));
  assert.equal(error, undefined);
  assert.equal(back.toString(), 'ping');
  assert.ok(Date.now() - started >= 290, 'two delayed chunks (up and down)');
});

test('down() cuts open connections and refuses new ones; up() restores', async () => {
  proxy.configure({});
  const open = net.connect(proxy.port, '127.0.0.1');
  const closed = new Promise<string>((resolve) => {
    open.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    open.on('close', () => resolve('close'));
  });
  await new Promise((resolve) => open.once('connect', resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
  proxy.down();
  assert.match(await closed, /ECONNRESET|close/);
  assert.equal((await roundTrip(Buffer.from('x'))).back.length, 0);
  proxy.up();
  assert.equal((await roundTrip(Buffer.from('back'))).back.toString(), 'back');
});
