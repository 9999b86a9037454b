/** No import cycles anywhere in the repository, type-only imports included (test/helpers/import-graph.ts says why). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph } from '../helpers/import-graph.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A throw-away tree of files ({ 'a/b.ts': 'source' }), removed after `run`. */
function withTree<T>(files: Record<string, string>, run: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'traydrop-cycles-'));
  try {
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), source);
    }
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the repository has no import cycles', () => {
  const graph = importGraph(root);
  assert.ok(graph.size > 300, `only ${graph.size} files read: is the walk broken?`);
  assert.ok(graph.get('main/app/start-app.ts')?.includes('main/config/app-instance.ts'), 'edges are resolved');
  assert.deepEqual(importCycles(graph), [], 'break each cycle by moving what both sides need to a third file');
});

test('one import more closes a cycle in the real tree, and the check names it', () => {
  const graph = new Map(importGraph(root));
  // what main/capture had before issue #14: sway-windows.ts took ScreenWindow from visible-windows.ts
  graph.set('main/capture/sway-windows.ts', [
    ...graph.get('main/capture/sway-windows.ts')!,
    'main/capture/visible-windows.ts',
  ]);
  assert.deepEqual(importCycles(graph), [
    'main/capture/sway-windows.ts → main/capture/visible-windows.ts → main/capture/sway-windows.ts',
  ]);
});

test('a cycle through files on disk is found: value, type-only, re-export, import(), require()', () => {
  const cycles = withTree(
    {
      'src/a.ts': "import { b } from './b.ts';\nexport const a = b;\n",
      'src/b.ts': "import type { A } from './nested/c.ts';\nexport const b = 1;\nexport type B = A;\n",
      'src/nested/c.ts': "export { a as A } from '../a.ts';\n",
      'lazy/x.js': "export const load = () => import('./y.js');\n",
      'lazy/y.js': "const x = require('./x.js');\nmodule.exports = x;\n",
      'self/s.ts': "import './s.ts';\n",
      'ok/leaf.ts': 'export const leaf = 1;\n',
      'ok/uses.ts': "import { leaf } from './leaf.ts';\nimport fs from 'node:fs';\nexport { leaf, fs };\n",
      'node_modules/p/a.js': "import './b.js';\n",
      'node_modules/p/b.js': "import './a.js';\n",
    },
    (dir) => importCycles(importGraph(dir)),
  );
  assert.deepEqual(cycles, [
    'lazy/x.js → lazy/y.js → lazy/x.js',
    'self/s.ts → self/s.ts',
    'src/a.ts → src/b.ts → src/nested/c.ts → src/a.ts',
  ]);
});

test('a tree without cycles passes, diamonds included', () => {
  const cycles = withTree(
    {
      'top.ts': "import './left.ts';\nimport './right.ts';\n",
      'left.ts': "import { base } from './base.ts';\nexport { base };\n",
      'right.ts': "import type { Base } from './base.ts';\nexport type R = Base;\n",
      'base.ts': 'export const base = 1;\nexport type Base = number;\n',
    },
    (dir) => importCycles(importGraph(dir)),
  );
  assert.deepEqual(cycles, []);
});
