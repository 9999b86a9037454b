/**
 * The device token in the system keychain (@napi-rs/keyring) against the real gnome-keyring-daemon on a private
 * bus, and `traydrop login`/`status`/`share`/`logout` as a user runs them, with the real server and RGW: where the
 * token goes, how a token an earlier version kept (our own Secret Service item, or the 0600 file) moves into the
 * keychain once without ever being lost, and where there is no keyring or it stays locked, the 0600 file and why.
 *
 * The binding finds the session bus in this process's environment, once per process, so the private bus is set
 * in process.env before anything here touches the keychain; the runs without a keyring are CLI processes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as NapiKeyring from '@napi-rs/keyring';
import { SettingsStore } from '../../main/app/settings-store.ts';
import { ENCRYPTED_TOKEN_FILE, tokenVault } from '../../main/app/token-vault.ts';
import { deviceTokenStore, TOKEN_FILE, TOKEN_SCHEMA } from '../../main/config/device-token-store.ts';
import { KeyringLockedError, NoKeyringError } from '../../main/keyring/keyring-errors.ts';
import { type Keychain, osKeychain } from '../../main/keyring/os-keychain.ts';
import { openSecretService } from '../../main/keyring/secret-service.ts';
import { fakeElectron } from '../app/fake-electron.ts';
import { hasKeyring, type KeyringStack, startKeyring } from '../helpers/keyring.ts';
import { connectSessionBus } from '../../main/dbus/bus-connection.ts';
import { type PrivateBus, startBus, startService, waitForName } from '../helpers/private-bus.ts';
import { command, file, skipUnless } from '../helpers/requirements.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { startXvfb } from '../helpers/xvfb.ts';

const skip = hasKeyring() ? false : 'needs dbus-daemon and gnome-keyring-daemon (apt: dbus gnome-keyring)';
const { Entry } = createRequire(import.meta.url)('@napi-rs/keyring') as typeof NapiKeyring;

let keyring: KeyringStack;
let server: TestServer;
let dir: string;

before(async () => {
  if (skip) return;
  keyring = await startKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-keyring-test-'));
});
after(async () => {
  await keyring?.stop();
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The attributes of the item earlier versions wrote with our own Secret Service client. */
const oldAttributes = (profile: string) => ({
  'xdg:schema': TOKEN_SCHEMA,
  application: 'traydrop',
  profile: path.resolve(profile),
});

/** The keychain entry as the binding itself reads it (not through our wrapper). */
const keychainEntry = (profile: string): string | undefined =>
  new Entry(TOKEN_SCHEMA, path.resolve(profile), { linux: { store: 'secret-service' } }).getPassword() ?? undefined;

async function withOldClient<T>(use: (service: Awaited<ReturnType<typeof openSecretService>>) => Promise<T>) {
  const service = await openSecretService({ env: keyring.env });
  try {
    return await use(service);
  } finally {
    service.close();
  }
}
const oldItem = (profile: string) => withOldClient((s) => s.lookup(oldAttributes(profile)));
const plantOldItem = (profile: string, token: string) =>
  withOldClient((s) => s.store('Traydrop device token (old)', oldAttributes(profile), token));

/** A profile paired with the test server (config.json), its token wherever the test puts it. */
async function pairedProfile(name: string): Promise<{ profile: string; token: string; userId: string }> {
  const profile = path.join(dir, name);
  const userId = uniqueUserId(name.slice(0, 10));
  const token = await server.createToken(userId);
  await mkdir(profile, { recursive: true });
  const config = { serverUrl: server.url, userId, shareBaseUrl: server.config.shareBaseUrl };
  await writeFile(path.join(profile, 'config.json'), JSON.stringify(config));
  return { profile, token, userId };
}

/** A keychain that fails to store, or stores and gives back something else: never loses the older copy. */
function brokenKeychain(how: 'refuses' | 'garbles'): Keychain & { entry: string | undefined } {
  const keychain = {
    name: 'test keychain',
    entry: undefined as string | undefined,
    get: async () => keychain.entry,
    set: async (secret: string) => {
      if (how === 'refuses') throw new Error('the test keychain refuses to store anything');
      keychain.entry = `${secret}-garbled`;
    },
    delete: async () => {
      const had = keychain.entry !== undefined;
      keychain.entry = undefined;
      return had;
    },
  };
  return keychain;
}

describe('the device token in the system keychain (gnome-keyring-daemon, private bus)', { skip }, () => {
  test('our own Secret Service client (kept to move old items): store, replace, look up, remove; UTF-8 kept', async () => {
    await withOldClient(async (service) => {
      const a = { 'xdg:schema': 'org.traydrop.Test', profile: '/a' };
      const b = { ...a, profile: '/b' };
      await service.store('Traydrop test', a, 'tök€n-α');
      assert.equal(await service.lookup(a), 'tök€n-α');
      assert.equal(await service.lookup(b), undefined, 'another profile has its own item');
      await service.store('Traydrop test', b, 'bee');
      assert.equal(await service.remove(a), 1);
      assert.equal(await service.lookup(b), 'bee');
      assert.equal(await service.remove(b), 1);
    });
  });

  test("the binding's entry is a Secret Service item of its own (service, username), not the old item", async () => {
    const profile = path.join(dir, 'entry-attributes');
    const keychain = osKeychain(TOKEN_SCHEMA, path.resolve(profile));
    assert.equal(keychain.name, 'keyring (Secret Service)');
    assert.equal(await keychain.get(), undefined);
    await keychain.set('tök€n-β');
    assert.equal(await keychain.get(), 'tök€n-β');
    const attributes = { service: TOKEN_SCHEMA, username: path.resolve(profile) };
    assert.equal(await withOldClient((s) => s.lookup(attributes)), 'tök€n-β', 'found by service and username');
    assert.equal(await oldItem(profile), undefined, 'not under the attributes earlier versions used');
    await keychain.set('second');
    assert.equal(await withOldClient((s) => s.remove(attributes)), 1, 'replaced in place: one item');
    assert.equal(await keychain.delete(), false);
  });

  test('traydrop login puts the token in the keychain, never in a file; share uploads with it; logout removes it', async () => {
    const profile = path.join(dir, 'login-keyring');
    const userId = uniqueUserId('keyring');
    const token = await server.createToken(userId);
    const env = keyring.env;

    const login = await runCli(['login', server.url, '-'], { configDir: profile, env, input: token + '\n' });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /The device token is in your keyring \(Secret Service\)\./);
    assert.equal(keychainEntry(profile), token, 'in the binding’s entry');
    assert.equal(await oldItem(profile), undefined, 'not in an item of the old kind');
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false, 'no plain-text token file');
    assert.doesNotMatch(await readFile(path.join(profile, 'config.json'), 'utf8'), new RegExp(token));
    const status = await runCli(['status'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Token: +in the keyring \(Secret Service\)\n/);

    const file = path.join(dir, 'hello.txt');
    await writeFile(file, 'hello from the keyring\n');
    const share = await runCli(['share', file, '--no-copy'], { configDir: profile, env });
    assert.equal(share.code, 0, share.stderr);
    const link = share.stdout.trim();
    const fetched = await fetch(link.replace(server.config.shareBaseUrl, server.url) + '/raw');
    assert.equal(fetched.status, 200);
    assert.equal(await fetched.text(), 'hello from the keyring\n');

    // the app finds a CLI pairing's token in the keychain too (in this process, through the binding)
    const vault = tokenVault(profile, fakeElectron().electron.safeStorage, 'linux', deviceTokenStore(profile, { env }));
    assert.deepEqual(await vault.load(), { token, source: 'cli' });

    const logout = await runCli(['logout'], { configDir: profile, env });
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stderr, new RegExp(`Logged out of ${server.url.replace(/[.]/g, '\\.')}`));
    assert.equal(keychainEntry(profile), undefined, 'the keychain entry is gone');
    const config = JSON.parse(await readFile(path.join(profile, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.serverUrl, undefined);
    assert.ok(config.expiryRules, 'the expiry rules stay');
    const after = await runCli(['status'], { configDir: profile, env });
    assert.equal(after.code, 3);
    assert.match(after.stderr, /not logged in/);
  });

  test('a token in the old Secret Service item moves into the keychain once; the old item is removed', async () => {
    const { profile, token } = await pairedProfile('migrate-item');
    const env = keyring.env;
    await plantOldItem(profile, token);
    assert.equal(keychainEntry(profile), undefined);

    const status = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout) as { tokenStorage: string; tokenStorageProblem?: string };
    assert.deepEqual([report.tokenStorage, report.tokenStorageProblem], ['keyring', undefined]);
    assert.equal(keychainEntry(profile), token, 'moved into the keychain');
    assert.equal(await oldItem(profile), undefined, 'the old item is gone');
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false);

    // once: an old item that shows up again is never read while the keychain has the token
    await plantOldItem(profile, 'tdk_stale-old-item');
    const again = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(keychainEntry(profile), token);
    assert.equal(await oldItem(profile), 'tdk_stale-old-item', 'not looked at again');

    // a later login replaces the keychain entry and removes any old item: one item per config folder
    const login = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(login.code, 0, login.stderr);
    assert.equal(await oldItem(profile), undefined);
  });

  test('a token in the old 0600 file (no keyring back then) moves into the keychain once; the file is removed', async () => {
    const { profile, token } = await pairedProfile('migrate-file');
    const env = keyring.env;
    await writeFile(path.join(profile, TOKEN_FILE), token + '\n', { mode: 0o600 });

    const status = await runCli(['status'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Token: +in the keyring \(Secret Service\)\n/);
    assert.equal(keychainEntry(profile), token);
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false, 'the plain-text copy is gone');
    const again = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal((JSON.parse(again.stdout) as { tokenStorage: string }).tokenStorage, 'keyring');
  });

  test('a keychain that fails to store, or gives back something else, never costs the old copy', async () => {
    // the old Secret Service item stays, and the token is used from it
    for (const how of ['refuses', 'garbles'] as const) {
      const { profile, token } = await pairedProfile(`broken-${how}`);
      await plantOldItem(profile, token);
      const keychain = brokenKeychain(how);
      const store = deviceTokenStore(profile, { env: keyring.env, keychain });
      const found = await store.locate();
      assert.equal(found?.token, token, how);
      assert.equal(found?.where, 'keyring');
      assert.match(
        found?.keyringProblem ?? '',
        how === 'refuses' ? /refuses to store/ : /did not give the token back as it was stored/,
      );
      assert.equal(await oldItem(profile), token, `${how}: the old item is kept`);
      assert.equal(keychain.entry, undefined, `${how}: no wrong entry left to shadow it`);
      await withOldClient((s) => s.remove(oldAttributes(profile)));
    }
    // the old file stays, and the token is used from it
    const { profile, token } = await pairedProfile('broken-file');
    await writeFile(path.join(profile, TOKEN_FILE), token + '\n', { mode: 0o600 });
    const found = await deviceTokenStore(profile, { env: keyring.env, keychain: brokenKeychain('refuses') }).locate();
    assert.deepEqual(found, { token, where: 'file', keyringProblem: 'the test keychain refuses to store anything' });
    assert.equal((await readFile(path.join(profile, TOKEN_FILE), 'utf8')).trim(), token);
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
        /the keyring \(Secret Service\), where `traydrop login` keeps the device token, stays locked \(its prompt was dismissed\): unlock it and try again/,
      );
      await assert.rejects(deviceTokenStore(profile, { env }).load(), KeyringLockedError);

      const again = await runCli(['login', server.url, token], { configDir: profile, env });
      assert.equal(again.code, 0, again.stderr);
      assert.match(
        again.stderr,
        /The device token is in .*device-token, readable only by you \(not in a keyring: the keyring \(Secret Service\) did not unlock \(its prompt was dismissed\)\)\.\n/,
      );
      assert.equal((await stat(path.join(profile, TOKEN_FILE))).mode & 0o777, 0o600);
      // the file is read first: it works while the keyring stays locked, is kept, and status says why
      const works = await runCli(['status'], { configDir: profile, env });
      assert.equal(works.code, 0, works.stderr);
      assert.match(
        works.stdout,
        /Token: +in .*device-token \(readable only by you\) \(not in a keyring: .*did not unlock/,
      );
      assert.equal((await readFile(path.join(profile, TOKEN_FILE), 'utf8')).trim(), token);
    } finally {
      await keyring.restart({ unlocked: true });
    }
    // unlocked again, the next command moves the file's token into the keychain
    const moved = await runCli(['status'], { configDir: profile, env });
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /Token: +in the keyring \(Secret Service\)\n/);
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false);
    assert.equal(keychainEntry(profile), token);
  });

  test('pairing in the app pairs the CLI too, through the keychain (never a file); unpairing forgets both', async () => {
    const profile = path.join(dir, 'app-pairing');
    const env = keyring.env;
    const userId = uniqueUserId('apppair');
    const token = await server.createToken(userId);
    await plantOldItem(profile, 'tdk_an-older-pairing');
    const settings = await SettingsStore.open({
      dir: profile,
      platform: 'linux',
      home: dir,
      env,
      safeStorage: fakeElectron().electron.safeStorage,
    });
    await settings.setPairing({ serverUrl: server.url, userId, shareBaseUrl: server.config.shareBaseUrl, token });
    assert.equal(keychainEntry(profile), token);
    assert.equal(await oldItem(profile), undefined, 'the older item is gone: one item per config folder');
    assert.equal(existsSync(path.join(profile, TOKEN_FILE)), false, 'no plain-text token file');
    assert.equal(existsSync(path.join(profile, ENCRYPTED_TOKEN_FILE)), true, "the app's own copy, encrypted");
    const status = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { user: string }).user, userId);

    await settings.clearPairing();
    assert.equal(keychainEntry(profile), undefined);
    assert.equal((await runCli(['status'], { configDir: profile, env })).code, 3);
  });

  test('TRAYDROP_TOKEN_STORAGE=file keeps the token in the file even with a keyring, and moves nothing', async () => {
    const profile = path.join(dir, 'login-file');
    const token = await server.createToken(uniqueUserId('file'));
    const env = { ...keyring.env, TRAYDROP_TOKEN_STORAGE: 'file' };
    const login = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /The device token is in .*device-token, readable only by you\.\n/);
    const status = await runCli(['status'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /Token: +in .*device-token \(readable only by you\)\n/);
    assert.equal((await readFile(path.join(profile, TOKEN_FILE), 'utf8')).trim(), token);
    assert.equal(keychainEntry(profile), undefined);
  });
});

describe('no keyring: a session bus without a Secret Service, or no session bus at all', { skip }, () => {
  let bus: PrivateBus;
  before(async () => {
    bus = await startBus();
  });
  after(() => bus?.stop());

  test('login keeps the token in the 0600 file and says there is no keyring; status says where and why', async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: bus.address };
    await assert.rejects(openSecretService({ env }), NoKeyringError);
    const profile = path.join(dir, 'login-no-keyring');
    const token = await server.createToken(uniqueUserId('nokeyring'));
    const login = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(login.code, 0, login.stderr);
    assert.match(
      login.stderr,
      /readable only by you \(not in a keyring: no keyring \(Secret Service\) runs on this session bus\)\.\n/,
    );
    assert.equal((await stat(path.join(profile, TOKEN_FILE))).mode & 0o777, 0o600);
    const status = await runCli(['status', '--json'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout) as { tokenStorage: string; tokenStorageProblem: string };
    assert.deepEqual(
      [report.tokenStorage, report.tokenStorageProblem],
      ['file', 'no keyring (Secret Service) runs on this session bus'],
    );
    assert.equal((await readFile(path.join(profile, TOKEN_FILE), 'utf8')).trim(), token, 'kept');
  });

  test('without a session bus (SSH, a container) the file is used and login and status say why', async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: '', XDG_RUNTIME_DIR: '' };
    const profile = path.join(dir, 'login-no-bus');
    const token = await server.createToken(uniqueUserId('nobus'));
    const login = await runCli(['login', server.url, token], { configDir: profile, env });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /\(not in a keyring: no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)\)/);
    const status = await runCli(['status'], { configDir: profile, env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(
      status.stdout,
      /Token: +in .*device-token \(readable only by you\) \(not in a keyring: no D-Bus session bus/,
    );
  });
});

const GCR_PROMPTER = '/usr/libexec/gcr-prompter';
const noPrompter = skip || skipUnless(command('Xvfb'), file(GCR_PROMPTER, 'gcr'));

describe('a keyring prompt nobody answers (the real gcr-prompter, on Xvfb)', { skip: noPrompter }, () => {
  test('the command gives up after the prompt time, says the keyring stays locked, and exits', async (t) => {
    const { profile, token } = await pairedProfile('prompt-unanswered');
    await deviceTokenStore(profile, { env: keyring.env }).save(token);
    await keyring.restart({ unlocked: false });
    const x = await startXvfb('640x480x24');
    const prompter = startService(GCR_PROMPTER, [], { ...process.env, ...keyring.env, DISPLAY: x.display });
    t.after(async () => {
      await prompter.stop();
      await x.stop();
      await keyring.restart({ unlocked: true });
    });
    const bus = await connectSessionBus(keyring.env);
    try {
      await waitForName(bus, 'org.gnome.keyring.SystemPrompter', prompter);
    } finally {
      bus.close();
    }

    // A process of its own: the binding's own wait for the prompt would keep it alive after any timeout.
    const store = new URL('../../main/config/device-token-store.ts', import.meta.url).href;
    const script = `const { deviceTokenStore } = await import(${JSON.stringify(store)});
      await deviceTokenStore(${JSON.stringify(profile)}, { promptTimeoutMs: 2000 }).load().then(
        () => console.log('loaded'), (error) => console.log(error.name + ': ' + error.message));`;
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...keyring.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    const exited = once(child, 'exit');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(signal, null, `still waiting for the prompt after ${seconds} s: ${output}`);
    assert.equal(code, 0);
    assert.match(
      output,
      /^KeyringLockedError: the keyring \(Secret Service\), where `traydrop login` keeps the device token, stays locked \(its prompt was not answered in time\)\n$/,
    );
    assert.ok(seconds < 15, `gave up after ${seconds} s`);
    assert.equal(prompter.child.exitCode, null, 'the prompt was still up: nobody answered it');
  });
});
