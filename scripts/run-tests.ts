/**
 * `npm test`: everything CI checks, in one command, on a fresh machine.
 *  1. installs the Debian packages the suites need (scripts/system-packages.txt, through scripts/system-deps.sh) when
 *     some are missing: as root it installs them; otherwise it stops, naming them and the command that installs them;
 *  2. brings up the local Ceph RGW (scripts/rgw-start.sh; idempotent, installs its packages if missing);
 *  3. type-checks, lints (incl. the layering whitelist, scripts/eslint/layers.ts) and checks formatting;
 *  4. builds (scripts/build-app.ts): so the tests run the `traydrop` CLI as users get it after
 *     `npm run build`, from its bundle (bin/pick-cli.js), and the renderer pages from dist/;
 *  5. runs every test file with Node's test runner: unit, integration (real RGW + real server);
 *  6. runs the server's own test files once more on PostgreSQL (scripts/pg-start.sh: a throw-away cluster;
 *     TRAYDROP_SKIP_POSTGRES=1 leaves that pass out, and the run says so at the end like any skip);
 *  7. ends with a line for every skipped test and why (scripts/skip-reporter.ts). A skip fails the run, but for
 *     the tests that cannot run on this machine at all (the Electron binary cannot be downloaded here).
 * TRAYDROP_ALLOW_SKIPS=1 allows a partial run: missing packages do not stop it, the suites that need them skip
 * (test/helpers/requirements.ts) and are listed at the end.
 * Pass file globs to run a subset: npm test -- test/unit/**.test.ts (skips step 3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeSkips } from './skip-reporter.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const selected = process.argv.slice(2);
const allowSkips = process.env.TRAYDROP_ALLOW_SKIPS === '1';

function run(title: string, command: string, args: string[]): number {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

function step(title: string, command: string, args: string[]): void {
  const status = run(title, command, args);
  if (status !== 0) {
    process.stdout.write(`\n✗ ${title} failed (exit ${status})\n`);
    process.exit(status);
  }
}

const packages = 'Debian packages the suites need (scripts/system-packages.txt)';
if (run(packages, 'bash', ['scripts/system-deps.sh']) !== 0) {
  if (!allowSkips) {
    process.stdout.write(`\n✗ ${packages}: missing (see above)\n`);
    process.exit(1);
  }
  process.stdout.write('TRAYDROP_ALLOW_SKIPS=1: going on; the suites that need them skip and are listed at the end\n');
}
if (process.env.TRAYDROP_SKIP_RGW !== '1') step('Ceph RGW on 127.0.0.1:7480', 'bash', ['scripts/rgw-start.sh']);
if (selected.length === 0) {
  step('Type check (tsc --noEmit, strict)', bin('tsc'), ['--noEmit', '-p', '.']);
  step('Lint (ESLint, incl. the layering whitelist)', bin('eslint'), ['.']);
  step('Format (Prettier)', bin('prettier'), ['--check', '.']);
}
step('Build (the app, its pages and the bundled CLI)', process.execPath, ['scripts/build-app.ts']);
const files = selected.length > 0 ? selected : ['test/**/*.test.ts'];
const skipsDir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-skips-'));
const skipsFile = path.join(skipsDir, 'skips.jsonl');
const tests = run('Tests (node --test)', process.execPath, [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/skip-reporter.ts',
  `--test-reporter-destination=${skipsFile}`,
  '--test-timeout=600000',
  ...files,
]);
// 6. the server on PostgreSQL: the files that test the server itself, again, each test server on a fresh database
// of the throw-away cluster (test/helpers/server.ts reads TRAYDROP_TEST_DATABASE)
const SERVER_FILES = [
  'test/integration/server-*.test.ts',
  'test/integration/gateway-*.test.ts',
  'test/integration/database-*.test.ts',
];
let postgresTests = 0;
let postgresLeftOut = false;
if (selected.length === 0 && tests === 0) {
  if (process.env.TRAYDROP_SKIP_POSTGRES === '1') postgresLeftOut = true;
  else {
    step('PostgreSQL on 127.0.0.1:15432', 'bash', ['scripts/pg-start.sh']);
    process.env.TRAYDROP_TEST_DATABASE = 'postgres';
    postgresTests = run('Server tests on PostgreSQL (node --test)', process.execPath, [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/skip-reporter.ts',
      `--test-reporter-destination=${skipsFile}.postgres`,
      '--test-timeout=600000',
      ...SERVER_FILES,
    ]);
  }
}
const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const skips = summarizeSkips(read(skipsFile) + read(`${skipsFile}.postgres`));
rmSync(skipsDir, { recursive: true, force: true });
if (postgresLeftOut) {
  skips.total += 1;
  skips.failing += 1;
  skips.lines.push('the server tests on PostgreSQL: TRAYDROP_SKIP_POSTGRES=1');
  skips.oneLine = [skips.oneLine, 'the server tests on PostgreSQL (TRAYDROP_SKIP_POSTGRES=1)']
    .filter(Boolean)
    .join('; ');
}

if (skips.total > 0) {
  process.stdout.write(`\n▶ Skipped: ${skips.total}\n${skips.lines.map((line) => `  ${line}\n`).join('')}`);
}
const failed = tests !== 0 ? tests : postgresTests;
if (failed !== 0) {
  process.stdout.write(`\n✗ Tests failed (exit ${failed}${tests === 0 ? ', on PostgreSQL' : ''})\n`);
  process.exit(failed);
}
if (skips.failing > 0 && !allowSkips) {
  process.stdout.write(
    `\n✗ ${skips.failing} skipped (listed above): install what they need (scripts/system-deps.sh as root), ` +
      'or set TRAYDROP_ALLOW_SKIPS=1 for a partial run\n',
  );
  process.exit(1);
}
process.stdout.write(
  skips.total === 0
    ? '\n✓ every test passed, none skipped\n'
    : `\n✓ every test that ran passed; skipped (${skips.total}, never counted as passing): ${skips.oneLine}\n`,
);
