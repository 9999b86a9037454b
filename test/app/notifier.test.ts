/**
 * Notifications are held until clicked, closed or failed (an unreferenced Electron Notification can be
 * garbage-collected before its click arrives), at most the newest KEPT_NOTIFICATIONS. Checked by count, by
 * the real garbage collector (WeakRef + gc), and through the glue: a click on "uploaded" opens the link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { JobView } from '../../common/ipc-contract.ts';
import type { ElectronLike } from '../../main/app/electron-like.ts';
import { KEPT_NOTIFICATIONS, notifier } from '../../main/app/services/notifier.ts';
import { startFixture } from './app-fixture.ts';

/** A Notification the test can click; the fake keeps only weak references, so it holds nothing alive itself. */
function fakes(supported = true) {
  const shown: WeakRef<EventEmitter & { title: string }>[] = [];
  const opened: string[] = [];
  class Notification extends EventEmitter {
    static isSupported = () => supported;
    readonly title: string;
    constructor(o: { title: string }) {
      super();
      this.title = o.title;
    }
    show() {
      shown.push(new WeakRef(this));
    }
  }
  const electron = {
    Notification,
    shell: { openExternal: async (url: string) => void opened.push(url) },
  } as unknown as Pick<ElectronLike, 'Notification' | 'shell'>;
  const lines: string[] = [];
  const n = notifier(electron, (line) => lines.push(line));
  const last = () => shown.at(-1)!.deref()!;
  return { n, shown, opened, lines, last };
}

test('held until clicked; the click opens the link and releases it', () => {
  const { n, opened, last } = fakes();
  n.linkReady('a.png', 'https://share.example.test/abc/a.png', true);
  assert.equal(n.kept, 1);
  assert.equal(last().title, 'a.png uploaded');
  assert.deepEqual(opened, []);
  last().emit('click', {});
  assert.deepEqual(opened, ['https://share.example.test/abc/a.png']);
  assert.equal(n.kept, 0);
});

test('held until closed or failed (then released, the failure logged)', () => {
  const { n, last, lines } = fakes();
  n.error('watched folder', '/x cannot be watched');
  n.info('a.png is waiting for the network', 'offline');
  assert.equal(n.kept, 2);
  last().emit('close', {});
  assert.equal(n.kept, 1);
  n.info('b', 'c');
  last().emit('failed', {}, 'no notification server');
  assert.equal(n.kept, 1);
  assert.match(lines.at(-1)!, /"b" failed: no notification server/);
});

test(`at most the newest ${KEPT_NOTIFICATIONS} are held`, () => {
  const { n, shown } = fakes();
  for (let i = 0; i < KEPT_NOTIFICATIONS + 10; i++) n.info(`#${i}`, 'x');
  assert.equal(n.kept, KEPT_NOTIFICATIONS);
  // the oldest ten were let go: closing one changes nothing; the newest are still held
  shown[0]!.deref()!.emit('close', {});
  shown[9]!.deref()!.emit('close', {});
  assert.equal(n.kept, KEPT_NOTIFICATIONS);
  shown[10]!.deref()!.emit('close', {});
  shown.at(-1)!.deref()!.emit('close', {});
  assert.equal(n.kept, KEPT_NOTIFICATIONS - 2);
});

test('without notification support nothing is created or held: the line is logged', () => {
  const { n, shown, lines } = fakes(false);
  n.error('x', 'y');
  assert.equal(shown.length, 0);
  assert.equal(n.kept, 0);
  assert.deepEqual(lines, ['Traydrop: x: y']);
});

test('the garbage collector cannot take a shown notification before its click, and can after', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const collect = async () => {
    // a WeakRef keeps its target alive until the current job ends
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
  };
  const { n, shown, opened } = fakes();
  n.linkReady('a.png', 'https://share.example.test/abc/a.png', false);
  await collect();
  assert.ok(shown[0]!.deref(), 'collected while on screen: its click would never arrive');
  // no strong reference may stay in this function's frame
  (() => shown[0]!.deref()!.emit('click', {}))();
  assert.deepEqual(opened, ['https://share.example.test/abc/a.png']);
  await collect();
  assert.equal(shown[0]!.deref(), undefined, 'still held after its click');
});

test('glue: clicking "uploaded" opens the link in the browser', async () => {
  const fx = await startFixture();
  try {
    // the fixture's fake Notification records title and body; this one can also be clicked
    const Base = fx.fake.electron.Notification;
    const clickable: EventEmitter[] = [];
    const Clickable = class extends (Base as unknown as new (o: object) => EventEmitter) {
      constructor(o: object) {
        super(o);
        clickable.push(this);
      }
    };
    (fx.fake.electron as { Notification: unknown }).Notification = Object.assign(Clickable, {
      isSupported: () => true,
    });
    const file = path.join(fx.captures, '..', 'report.txt');
    await writeFile(file, 'hello');
    const [job] = (await fx.invoke('shareFiles', [[file]], { url: fx.pageUrl('drop') })) as JobView[];
    fx.runnerEvents().emit('stored', { id: job!.id, url: job!.url });
    assert.equal(fx.fake.notifications.at(-1)!.title, 'report.txt uploaded');
    assert.equal(clickable.length, 1);
    assert.deepEqual(fx.fake.opened, []);
    clickable[0]!.emit('click', {});
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(fx.fake.opened, [job!.url]);
  } finally {
    await fx.close();
  }
});
