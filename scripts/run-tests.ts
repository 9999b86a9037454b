/**
 * `npm test`: everything CI checks, in one command, on a fresh machine.
 *  1. brings up the local Ceph RGW (scripts/rgw-start.sh; idempotent, installs its packages if missing);
 *  2. type-checks, lints (incl. the electron layering rule) and checks formatting;
 *  3. builds (scripts/build-app.ts): so the tests run the `traydrop` CLI as users get it after
 *     `npm run build`, from its bundle (bin/pick-cli.js), and the renderer pages from dist/;
 *  4. runs every test file with Node's test runner: unit, integration (real RGW + real server);
 *  5. runs the server's own test files once more on PostgreSQL (scripts/pg-start.sh: a throw-away cluster).
 * Pass file globs to run a subset: npm test -- test/unit/**.test.ts (skips steps 1–2 unless RGW is needed).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const selected = process.argv.slice(2);

function step(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stdout.write(`\n✗ ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

if (process.env.TRAYDROP_SKIP_RGW !== '1') step('Ceph RGW on 127.0.0.1:7480', 'bash', ['scripts/rgw-start.sh']);
if (selected.length === 0) {
  step('Type check (tsc --noEmit, strict)', bin('tsc'), ['--noEmit', '-p', '.']);
  step('Lint (ESLint, incl. the electron layering rule)', bin('eslint'), ['.']);
  step('Format (Prettier)', bin('prettier'), ['--check', '.']);
}
step('Build (the app, its pages and the bundled CLI)', process.execPath, ['scripts/build-app.ts']);
const files = selected.length > 0 ? selected : ['test/**/*.test.ts'];
step('Tests (node --test)', process.execPath, [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec',
  '--test-timeout=600000',
  ...files,
]);

// 5. the server on PostgreSQL: the files that test the server itself, again, each test server on a fresh database
// of the throw-away cluster (test/helpers/server.ts reads TRAYDROP_TEST_DATABASE)
const SERVER_FILES = [
  'test/integration/server-*.test.ts',
  'test/integration/gateway-*.test.ts',
  'test/integration/database-*.test.ts',
];
if (selected.length === 0 && process.env.TRAYDROP_SKIP_POSTGRES !== '1') {
  step('PostgreSQL on 127.0.0.1:15432', 'bash', ['scripts/pg-start.sh']);
  process.env.TRAYDROP_TEST_DATABASE = 'postgres';
  step('Server tests on PostgreSQL (node --test)', process.execPath, [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-timeout=600000',
    ...SERVER_FILES,
  ]);
}
