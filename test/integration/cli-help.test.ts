/**
 * `--help` on every command and subcommand of both CLIs (exit 0, a usage line naming the command on stdout), and
 * `--version`, run as users run them after `npm run build`: the bin scripts, which load the bundles.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickCli, pickServerCli } from '../../bin/pick-cli.js';
import { buildApp } from '../../scripts/build-app.ts';
import { assertEveryCommandHelps, type CliName, type HelpRun } from '../helpers/cli-usage.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const BINS: Record<CliName, string> = {
  traydrop: path.join(root, 'bin', 'traydrop.js'),
  'traydrop-server': path.join(root, 'bin', 'traydrop-server.js'),
};

function run(cli: CliName, args: string[]): Promise<HelpRun> {
  // no profile, no server, no display: help must need none of them
  const env: NodeJS.ProcessEnv = { ...process.env, TRAYDROP_CONFIG_DIR: path.join(os.tmpdir(), 'traydrop-help-none') };
  delete env.TRAYDROP_SERVER_CONFIG;
  return new Promise((resolve) => {
    execFile(process.execPath, [BINS[cli], ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

before(async () => {
  await buildApp(); // as `npm test` does; only rewrites what changed
  assert.equal(pickCli().kind, 'bundle', 'bin/traydrop.js loads dist/cli/main.js');
  assert.equal(pickServerCli().kind, 'bundle', 'bin/traydrop-server.js loads dist/server/cli.js');
});

for (const cli of ['traydrop', 'traydrop-server'] as const) {
  test(`${cli}: every command in the usage answers --help and -h`, async () => {
    const commands = await assertEveryCommandHelps(cli, (args) => run(cli, args));
    assert.ok(
      commands.some((words) => words.length === 2),
      'subcommands are checked too',
    );
  });

  test(`${cli} --version and -V print the package's version`, async () => {
    for (const flag of ['--version', '-V']) {
      const result = await run(cli, [flag]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `${cli} ${version}\n`);
    }
  });

  test(`${cli}: an unknown command is still a usage error (exit 2), --help or not`, async () => {
    const result = await run(cli, ['no-such-command', '--help']);
    assert.equal(result.code, 2, result.stdout);
    assert.match(result.stderr, /unknown command/);
  });
}

test('after `--`, --help is a file name, not a request for help', async () => {
  const result = await run('traydrop', ['share', '--', '--help']);
  assert.notEqual(result.code, 0);
  assert.doesNotMatch(result.stdout, /Usage:/);
});
