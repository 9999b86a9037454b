import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configDir } from '../../main/config/config-dir.ts';
import { clientConfigStore } from '../../main/config/client-config.ts';
import { deviceTokenStore, tokenFileGuard, usesKeychain } from '../../main/config/device-token-store.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';

test('TRAYDROP_CONFIG_DIR wins over the platform folder', () => {
  assert.equal(configDir({ TRAYDROP_CONFIG_DIR: '/tmp/x' }, 'linux', '/home/a'), '/tmp/x');
  assert.equal(configDir({}, 'linux', '/home/a'), '/home/a/.config/traydrop');
  assert.equal(configDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a'), '/xdg/traydrop');
  assert.equal(configDir({}, 'darwin', '/Users/a'), '/Users/a/Library/Application Support/Traydrop');
  assert.equal(configDir({ APPDATA: 'C:\\AppData' }, 'win32', 'C:\\Users\\a'), path.join('C:\\AppData', 'Traydrop'));
});

test('config round-trips; without a keyring the token is kept apart in a 0600 file; no temp files left', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-config-'));
  const profile = path.join(dir, 'profile');
  const store = clientConfigStore(profile, deviceTokenStore(profile, { env: {}, platform: 'linux' })); // no session bus
  assert.deepEqual(await store.load(), { expiryRules: DEFAULT_EXPIRY_RULES });
  assert.equal(await store.loadToken(), undefined);

  const rules = { default: '7d' as const, byKind: { recording: '1d' as const }, byExtension: { mp4: '1d' as const } };
  await store.save({ serverUrl: 'https://t.example', userId: 'alice', expiryRules: rules });
  const saved = await store.saveToken('tdk_secret');
  assert.equal(saved.where, 'file');
  assert.match(saved.keyringProblem!, /no D-Bus session bus/);
  assert.deepEqual(await store.load(), { serverUrl: 'https://t.example', userId: 'alice', expiryRules: rules });
  assert.equal(await store.loadToken(), 'tdk_secret');
  assert.equal((await stat(path.join(store.dir, 'device-token'))).mode & 0o777, 0o600);
  assert.doesNotMatch(await readFile(path.join(store.dir, 'config.json'), 'utf8'), /tdk_secret/);
  assert.deepEqual((await readdir(store.dir)).sort(), ['config.json', 'device-token']);

  await store.clearToken();
  assert.equal(await store.loadToken(), undefined);
});

test('a corrupt config file gets an error that names it', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-config-'));
  await writeFile(path.join(dir, 'config.json'), '{not json');
  await assert.rejects(clientConfigStore(dir).load(), /config\.json is not valid JSON/);
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ expiryRules: { default: '2d' } }));
  await assert.rejects(clientConfigStore(dir).load(), /default must be one of the expiry values/);
});

test('the keychain is tried on every platform unless TRAYDROP_TOKEN_STORAGE=file', () => {
  assert.equal(usesKeychain({}), true);
  assert.equal(usesKeychain({ TRAYDROP_TOKEN_STORAGE: 'keychain' }), true);
  assert.equal(usesKeychain({ TRAYDROP_TOKEN_STORAGE: 'file' }), false);
});

test('how the token file is guarded is said truthfully: 0600 on Unix, the profile on Windows', () => {
  assert.equal(tokenFileGuard('linux'), 'readable only by you');
  assert.equal(tokenFileGuard('darwin'), 'readable only by you');
  assert.equal(tokenFileGuard('win32'), 'in your user profile, not encrypted');
});
