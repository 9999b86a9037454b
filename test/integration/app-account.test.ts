/**
 * The app's Account service (pairing, settings shared with the server) against the real server over its
 * socket: pairing checks the token and pulls the server's settings; a saved change goes up and the
 * server's answer becomes the local copy; a value the server refuses is put back to the server's at once
 * (not silently at the next start); with the server unreachable the change stays on this computer, said so.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Account } from '../../main/app/services/account.ts';
import { QueueService } from '../../main/app/services/queue-service.ts';
import { SettingsStore } from '../../main/app/settings-store.ts';
import { openQueue } from '../../main/queue/open-queue.ts';
import { fakeElectron } from '../app/fake-electron.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let root: string;
before(async () => {
  server = await startTestServer();
  root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-account-'));
});
after(async () => {
  await server?.close().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

async function paired(name: string) {
  const dir = path.join(root, name);
  const settings = await SettingsStore.open({
    dir,
    platform: 'linux',
    home: root,
    env: {},
    safeStorage: fakeElectron().electron.safeStorage,
  });
  const opened = openQueue(dir);
  const queue = new QueueService({ queue: opened });
  const account = new Account({ settings, queue });
  const userId = uniqueUserId(name);
  const result = await account.pair(server.url, await server.createToken(userId));
  assert.deepEqual([result.ok, result.userId, result.error], [true, userId, null]);
  /** What the settings IPC handler does: save locally, then push what changed. */
  const save = async (patch: Parameters<SettingsStore['save']>[0]) => {
    const previous = settings.get();
    const saved = await settings.save(patch);
    assert.deepEqual(saved.errors, {});
    return account.pushSettings(previous, saved.settings);
  };
  const close = async () => {
    await queue.setPairing(undefined);
    opened.close();
  };
  return { settings, account, save, close };
}

test("a saved expiry rule reaches the server, and the server's answer is the local copy", async () => {
  const { settings, account, save, close } = await paired('rules');
  try {
    const rules = {
      default: '7d' as const,
      byKind: { recording: '90d' as const },
      byExtension: { mp4: '365d' as const },
    };
    assert.deepEqual(await save({ expiryRules: rules }), {});
    const onServer = await (await account.api()).getSettings();
    assert.deepEqual(onServer.expiryRules, rules);
    assert.deepEqual(settings.get().expiryRules, onServer.expiryRules);
  } finally {
    await close();
  }
});

test("a value the server refuses is put back to the server's at once, next to its field", async () => {
  const { settings, save, close } = await paired('refused');
  try {
    // the server's own share host cannot be anyone's custom domain
    const errors = await save({ customDomain: 'share.example.test' });
    assert.match(errors.customDomain ?? '', /^the server refused it: .*own share host; the server's value is kept$/);
    assert.equal(settings.get().customDomain, null);
  } finally {
    await close();
  }
});

test('with the server unreachable the change stays on this computer, and the user is told', async () => {
  const { settings, save, close } = await paired('offline');
  try {
    await server.close();
    const rules = { default: '1d' as const, byKind: {}, byExtension: {} };
    const errors = await save({ expiryRules: rules });
    assert.match(errors.expiryRules ?? '', /^saved on this computer only: cannot reach the Traydrop server/);
    assert.deepEqual(settings.get().expiryRules, rules);
  } finally {
    await close();
  }
});
