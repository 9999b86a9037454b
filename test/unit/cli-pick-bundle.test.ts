/**
 * bin/pick-cli.js: the `traydrop` command (and `traydrop-server`) runs the bundle `npm run build` wrote only while
 * every file it was built from is unchanged; else, and without a build, the TypeScript sources. The npm package
 * ships the bundles alone: there they run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pickCli, pickServerCli, type PickedCli } from '../../bin/pick-cli.js';

const pick = (root: string, env: NodeJS.ProcessEnv = {}): PickedCli => pickCli(pathToFileURL(root + '/'), env);

function fakeCheckout(): { root: string; manifest: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'traydrop-pick-'));
  mkdirSync(path.join(root, 'main', 'cli'), { recursive: true });
  mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
  writeFileSync(path.join(root, 'main', 'cli', 'main.ts'), 'export {}\n');
  writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
  writeFileSync(path.join(root, 'dist', 'cli', 'main.js'), 'export {}\n');
  const manifest = (): void => {
    const sources = Object.fromEntries(
      ['main/cli/main.ts', 'package-lock.json'].map((file) => {
        const { size, mtimeMs } = statSync(path.join(root, file));
        return [file, { size, mtimeMs }];
      }),
    );
    writeFileSync(path.join(root, 'dist', 'cli', 'sources.json'), JSON.stringify({ sources }));
  };
  return { root, manifest };
}

test('without a build the sources run; after one, the bundle', () => {
  const { root, manifest } = fakeCheckout();
  try {
    assert.equal(pick(root).kind, 'source', 'no sources.json yet');
    manifest();
    const chosen = pick(root);
    assert.equal(chosen.kind, 'bundle');
    assert.equal(chosen.url.pathname, path.join(root, 'dist', 'cli', 'main.js'));
    assert.equal(pick(root, { TRAYDROP_FROM_SOURCE: '1' }).kind, 'source', 'the override');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an edited, touched or deleted source, or a changed lockfile, makes the sources run again', () => {
  const { root, manifest } = fakeCheckout();
  try {
    const file = path.join(root, 'main', 'cli', 'main.ts');
    manifest();
    writeFileSync(file, 'export const edited = 1;\n');
    assert.equal(pick(root).kind, 'source', 'edited');
    manifest();
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    assert.equal(pick(root).kind, 'source', 'same bytes, new mtime');
    manifest();
    writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
    assert.equal(pick(root).kind, 'source', 'dependencies changed');
    manifest();
    rmSync(file);
    assert.equal(pick(root).kind, 'source', 'a source is gone');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the installed npm package (the bundles, no sources, no sources.json) runs the bundles', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'traydrop-pick-package-'));
  try {
    mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
    mkdirSync(path.join(root, 'dist', 'server'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'cli', 'main.js'), 'export {}\n');
    writeFileSync(path.join(root, 'dist', 'server', 'cli.js'), 'export {}\n');
    const url = pathToFileURL(root + '/');
    assert.equal(pickCli(url, {}).url.pathname, path.join(root, 'dist', 'cli', 'main.js'));
    assert.equal(pickServerCli(url, {}).url.pathname, path.join(root, 'dist', 'server', 'cli.js'));
    assert.equal(pickServerCli(url, {}).kind, 'bundle');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the server CLI follows the same rule: its sources after an edit, else dist/server/cli.js', () => {
  const { root } = fakeCheckout();
  try {
    mkdirSync(path.join(root, 'server'), { recursive: true });
    mkdirSync(path.join(root, 'dist', 'server'), { recursive: true });
    writeFileSync(path.join(root, 'server', 'cli.ts'), 'export {}\n');
    writeFileSync(path.join(root, 'dist', 'server', 'cli.js'), 'export {}\n');
    const url = pathToFileURL(root + '/');
    assert.equal(pickServerCli(url, {}).kind, 'source', 'no build record');
    const { size, mtimeMs } = statSync(path.join(root, 'server', 'cli.ts'));
    const record = JSON.stringify({ sources: { 'server/cli.ts': { size, mtimeMs } } });
    writeFileSync(path.join(root, 'dist', 'server', 'sources.json'), record);
    assert.equal(pickServerCli(url, {}).kind, 'bundle');
    writeFileSync(path.join(root, 'server', 'cli.ts'), 'export const edited = 1;\n');
    assert.equal(pickServerCli(url, {}).kind, 'source', 'edited');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
