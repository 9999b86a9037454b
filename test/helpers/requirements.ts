/**
 * What the suites need from the machine, checked in one place. The helpers (hasXvfb, hasSway, hasCommands,
 * hasPortal, hasKeyring, hasPulseaudio, CHROMIUM_MISSING) and a few tests ask `met(...)` or `skipUnless(...)`.
 * When something is missing, under `node --test`:
 *  - by default a test named "needs …" FAILS, saying what is missing and the command that installs it; the
 *    tests that need it skip, so the run fails once, loudly, instead of many times with ENOENT;
 *  - with TRAYDROP_ALLOW_SKIPS=1 nothing fails: those tests skip with the reason, and `npm test` ends with a
 *    line for each skip (scripts/skip-reporter.ts collects them, scripts/run-tests.ts prints them).
 * Outside the test runner (the benchmarks use hasXvfb) the checks are plain booleans.
 *
 * The Debian packages are listed in scripts/system-packages.txt: `npm test` installs them as root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { CANNOT_RUN_HERE } from '../../scripts/skip-reporter.ts';

/** One thing a suite needs, and the Debian package that brings it. */
export interface Need {
  what: string;
  debianPackage: string;
  present: boolean;
}

/** The command → Debian package names that differ from the command's own name. */
const PACKAGE_OF: Record<string, string> = {
  Xvfb: 'xvfb',
  swaymsg: 'sway',
  'dbus-daemon': 'dbus',
  'gnome-keyring-daemon': 'gnome-keyring',
  ffprobe: 'ffmpeg',
  gio: 'libglib2.0-bin',
  'desktop-file-validate': 'desktop-file-utils',
  xsetroot: 'x11-xserver-utils',
  xrandr: 'x11-xserver-utils',
  xwininfo: 'x11-utils',
  xmessage: 'x11-utils',
  import: 'imagemagick',
  convert: 'imagemagick',
  identify: 'imagemagick',
  display: 'imagemagick',
};

/** Every Debian package named here: a unit test checks that scripts/system-packages.txt lists them all. */
export const KNOWN_PACKAGES = [...new Set(Object.values(PACKAGE_OF))];

const onPath = (name: string): boolean => spawnSync('sh', ['-c', `command -v '${name}'`]).status === 0;

/** A command on PATH. */
export const command = (name: string, debianPackage = PACKAGE_OF[name] ?? name): Need => ({
  what: name,
  debianPackage,
  present: onPath(name),
});

/** A file a package installs (a daemon in /usr/libexec, Chromium at /usr/bin/chromium). */
export const file = (filePath: string, debianPackage: string): Need => ({
  what: filePath,
  debianPackage,
  present: existsSync(filePath),
});

export const allowSkips = (): boolean => process.env.TRAYDROP_ALLOW_SKIPS === '1';
const underTestRunner = (): boolean =>
  process.env.NODE_TEST_CONTEXT !== undefined || process.execArgv.some((arg) => arg.startsWith('--test'));

/** The reason a test skips: "needs Xvfb, grim (Debian packages xvfb grim)". */
function reasonFor(missing: Need[]): string {
  const packages = [...new Set(missing.map((need) => need.debianPackage))];
  return `needs ${missing.map((need) => need.what).join(', ')} (Debian package${packages.length > 1 ? 's' : ''} ${packages.join(' ')})`;
}

/** The command that installs them, as the failure shows it. */
export function installCommand(packages: string[]): string {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get install --no-install-recommends ${packages.join(' ')}`;
}

const reported = new Set<string>();

/**
 * True when every need is met. When not, under the test runner and without TRAYDROP_ALLOW_SKIPS=1, a failing
 * test says what is missing (once per process and set of needs); the caller then skips what needs it.
 */
export function met(...needs: Need[]): boolean {
  const missing = needs.filter((need) => !need.present);
  if (missing.length === 0) return true;
  const reason = reasonFor(missing);
  if (underTestRunner() && !allowSkips() && !reported.has(reason)) {
    reported.add(reason);
    const packages = [...new Set(missing.map((need) => need.debianPackage))];
    const error = new Error(
      `${reason}: install with \`${installCommand(packages)}\` (\`npm test\` as root installs every package of ` +
        'scripts/system-packages.txt), or set TRAYDROP_ALLOW_SKIPS=1 to skip the tests that need it',
    );
    error.stack = error.message; // what is missing, not where the check is
    test(reason, () => {
      throw error;
    });
  }
  return false;
}

/** For `{ skip }` and `t.skip()`: false when every need is met, else why not (see `met`). */
export function skipUnless(...needs: Need[]): false | string {
  return met(...needs) ? false : reasonFor(needs.filter((need) => !need.present));
}

/**
 * A skip reason for what cannot run on this kind of machine at all, switch or not (the Electron binary cannot be
 * downloaded here). `npm test` lists it at the end and does not fail for it; it never counts as passing.
 */
export const cannotRunHere = (why: string): string => `${CANNOT_RUN_HERE}${why}`;
