/**
 * The device token in the desktop keyring: our Secret Service client against the real gnome-keyring-daemon (on a
 * private bus), and `traydrop login`/`share`/`logout` as a user runs them, with the real server and RGW. Where
 * there is no keyring, or it stays locked, the token goes to the 0600 file and the user is told why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SettingsStore } from '../../main/app/settings-store.ts';
import { ENCRYPTED_TOKEN_FILE, tokenVault } from '../../main/app/token-vault.ts';
import { deviceTokenStore, TOKEN_FILE, TOKEN_SCHEMA } from '../../main/config/device-token-store.ts';
import { KeyringLockedError, NoKeyringError, openSecretService } from '../../main/keyring/secret-service.ts';
import { fakeElectron } from '../app/fake-electron.ts';
import { hasKeyring, type KeyringStack, startKeyring } from '../helpers/keyring.ts';
import { type PrivateBus, startBus } from '../helpers/private-bus.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const skip = hasKeyring() ? false : 'needs dbus-daemon and gnome-keyring-daemon (apt: dbus gnome-keyring)';

let keyring: KeyringStack;
let server: TestServer;
let dir: string;

before(async () => {
  if (skip) return;
  keyring = await startKeyring();
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-keyring-test-'));
});
after(async () => {
  await keyring?.stop();
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const attributesOf = (profile: string) => ({
  'xdg:schema': TOKEN_SCHEMA,
  application: 'traydrop',
  profile: path.resolve(profile),
});

async function keyringLookup(attributes: Record<string, string>): Promise<string | undefined> {
  const service = await openSecretService({ env: keyring.env });
  try {
    return await service.lookup(attributes);
  } finally {
    service.close();
  }
}

describe('the device token in a real keyring (gnome-keyring-daemon, private bus)', { skip }, () => {
  test('Secret Service: store, replace, look up by attributes, remove; UTF-8 kept', async () => {
    const service = await openSecretService({ env: keyring.env });
    try {
      const a = { 'xdg:schema': 'org.traydrop.Test', profile: '/a' };
      const b = { ...a, profile: '/b' };
      await service.store('Traydrop test', a, 'tök€n-α');
      assert.equal(await service.lookup(a), 'tök€n-α');
      assert.equal(await service.lookup(b), undefined, 'another profile has its own item');
      await service.store('Traydrop test', a, 'second');
      assert.equal(await service.lookup(a), 'second', 'replaced in place');
      await service.store('Traydrop test', b, 'bee');
      assert.equal(await service.remove(a), 1, 'one item: the store replaced, never added a second');
      assert.equal(await service.lookup(a), undefined);
      assert.equal(await service.lookup(b), 'bee');
      assert.equal(await service.remove(b), 1);
    } finally {
      service.close();
    }
  });

  test('traydrop login puts the token in the keyring, never in a file; share uploads with it; logout removes it', async () => {
    const profile = path.join(dir, 'login-keyring');
    const userId = uniqueUserId('keyring');
    const token = await server.createToken(userId);
    const env = keyring.env;

    const login = await runCli(['login', server.url, '-'], { configDir: profile, env, input: token + '\n' });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /The device token is in your keyring \(Secret Service\)/);
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false, 'no plain-text token file');
    assert.doesNotMatch(await readFile(path.join(profile, 'config.json'), 'utf8'), new RegExp(token));
    assert.equal(await keyringLookup(attributesOf(profile)), token);
    const status = await runCli(['status'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Token: +in the keyring \(Secret Service\)/);

    const file = path.join(dir, 'hello.txt');
    await writeFile(file, 'hello from the keyring\n');
    const share = await runCli(['share', file, '--no-copy'], { configDir: profile, env });
    assert.equal(share.code, 0, share.stderr);
    const link = share.stdout.trim();
    const fetched = await fetch(link.replace(server.config.shareBaseUrl, server.url) + '/raw');
    assert.equal(fetched.status, 200);
    assert.equal(await fetched.text(), 'hello from the keyring\n');

    // the app finds a CLI pairing's token in the keyring too
    const vault = tokenVault(profile, fakeElectron().electron.safeStorage, 'linux', deviceTokenStore(profile, { env }));
    assert.deepEqual(await vault.load(), { token, source: 'cli' });

    const logout = await runCli(['logout'], { configDir: profile, env });
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stderr, new RegExp(`Logged out of ${server.url.replace(/[.]/g, '\\.')}`));
    assert.equal(await keyringLookup(attributesOf(profile)), undefined, 'the keyring item is gone');
    const config = JSON.parse(await readFile(path.join(profile, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.serverUrl, undefined);
    assert.ok(config.expiryRules, 'the expiry rules stay');
    const after = await runCli(['status'], { configDir: profile, env });
    assert.equal(after.code, 3);
    assert.match(after.stderr, /not logged in/);
  });

  test('a locked keyring nobody can unlock: commands say so (exit 3); login falls back to the 0600 file and says why', async () => {
    const profile = path.join(dir, 'login-locked');
    const token = await server.createToken(uniqueUserId('locked'));
    const env = keyring.env;
    const first = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /in your keyring/);

    await keyring.restart({ unlocked: false });
    try {
      const status = await runCli(['status'], { configDir: profile, env });
      assert.equal(status.code, 3, status.stderr);
      assert.match(
        status.stderr,
        /the keyring, where `traydrop login` keeps the device token, stays locked.*unlock it and try again/,
      );
      await assert.rejects(deviceTokenStore(profile, { env }).load(), KeyringLockedError);

      const again = await runCli(['login', server.url, token], { configDir: profile, env });
      assert.equal(again.code, 0, again.stderr);
      assert.match(
        again.stderr,
        /The device token is in .*device-token, readable only by you \(not in a keyring: the keyring did not unlock/,
      );
      assert.equal((await stat(path.join(profile, TOKEN_FILE))).mode & 0o777, 0o600);
      const works = await runCli(['status'], { configDir: profile, env });
      assert.equal(works.code, 0, works.stderr);
    } finally {
      await keyring.restart({ unlocked: true });
    }
  });

  test('pairing in the app pairs the CLI too, through the keyring (never a file); unpairing forgets both', async () => {
    const profile = path.join(dir, 'app-pairing');
    const env = keyring.env;
    const userId = uniqueUserId('apppair');
    const token = await server.createToken(userId);
    const settings = await SettingsStore.open({
      dir: profile,
      platform: 'linux',
      home: dir,
      env,
      safeStorage: fakeElectron().electron.safeStorage,
    });
    await settings.setPairing({ serverUrl: server.url, userId, shareBaseUrl: server.config.shareBaseUrl, token });
    assert.equal(await keyringLookup(attributesOf(profile)), token);
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false, 'no plain-text token file');
    assert.equal(existsSync(path.join(profile, ENCRYPTED_TOKEN_FILE)), true, "the app's own copy, encrypted");
    const status = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { user: string }).user, userId);

    await settings.clearPairing();
    assert.equal(await keyringLookup(attributesOf(profile)), undefined);
    assert.equal((await runCli(['status'], { configDir: profile, env })).code, 3);
  });

  test('TRAYDROP_TOKEN_STORAGE=file keeps the token in the file even with a keyring', async () => {
    const profile = path.join(dir, 'login-file');
    const token = await server.createToken(uniqueUserId('file'));
    const env = { ...keyring.env, TRAYDROP_TOKEN_STORAGE: 'file' };
    const login = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /The device token is in .*device-token, readable only by you\.\n/);
    assert.equal((await readFile(path.join(profile, TOKEN_FILE), 'utf8')).trim(), token);
    assert.equal(await keyringLookup(attributesOf(profile)), undefined);
  });
});

describe('a session bus without a keyring', { skip }, () => {
  let bus: PrivateBus;
  before(async () => {
    bus = await startBus();
  });
  after(() => bus?.stop());

  test('login keeps the token in the 0600 file and says there is no keyring; commands use it', async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: bus.address };
    await assert.rejects(openSecretService({ env }), NoKeyringError);
    const profile = path.join(dir, 'login-no-keyring');
    const token = await server.createToken(uniqueUserId('nokeyring'));
    const login = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(login.code, 0, login.stderr);
    assert.match(
      login.stderr,
      /readable only by you \(not in a keyring: no keyring \(Secret Service\) runs on this session bus\)/,
    );
    assert.equal((await stat(path.join(profile, TOKEN_FILE))).mode & 0o777, 0o600);
    const status = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { tokenStorage: string }).tokenStorage, 'file');
  });
});
