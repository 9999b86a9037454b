/** The architecture rule is real: ESLint refuses `electron` outside the glue folder and Node built-ins in the renderer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importElectron = "import { app } from 'electron';\nexport const name = app.name;\n";

test('electron may be imported in main/app/ and preload/ only', async () => {
  assert.deepEqual(await restrictedImports('main/app/tray.ts', importElectron), []);
  assert.deepEqual(await restrictedImports('preload/index.ts', importElectron), []);
  for (const file of ['main/upload/engine.ts', 'main/cli/x.ts', 'server/app2.ts', 'common/x.ts', 'renderer/x.ts']) {
    const messages = await restrictedImports(file, importElectron);
    assert.equal(messages.length, 1, `${file} must not import electron`);
    assert.match(messages[0]!, /Only main\/app\//);
  }
  assert.equal(
    (await restrictedImports('main/share/y.ts', "import { x } from 'electron/main';\nexport { x };\n")).length,
    1,
  );
});

test('the renderer may not import Node built-ins', async () => {
  const messages = await restrictedImports('renderer/settings.ts', "import fs from 'node:fs';\nexport default fs;\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /sandboxed/);
});

test('electron-store (which loads electron) belongs to the glue too; the core uses conf', async () => {
  const importStore = "import Store from 'electron-store';\nexport default Store;\n";
  assert.deepEqual(await restrictedImports('main/app/electron-store-conf.ts', importStore), []);
  const messages = await restrictedImports('main/settings/x.ts', importStore);
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /only main\/app\/ may use it; elsewhere use conf/);
  assert.deepEqual(
    await restrictedImports('main/settings/x.ts', "import Conf from 'conf';\nexport default Conf;\n"),
    [],
  );
});
