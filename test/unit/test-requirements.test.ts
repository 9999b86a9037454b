/**
 * How a suite that misses something from the machine reports it (test/helpers/requirements.ts): a failing test
 * naming it and its install command, or with TRAYDROP_ALLOW_SKIPS=1 a skip with the reason; how `npm test` sums the
 * skips up (scripts/skip-reporter.ts); and the one list of Debian packages (scripts/system-packages.txt) that
 * scripts/system-deps.sh installs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CANNOT_RUN_HERE, summarizeSkips } from '../../scripts/skip-reporter.ts';
import { command, KNOWN_PACKAGES, skipUnless } from '../helpers/requirements.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requirements = pathToFileURL(path.join(root, 'test', 'helpers', 'requirements.ts')).href;

async function runSuite(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-requirements-'));
  try {
    const file = path.join(dir, 'needs-a-tool.test.ts');
    await writeFile(
      file,
      `import { test } from 'node:test';
import { command, skipUnless } from '${requirements}';
test('uses the tool', { skip: skipUnless(command('traydrop-no-such-tool', 'traydrop-no-such-package')) }, () => {});
test('needs nothing', () => {});
`,
    );
    const { NODE_TEST_CONTEXT: _, ...clean } = process.env;
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', file], {
      env: { ...clean, ...env },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout + r.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a missing command fails the run, naming it, its package and the install command', async () => {
  const { code, out } = await runSuite({ TRAYDROP_ALLOW_SKIPS: '' });
  assert.equal(code, 1, out);
  assert.match(out, /✖ needs traydrop-no-such-tool \(Debian package traydrop-no-such-package\)/);
  assert.match(out, /apt-get install --no-install-recommends traydrop-no-such-package/);
  assert.match(out, /TRAYDROP_ALLOW_SKIPS=1/);
  assert.match(out, /✔ needs nothing/, 'the rest of the file still runs');
});

test('with TRAYDROP_ALLOW_SKIPS=1 the tests that need it skip, with the reason, and nothing fails', async () => {
  const { code, out } = await runSuite({ TRAYDROP_ALLOW_SKIPS: '1' });
  assert.equal(code, 0, out);
  assert.match(out, /﹣ uses the tool .*# needs traydrop-no-such-tool \(Debian package traydrop-no-such-package\)/);
  assert.doesNotMatch(out, /✖/);
});

test('what is there is no reason to skip', () => {
  assert.equal(skipUnless(command('sh')), false);
});

test('the skips summed up: per file and reason; only what cannot run here at all is not a failure', () => {
  const line = (file: string, name: string, reason: string) => JSON.stringify({ file, name, reason });
  const summary = summarizeSkips(
    [
      line('test/b.test.ts', 'x', 'needs Xvfb (Debian package xvfb)'),
      line('test/b.test.ts', 'y', 'needs Xvfb (Debian package xvfb)'),
      line('test/a.test.ts', 'e2e', `${CANNOT_RUN_HERE}no Electron binary`),
      '',
    ].join('\n'),
  );
  assert.equal(summary.total, 3);
  assert.equal(summary.failing, 2);
  assert.deepEqual(summary.lines, [
    "test/a.test.ts: 'e2e': cannot run on this machine: no Electron binary",
    "test/b.test.ts: 2 tests or suites ('x', 'y'): needs Xvfb (Debian package xvfb)",
  ]);
  assert.equal(
    summary.oneLine,
    'test/a.test.ts (cannot run on this machine: no Electron binary); test/b.test.ts (needs Xvfb (Debian package xvfb))',
  );
  assert.deepEqual(summarizeSkips(''), { lines: [], oneLine: '', failing: 0, total: 0 });
});

test('every Debian package the suites name is in scripts/system-packages.txt', async () => {
  const listed = (await readFile(path.join(root, 'scripts', 'system-packages.txt'), 'utf8'))
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
  const helpers = await Promise.all(
    ['portal.ts', 'renderer-page.ts', 'pulse.ts', 'sway.ts', 'xvfb.ts', 'keyring.ts'].map((name) =>
      readFile(path.join(root, 'test', 'helpers', name), 'utf8'),
    ),
  );
  // file(PATH, 'package') in the helpers, and the packages named after their command (sway, grim, pulseaudio…)
  const named = helpers.flatMap((source) => [...source.matchAll(/file\([^,]+, '([^']+)'\)/g)].map((m) => m[1]!));
  const commands = ['sway', 'swaybg', 'grim', 'slurp', 'wtype', 'foot', 'wf-recorder', 'pipewire', 'pulseaudio'];
  for (const pkg of [...KNOWN_PACKAGES, ...named, ...commands, 'unzip']) {
    assert.ok(listed.includes(pkg), `${pkg} is missing from scripts/system-packages.txt`);
  }
});

test('scripts/system-deps.sh --check: silent when all is there, else the missing packages and the command', async (t) => {
  const noDpkg = skipUnless(command('dpkg-query', 'dpkg'));
  if (noDpkg) return t.skip(noDpkg);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-system-deps-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const check = async (list: string) => {
    await writeFile(path.join(dir, 'list.txt'), list);
    const env = { ...process.env, TRAYDROP_SYSTEM_PACKAGES: path.join(dir, 'list.txt') };
    return spawnSync('bash', [path.join(root, 'scripts', 'system-deps.sh'), '--check'], { env, encoding: 'utf8' });
  };
  const ok = await check('# essential\nbash\ncoreutils # and a comment\n');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout + ok.stderr, '');
  const missing = await check('bash\ntraydrop-no-such-package\n');
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
  assert.match(
    missing.stderr,
    /^Missing Debian packages the tests need: traydrop-no-such-package\. Install them with: /,
  );
  assert.match(missing.stderr, /apt-get install -y --no-install-recommends traydrop-no-such-package/);
});

test('npm run test:unit needs neither root nor Ceph: node --test on test/unit, whose files use no RGW helper', async () => {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.match(
    pkg.scripts['test:unit']!,
    /^node --test "test\/unit\/\*\*\/\*\.test\.ts"$/,
    'not run-tests.ts (RGW, apt)',
  );
  const unitDir = path.join(root, 'test', 'unit');
  const rgwHelpers = /from '\.\.\/helpers\/(rgw|rgw-instance|server|gateway|direct-broker|durable)\.ts'/;
  for (const name of (await readdir(unitDir)).filter((n) => n.endsWith('.ts'))) {
    assert.doesNotMatch(await readFile(path.join(unitDir, name), 'utf8'), rgwHelpers, `test/unit/${name}`);
  }
});
