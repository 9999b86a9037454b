/**
 * The self-hosters' kit cannot drift from the server: traydrop-server.example.json is accepted by the server's
 * own loader and names exactly the keys that loader reads, docs/server-config.md has a row for each of them, and
 * the systemd unit starts a command the package really installs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigFileValues, type Env, loadConfig } from '../../server/config.ts';
import { CONFIG_FILE_VAR, readConfigFile } from '../../server/config-file.ts';
import { USAGE } from '../../server/cli/usage.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = path.join(root, 'traydrop-server.example.json');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** Every key loadConfig looks up, in the environment or the file (it reads each one whatever the others hold). */
function keysTheLoaderReads(file: ConfigFileValues): Set<string> {
  const keys = new Set<string>();
  const recording = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        if (typeof key === 'string') keys.add(key);
        return Reflect.get(object, key, receiver);
      },
    });
  loadConfig(recording<Env>({}), recording(file));
  return keys;
}

test('the example config is accepted by the loader, from the file alone', () => {
  const file = readConfigFile({ [CONFIG_FILE_VAR]: EXAMPLE });
  assert.ok(file);
  const config = loadConfig({}, file);
  assert.equal(config.shareBaseUrl, 'https://share.example.com');
  assert.equal(config.databasePath, '/var/lib/traydrop-server/traydrop.db', 'the systemd unit’s state directory');
  assert.equal(config.host, '127.0.0.1', 'behind a reverse proxy');
  assert.equal(config.notificationSecret, undefined, 'no secret anyone could copy: the endpoint stays off');
});

test('the example names every key the loader reads, and no other', () => {
  const example = JSON.parse(read('traydrop-server.example.json')) as ConfigFileValues;
  const known = keysTheLoaderReads(example);
  assert.ok(known.has('S3_ENDPOINT') && known.has('NOTIFICATION_SECRET'), [...known].join(', '));
  assert.deepEqual(Object.keys(example).sort(), [...known].sort());
});

test('docs/server-config.md has one row per key, and the file variable', () => {
  const rows = [...read('docs/server-config.md').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
  const example = JSON.parse(read('traydrop-server.example.json')) as ConfigFileValues;
  assert.deepEqual(rows.sort(), [...Object.keys(example), CONFIG_FILE_VAR].sort());
});

test('the systemd unit runs `traydrop-server serve`, hardened, with the example’s paths', () => {
  const unit = read('docs/deploy/traydrop-server.service');
  const directive = (name: string): string[] =>
    [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]!.trim());
  const [execStart, ...more] = directive('ExecStart');
  assert.ok(execStart && more.length === 0, 'one ExecStart');
  const [program, command, ...args] = execStart.split(/\s+/);
  const bins = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin;
  assert.ok(program && path.isAbsolute(program), 'systemd wants an absolute path');
  assert.ok(Object.hasOwn(bins, path.basename(program)), `${program} is one of the package's bins`);
  assert.equal(path.basename(program), 'traydrop-server');
  assert.equal(command, 'serve');
  assert.deepEqual(args, []);
  assert.match(USAGE, /^ {2}serve /m, 'serve is a command of traydrop-server');

  for (const [name, value] of Object.entries({
    NoNewPrivileges: 'yes',
    ProtectSystem: 'strict',
    PrivateTmp: 'yes',
    Restart: 'on-failure',
    StateDirectory: 'traydrop-server',
    User: 'traydrop',
  }))
    assert.deepEqual(directive(name), [value], name);
  assert.equal(directive('EnvironmentFile').length, 1);
  assert.ok(directive('Environment').includes('NODE_OPTIONS=--max-semi-space-size=2'), 'the young generation capped');
  assert.ok(directive('Environment').includes(`${CONFIG_FILE_VAR}=/etc/traydrop-server/config.json`));
  const example = loadConfig({}, JSON.parse(read('traydrop-server.example.json')) as ConfigFileValues);
  assert.equal(path.dirname(example.databasePath), '/var/lib/traydrop-server', 'the database is in StateDirectory');
});
