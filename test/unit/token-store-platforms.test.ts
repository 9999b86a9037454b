/**
 * Which keychain the device token goes to on each platform, and how a token an earlier version kept moves into it,
 * with the platform injected: macOS and Windows cannot run here, so their keychain is an in-memory stand-in and
 * the test checks what the store does with it (file moved in, our old D-Bus client never opened). The real
 * binding against a real Secret Service: test/integration/keyring.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deviceTokenStore, TOKEN_FILE, TOKEN_SCHEMA } from '../../main/config/device-token-store.ts';
import { KeyringLockedError, NoKeyringError } from '../../main/keyring/keyring-errors.ts';
import {
  entryOptions,
  isSecretServicePlatform,
  type Keychain,
  keychainName,
  osKeychain,
  sortKeychainError,
} from '../../main/keyring/os-keychain.ts';
import type { SecretService } from '../../main/keyring/secret-service.ts';

const profileDir = async (token?: string): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-token-store-'));
  if (token) await writeFile(path.join(dir, TOKEN_FILE), token + '\n', { mode: 0o600 });
  return dir;
};

function memoryKeychain(name: string): Keychain & { entry: string | undefined; calls: string[] } {
  const keychain = {
    name,
    entry: undefined as string | undefined,
    calls: [] as string[],
    get: async () => (keychain.calls.push('get'), keychain.entry),
    set: async (secret: string) => void (keychain.calls.push('set'), (keychain.entry = secret)),
    delete: async () => {
      keychain.calls.push('delete');
      const had = keychain.entry !== undefined;
      keychain.entry = undefined;
      return had;
    },
  };
  return keychain;
}

/** Our old Secret Service client, in memory: the items earlier versions wrote. */
function memorySecretService(items: Map<string, string>): () => Promise<SecretService> {
  const key = (attributes: Record<string, string>) => JSON.stringify(Object.entries(attributes).sort());
  return async () => ({
    store: async (_label, attributes, secret) => void items.set(key(attributes), secret),
    lookup: async (attributes) => items.get(key(attributes)),
    remove: async (attributes) => Number(items.delete(key(attributes))),
    unlockDefault: async () => undefined,
    close: () => undefined,
  });
}

const neverOpened = (): Promise<SecretService> => {
  throw new Error('the old D-Bus client must not be opened on this platform');
};

test('each platform has its keychain: the Secret Service (pinned, never the kernel keyring), Keychain, Credential Manager', () => {
  assert.equal(keychainName('linux'), 'keyring (Secret Service)');
  assert.equal(keychainName('freebsd'), 'keyring (Secret Service)');
  assert.equal(keychainName('darwin'), 'macOS Keychain');
  assert.equal(keychainName('win32'), 'Windows Credential Manager');
  assert.deepEqual(entryOptions('linux'), { linux: { store: 'secret-service' } });
  assert.equal(entryOptions('darwin'), undefined);
  assert.equal(entryOptions('win32'), undefined);
  assert.deepEqual(
    ['linux', 'freebsd', 'darwin', 'win32'].map((p) => isSecretServicePlatform(p as NodeJS.Platform)),
    [true, true, false, false],
  );
});

for (const platform of ['darwin', 'win32'] as const) {
  test(`${platform}: the 0600 file of earlier versions moves into the ${keychainName(platform)}; our D-Bus client is never opened`, async () => {
    const dir = await profileDir('tdk_from-the-file');
    const keychain = memoryKeychain(keychainName(platform));
    const store = deviceTokenStore(dir, { env: {}, platform, keychain, openOldKeyring: neverOpened });
    assert.deepEqual(await store.locate(), { token: 'tdk_from-the-file', where: 'keyring' });
    assert.equal(keychain.entry, 'tdk_from-the-file');
    assert.equal(existsSync(path.join(dir, TOKEN_FILE)), false, 'the plain-text copy is gone');
    assert.deepEqual(await store.locate(), { token: 'tdk_from-the-file', where: 'keyring' });

    assert.deepEqual(await store.save('tdk_new'), { where: 'keyring' });
    assert.equal(keychain.entry, 'tdk_new');
    assert.equal(await store.saveInKeyring('tdk_app'), true);
    await store.clear();
    assert.equal(keychain.entry, undefined);
    assert.equal(await store.locate(), undefined, 'not logged in: nothing else is asked');
  });
}

test('linux: a token only in the old Secret Service item is moved into the keychain, then that item is removed', async () => {
  const dir = await profileDir();
  const keychain = memoryKeychain('keyring (Secret Service)');
  const items = new Map<string, string>();
  const openOldKeyring = memorySecretService(items);
  const old = await openOldKeyring();
  const attributes = { 'xdg:schema': TOKEN_SCHEMA, application: 'traydrop', profile: path.resolve(dir) };
  await old.store('old', attributes, 'tdk_old-item');
  const store = deviceTokenStore(dir, { env: {}, platform: 'linux', keychain, openOldKeyring });
  assert.deepEqual(await store.locate(), { token: 'tdk_old-item', where: 'keyring' });
  assert.equal(keychain.entry, 'tdk_old-item');
  assert.equal(await old.lookup(attributes), undefined);
  assert.deepEqual(keychain.calls, ['get', 'set', 'get'], 'stored, then read back before the old item went');
});

test('a keychain that refuses the token keeps the file and says why; login writes the file then', async () => {
  const dir = await profileDir('tdk_keep-me');
  const keychain = memoryKeychain('macOS Keychain');
  keychain.set = async () => {
    throw new KeyringLockedError('User interaction is not allowed.');
  };
  const store = deviceTokenStore(dir, { env: {}, platform: 'darwin', keychain });
  assert.deepEqual(await store.locate(), {
    token: 'tdk_keep-me',
    where: 'file',
    keyringProblem: 'the macOS Keychain did not unlock (User interaction is not allowed.)',
  });
  assert.equal((await readFile(path.join(dir, TOKEN_FILE), 'utf8')).trim(), 'tdk_keep-me');
  const saved = await store.save('tdk_second');
  assert.equal(saved.where, 'file');
  assert.equal((await readFile(path.join(dir, TOKEN_FILE), 'utf8')).trim(), 'tdk_second');
});

test('TRAYDROP_TOKEN_STORAGE=file never touches the keychain', async () => {
  const dir = await profileDir('tdk_file-only');
  const keychain = memoryKeychain('Windows Credential Manager');
  const env = { TRAYDROP_TOKEN_STORAGE: 'file' };
  const store = deviceTokenStore(dir, { env, platform: 'win32', keychain, openOldKeyring: neverOpened });
  assert.deepEqual(await store.locate(), { token: 'tdk_file-only', where: 'file' });
  assert.deepEqual(await store.save('tdk_2'), { where: 'file' });
  await store.clear();
  assert.deepEqual(keychain.calls, []);
});

test("the binding's errors become: no keychain (use the file), or locked (say so)", () => {
  const name = 'keyring (Secret Service)';
  const sorted = (message: string) =>
    sortKeychainError(Object.assign(new Error(message), { code: 'GenericFailure' }), name);
  // the messages the binding (2.1.2) gives on Linux, as seen against dbus-daemon and gnome-keyring-daemon
  const noService = sorted(
    'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files',
  );
  assert.ok(noService instanceof NoKeyringError);
  assert.equal(noService.message, 'no keyring (Secret Service) runs on this session bus');
  const noBus = sorted(
    'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
  );
  assert.ok(noBus instanceof NoKeyringError);
  assert.equal(noBus.message, 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  const gone = sorted(
    'Platform failure: DBus error: Failed to connect to socket /run/user/1/bus: No such file or directory',
  );
  assert.ok(gone instanceof NoKeyringError);
  assert.match(gone.message, /^cannot reach the D-Bus session bus \(Failed to connect/);
  const locked = sorted("Couldn't access platform storage: Secret Service: unlock prompt was dismissed");
  assert.ok(locked instanceof KeyringLockedError);
  assert.equal(locked.message, 'unlock prompt was dismissed');
  const other = sorted('Entry is matched by 2 credentials: Ambiguous');
  assert.ok(!(other instanceof NoKeyringError) && !(other instanceof KeyringLockedError));
});

test('on Linux an env naming no session bus, or another bus than this process has, is refused before the binding loads', async () => {
  const noBus = osKeychain(TOKEN_SCHEMA, '/p', { platform: 'linux', env: {} });
  await assert.rejects(
    noBus.get(),
    (e) => e instanceof NoKeyringError && /DBUS_SESSION_BUS_ADDRESS is not set/.test(e.message),
  );
  const other = osKeychain(TOKEN_SCHEMA, '/p', {
    platform: 'linux',
    env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=/nonexistent/${process.pid}/bus` },
  });
  await assert.rejects(
    other.set('x'),
    (e) => e instanceof NoKeyringError && /only use this process's session bus/.test(e.message),
  );
});
