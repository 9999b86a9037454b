/**
 * The architecture rule is real: ESLint (`traydrop/layers`) refuses, in every layer, an import the whitelist in
 * scripts/eslint/layers.ts does not allow, and lets through the ones it does; `electron` only in the glue, Node
 * built-ins nowhere a page runs. docs/architecture.md shows the same table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { CLIENT_CORE, LAYERS, layerOf, layersMarkdown } from '../../scripts/eslint/layers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'traydrop/layers').map((m) => m.message);
}

/** `import { x } from '<relative path from file to target>'`: a value import of a file that need not exist. */
function importOf(file: string, target: string, kind: 'value' | 'type' = 'value'): string {
  let spec = path.posix.relative(path.posix.dirname(file), target);
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return kind === 'type'
    ? `import type { X } from '${spec}';\nexport type { X };\n`
    : `import { x } from '${spec}';\nexport { x };\n`;
}

const importElectron = "import { app } from 'electron';\nexport const name = app.name;\n";

for (const layer of LAYERS) {
  test(`${layer.folder}/: imports its whitelist, and nothing else`, async () => {
    const file = `${layer.folder}/probe/probe.ts`;
    const allowed = [layer.folder, ...layer.mayImport.filter((f) => f !== '*' && layerOf(`${f}/x.ts`))];
    for (const to of allowed)
      assert.deepEqual(await layerMessages(file, importOf(file, `${to}/x.ts`)), [], `${layer.folder} → ${to}`);

    const forbidden = LAYERS.filter(
      (l) => l !== layer && !layer.mayImport.includes(l.folder) && !layer.mayImport.includes('*'),
    );
    if (layer.folder === 'test') assert.equal(forbidden.length, 0);
    else assert.ok(forbidden.length > 0, `${layer.folder} may import everything?`);
    for (const to of forbidden) {
      for (const kind of ['value', 'type'] as const) {
        const messages = await layerMessages(file, importOf(file, `${to.folder}/x.ts`, kind));
        assert.equal(messages.length, 1, `${layer.folder} → ${to.folder} (${kind} import) must be reported`);
        assert.match(messages[0]!, new RegExp(`^${layer.folder}/ may not import ${to.folder}/`));
      }
    }

    const electron = await layerMessages(file, importElectron);
    assert.equal(electron.length, layer.electron ? 0 : 1, `electron in ${layer.folder}`);
    const fs = await layerMessages(file, "import fs from 'node:fs';\nimport os from 'os';\nexport { fs, os };\n");
    assert.equal(fs.length, layer.node ? 0 : 2, `Node built-ins in ${layer.folder}`);
  });
}

test('the imports issue #14 found are refused, and what they were moved to is allowed', async () => {
  const cases: [file: string, code: string, ok: boolean][] = [
    ['server/s3/owner-s3.ts', importOf('server/s3/owner-s3.ts', 'main/upload/upload-file.ts'), false],
    ['server/s3/owner-s3.ts', importOf('server/s3/owner-s3.ts', 'node/s3-client.ts'), true],
    ['main/app/start-app.ts', importOf('main/app/start-app.ts', 'main/cli/commands/running-app.ts'), false],
    ['main/app/start-app.ts', importOf('main/app/start-app.ts', 'main/config/app-instance.ts'), true],
    ['main/cli/commands/record.ts', importOf('main/cli/commands/record.ts', 'main/app/start-app.ts'), false],
    ['main/upload/upload-file.ts', importOf('main/upload/upload-file.ts', 'main/queue/job.ts', 'type'), false],
    ['main/queue/lease.ts', importOf('main/queue/lease.ts', 'main/cli/main.ts'), false],
    ['renderer/history/index.ts', importOf('renderer/history/index.ts', 'main/share/plan-share.ts'), false],
    ['renderer/history/index.ts', importOf('renderer/history/index.ts', 'node/s3-client.ts'), false],
    ['renderer/history/index.ts', importOf('renderer/history/index.ts', 'common/expiry-rules.ts'), true],
    ['common/x.ts', importOf('common/x.ts', 'main/share/share-id.ts'), false],
    ['common/version.ts', "import pkg from '../package.json' with { type: 'json' };\nexport default pkg;\n", true],
    ['server/app.ts', "import pkg from '../package.json' with { type: 'json' };\nexport default pkg;\n", false],
  ];
  for (const [file, code, ok] of cases)
    assert.equal((await layerMessages(file, code)).length, ok ? 0 : 1, `${file}: ${code.split('\n')[0]}`);
});

test('re-exports, import(), require() and import types are checked like imports', async () => {
  const file = 'main/queue/x.ts';
  for (const code of [
    "export { x } from '../app/actions.ts';\n",
    "export * from '../app/actions.ts';\n",
    "export const load = () => import('../app/actions.ts');\n",
    "export type T = import('../app/actions.ts').AppActions;\n",
    "export const load = () => import('electron');\n",
  ])
    assert.equal((await layerMessages(file, code)).length, 1, code);
  assert.equal((await layerMessages('bin/x.cjs', "module.exports = require('../main/app/entry.ts');\n")).length, 1);
});

test('electron and electron-store are for the glue; the message says where electron belongs', async () => {
  const [message] = await layerMessages('main/upload/engine.ts', importElectron);
  assert.match(message!, /electron may be imported only in main\/app\/, preload\//);
  assert.equal(
    (await layerMessages('main/share/y.ts', "import { x } from 'electron/main';\nexport { x };\n")).length,
    1,
  );
  const importStore = "import Store from 'electron-store';\nexport default Store;\n";
  assert.deepEqual(await layerMessages('main/app/electron-store-conf.ts', importStore), []);
  const [store] = await layerMessages('main/settings/x.ts', importStore);
  assert.match(store!, /only the Electron glue may use it; elsewhere use conf/);
  assert.deepEqual(await layerMessages('main/settings/x.ts', "import Conf from 'conf';\nexport default Conf;\n"), []);
});

test('the renderer may not import Node built-ins, and is told why', async () => {
  const messages = await layerMessages('renderer/settings.ts', "import fs from 'node:fs';\nexport default fs;\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /sandboxed: talk to main through the IPC contract/);
});

test('a file in a folder with no row is reported: add the folder to the table, not an exception', async () => {
  for (const file of ['main/newfolder/x.ts', 'lib/x.ts']) {
    const messages = await layerMessages(file, 'export const x = 1;\n');
    assert.equal(messages.length, 1, file);
    assert.match(messages[0]!, /is in no layer: add its folder to the table in scripts\/eslint\/layers\.ts/);
  }
  assert.deepEqual(await layerMessages('eslint.config.js', 'export default [];\n'), [], 'files at the root');
});

test('the table holds together: known folders, common for all, core folders only look down', () => {
  const folders = LAYERS.map((l) => l.folder);
  assert.equal(new Set(folders).size, folders.length, 'one row per folder');
  for (const layer of LAYERS)
    for (const to of layer.mayImport)
      assert.ok(to === '*' || to === 'package.json' || folders.includes(to), `${layer.folder} → ${to}: no such layer`);
  for (const [i, folder] of CLIENT_CORE.entries()) {
    const row = LAYERS.find((l) => l.folder === folder)!;
    for (const to of row.mayImport.filter((f) => f.startsWith('main/')))
      assert.ok(CLIENT_CORE.indexOf(to as never) < i, `${folder} → ${to}: a core folder imports only lower ones`);
  }
  for (const layer of LAYERS.filter((l) => l.folder !== 'common'))
    assert.ok(layer.mayImport.includes('common') || layer.mayImport.includes('*'), `${layer.folder} → common`);
});

test('docs/architecture.md shows the same table', () => {
  const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const table = /<!-- layers:start[^>]*-->\n([\s\S]*?)\n<!-- layers:end -->/.exec(doc)?.[1];
  assert.equal(table, layersMarkdown(), 'paste layersMarkdown() from scripts/eslint/layers.ts into the doc');
});
