/**
 * The update settings (`updates.enabled`, `updates.feedUrl`): a settings file from before they existed opens
 * with their defaults and nothing reported; a feed must be https:// (plain http:// only on loopback), checked
 * the same way for the settings window and a hand-edited file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  defaultSettings,
  openSettings,
  readSettings,
  SETTINGS_FORMAT,
  updateFeedProblem,
  validateSettingsPatch,
} from '../../main/settings/index.ts';

const info = { platform: 'linux' as const, home: '/home/ann' };

async function withFile(body: unknown, run: (dir: string, file: string) => Promise<void> | void): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-settings-'));
  try {
    const file = path.join(dir, 'settings.json');
    await writeFile(file, JSON.stringify(body));
    await run(dir, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** settings.json as the build before this setting wrote it: every other field, conf's bookkeeping, no `updates`. */
function before(): Record<string, unknown> {
  const { updates: _updates, ...rest } = defaultSettings(info);
  return { ...rest, zipFolders: false, __internal__: { migrations: { version: SETTINGS_FORMAT } } };
}

test('a settings file from before the update settings opens as it was, with their defaults, nothing reported', async () => {
  await withFile(before(), async (dir, file) => {
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(problems, {});
    assert.deepEqual(settings.updates, { enabled: true, feedUrl: null });
    assert.equal(settings.zipFolders, false, 'what the user had is kept');
    assert.deepEqual(readSettings(dir, info).updates, { enabled: true, feedUrl: null }, 'the CLI’s reader too');
    assert.equal(JSON.parse(await readFile(file, 'utf8')).zipFolders, false);
  });
  // the oldest format (flat, no version) too
  await withFile({ earlyCopy: false, zipFolders: false }, (dir) => {
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(problems, {});
    assert.deepEqual(settings.updates, { enabled: true, feedUrl: null });
  });
});

test('a hand-edited file: half an updates object is completed; a plain-http feed is refused and reported', async () => {
  await withFile({ ...before(), updates: { enabled: false } }, (dir) => {
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(problems, {});
    assert.deepEqual(settings.updates, { enabled: false, feedUrl: null });
  });
  await withFile({ ...before(), updates: { enabled: true, feedUrl: 'http://updates.example.org/' } }, (dir) => {
    const { settings, problems } = openSettings(dir, info);
    assert.match(problems['updates.feedUrl'] ?? '', /https:\/\//);
    assert.deepEqual(settings.updates, { enabled: true, feedUrl: null });
  });
  await withFile({ ...before(), updates: { enabled: 'yes', feedUrl: 'https://dl.example.org/traydrop/' } }, (dir) => {
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(Object.keys(problems), ['updates.enabled']);
    assert.deepEqual(settings.updates, { enabled: true, feedUrl: 'https://dl.example.org/traydrop/' });
  });
});

test('a feed is https://, or http:// on this computer only', () => {
  for (const ok of [
    'https://dl.example.org/traydrop/',
    'https://share.example.org/updates',
    'https://bucket.s3.example.org/traydrop/?X-Amz-Signature=abc',
    'http://127.0.0.1:8080/',
    'http://localhost/feed/',
    'http://[::1]:9000/',
  ])
    assert.equal(updateFeedProblem(ok), undefined, ok);
  for (const bad of [
    'http://dl.example.org/',
    'http://192.168.1.10/feed/',
    'http://127.0.0.1.example.org/',
    'ftp://dl.example.org/',
    'file:///tmp/feed/',
    'dl.example.org/traydrop',
    'https://user:secret@dl.example.org/',
    `https://dl.example.org/${'a'.repeat(2100)}`,
  ])
    assert.ok(updateFeedProblem(bad), bad);
});

test('the settings window: each update field on its own; an empty feed means the build’s own', () => {
  const current = defaultSettings(info);
  const ok = validateSettingsPatch(
    current,
    { updates: { enabled: false, feedUrl: ' https://dl.example.org/t/ ' } },
    info,
  );
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.settings.updates, { enabled: false, feedUrl: 'https://dl.example.org/t/' });
  const cleared = validateSettingsPatch(ok.settings, { updates: { feedUrl: '' } }, info);
  assert.deepEqual(cleared.settings.updates, { enabled: false, feedUrl: null });
  const bad = validateSettingsPatch(current, { updates: { enabled: 1, feedUrl: 'http://x.example.org/' } }, info);
  assert.deepEqual(Object.keys(bad.errors).sort(), ['updates.enabled', 'updates.feedUrl']);
  assert.deepEqual(bad.settings.updates, current.updates);
  assert.deepEqual(validateSettingsPatch(current, { updates: 'on' }, info).errors, {
    updates: 'expected {enabled, feedUrl}',
  });
});
