import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { canConnect, networkProbe } from '../../main/queue/network-probe.ts';
import { ReconnectWatch } from '../../main/queue/reconnect-watch.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** A probe that answers from a script, then keeps answering the script's last word. */
function scripted(answers: boolean[]): { probe: () => Promise<boolean>; calls: () => number } {
  let calls = 0;
  return {
    probe: async () => answers[Math.min(calls++, answers.length - 1)]!,
    calls: () => calls,
  };
}

test('the way opening after being closed calls onBack once', async () => {
  const { probe, calls } = scripted([false, false, true, true, true]);
  let back = 0;
  const watch = new ReconnectWatch({ probe, onBack: () => back++, intervalMs: 10 });
  watch.update(true);
  await waitFor('5 probes', () => calls() >= 5 || undefined, 2000, 5);
  watch.stop();
  assert.equal(back, 1, 'once per outage, not on every open probe');
});

test('open from the start: nothing happens (the failure was not the network; backoff stays in charge)', async () => {
  const { probe, calls } = scripted([true]);
  let back = 0;
  const watch = new ReconnectWatch({ probe, onBack: () => back++, intervalMs: 10 });
  watch.update(true);
  await waitFor('4 probes', () => calls() >= 4 || undefined, 2000, 5);
  watch.stop();
  assert.equal(back, 0);
});

test('a second outage is noticed again; nothing is asked while no job waits', async () => {
  const { probe, calls } = scripted([false, true, true, false, true]);
  let back = 0;
  const watch = new ReconnectWatch({ probe, onBack: () => back++, intervalMs: 10 });
  watch.update(true);
  await waitFor('5 probes', () => calls() >= 5 || undefined, 2000, 5);
  assert.equal(back, 2);
  watch.update(false);
  assert.equal(watch.watching, false);
  const asked = calls();
  await sleep(60);
  assert.ok(calls() <= asked + 1, 'at most the probe already under way finishes');
});

test('stopping forgets an outage seen before (a new wait starts afresh)', async () => {
  const { probe, calls } = scripted([false, true]);
  let back = 0;
  const watch = new ReconnectWatch({ probe, onBack: () => back++, intervalMs: 10 });
  watch.update(true);
  await waitFor('a probe', () => calls() >= 1 || undefined, 2000, 5);
  watch.update(false);
  watch.update(true);
  await waitFor('4 probes', () => calls() >= 4 || undefined, 2000, 5);
  watch.stop();
  assert.equal(back, 0, 'after the restart every probe was open');
});

test('canConnect: a listening port yes, a closed port no, a bad URL no', async () => {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    assert.equal(await canConnect(`http://127.0.0.1:${port}`, 1000), true);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(await canConnect(`http://127.0.0.1:${port}`, 1000), false);
  assert.equal(await canConnect('not a url', 1000), false);
});

test('networkProbe needs both the server and the storage endpoint; without an endpoint only the server', async () => {
  const storage = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(storage.address() as net.AddressInfo).port}`;
  try {
    let serverUp = true;
    let known: string | undefined;
    const probe = networkProbe({ serverHealthy: async () => serverUp, storageEndpoint: () => known });
    assert.equal(await probe(), true, 'no endpoint known yet: the server alone');
    known = endpoint;
    assert.equal(await probe(), true);
    serverUp = false;
    assert.equal(await probe(), false, 'server down');
    serverUp = true;
    known = 'http://127.0.0.1:9'; // discard port: nothing listens there
    assert.equal(await probe(), false, 'storage unreachable');
  } finally {
    await new Promise((resolve) => storage.close(resolve));
  }
});

test('a probe under way while the watch stops and starts again does not start a second loop', async () => {
  let calls = 0;
  let release!: (open: boolean) => void;
  const slow = (): Promise<boolean> => {
    calls++;
    return calls === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(false);
  };
  const watch = new ReconnectWatch({ probe: slow, onBack: () => undefined, intervalMs: 20 });
  watch.update(true);
  await waitFor('the first probe', () => calls >= 1 || undefined, 2000, 5);
  watch.update(false);
  watch.update(true); // a new round starts while the first probe is still out
  release(false);
  await sleep(210);
  watch.stop();
  // one loop at 20 ms: about 10 probes in 210 ms; two loops would make about 20
  assert.ok(calls <= 13, `${calls} probes`);
});
