/**
 * The main-process bundle as electron-builder ships it (dist/app/main.js), booted under plain Node with the
 * `electron` module resolved to the glue tests' fake (electron-alias.ts). Short of a real Electron (its
 * binary cannot be downloaded here), this checks what only the bundle can get wrong: that it loads at all,
 * finds its preload and pages in dist/ from where it runs, and wires every IPC channel, hotkey and menu.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNELS, type Settings } from '../../common/ipc-contract.ts';
import { SETTINGS_FILE, SETTINGS_FORMAT } from '../../main/settings/index.ts';
import { buildApp } from '../../scripts/build-app.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface BootReport {
  errors: string[];
  clicked: string[];
  menu: string[];
  windows: { preload?: string; loaded?: string }[];
  handlers: string[];
  listeners: string[];
  shortcuts: string[];
  protocol: unknown[][];
}

function boot(env: NodeJS.ProcessEnv): Promise<{ report: BootReport; stderr: string }> {
  const child = spawn(process.execPath, ['--import', './test/app/electron-alias.ts', 'dist/app/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`exit ${code}: ${stderr}${stdout}`));
      resolve({ report: JSON.parse(line) as BootReport, stderr });
    });
  });
}

test('the built main bundle boots, wires every IPC channel, and opens its pages from dist/', async () => {
  const { outDir } = await buildApp();
  const home = mkdtempSync(path.join(os.tmpdir(), 'traydrop-boot-'));
  try {
    const { report } = await boot({
      HOME: home,
      TRAYDROP_CONFIG_DIR: path.join(home, 'config'),
      TRAYDROP_FAKE_CLICK: 'Settings…,Drop window,History…',
    });
    assert.deepEqual(report.errors, [], 'no start-up error box');
    assert.deepEqual(report.handlers, IPC_CHANNELS.map((c) => `traydrop:${c}`).sort(), 'a handler per channel');
    assert.deepEqual(report.listeners, [], "no channel outside the contract (electron-store's is closed)");
    assert.ok(report.shortcuts.length >= 5, `hotkeys registered: ${report.shortcuts.join(', ')}`);
    assert.ok(report.menu.includes('Capture region') && report.menu.includes('Quit Traydrop'), report.menu.join(' | '));
    assert.deepEqual(report.clicked, ['Settings…', 'Drop window', 'History…']);
    assert.equal(report.protocol[0]?.[0], 'traydrop', 'traydrop:// is registered');

    const preload = path.join(outDir, 'preload', 'index.cjs');
    const pages = report.windows.map((w) => path.relative(outDir, w.loaded ?? ''));
    assert.deepEqual(pages.sort(), [
      'renderer/drop/index.html',
      'renderer/history/index.html',
      'renderer/settings/index.html',
    ]);
    for (const window of report.windows) {
      assert.equal(window.preload, preload);
      assert.ok(existsSync(window.loaded!), `${window.loaded} exists`);
    }
    assert.ok(existsSync(preload));

    // settings.json was opened by electron-store (the bundle's), in the config folder, as conf's format
    const stored = JSON.parse(readFileSync(path.join(home, 'config', SETTINGS_FILE), 'utf8')) as Settings & {
      __internal__: unknown;
    };
    assert.deepEqual(stored.__internal__, { migrations: { version: SETTINGS_FORMAT } });
    assert.equal(stored.capturesFolder, path.join(home, 'Pictures', 'Traydrop'));

    // the log file (electron-log, bundled) in app.getPath('logs'), which the fake puts under HOME as Linux does
    assert.ok(report.menu.includes('Open log folder'), report.menu.join(' | '));
    const logFile = path.join(home, '.config', 'Traydrop', 'logs', 'main.log');
    assert.match(readFileSync(logFile, 'utf8'), /\[info\] +Traydrop \S+ started \(linux, pid \d+\)/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
