/**
 * "Launch at login" on Linux: the freedesktop autostart entry main/desktop/linux-autostart.ts writes into a
 * temporary XDG_CONFIG_HOME. The Exec line is checked three ways: exact text, a parser of the Desktop Entry
 * spec's rules written here, and, where installed, GLib itself (`gio launch` runs the entry and the started
 * script prints the argv it got) and desktop-file-validate.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  autostartDir,
  autostartEntry,
  execLine,
  isOurs,
  quoteExecArg,
  setLinuxAutostart,
  type AutostartOptions,
} from '../../main/desktop/linux-autostart.ts';
import { relaunchCommand } from '../../main/desktop/relaunch-command.ts';
import { command, skipUnless } from '../helpers/requirements.ts';

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

async function tempRoot(t: TestContext): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-autostart-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  return root;
}

/** The entry's keys (group [Desktop Entry]) as written. */
function keys(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9-]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The spec's rules, independently: string escapes first, then quoted arguments, then %% → %. */
function parseExec(value: string): string[] {
  const unescaped = value.replace(/\\([sntr\\])/g, (_m, c: string) =>
    c === 's' ? ' ' : c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : '\\',
  );
  const args: string[] = [];
  let i = 0;
  while (i < unescaped.length) {
    if (unescaped[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    if (unescaped[i] === '"') {
      i++;
      while (unescaped[i] !== '"') {
        assert.ok(i < unescaped.length, `unterminated quote in ${value}`);
        if (unescaped[i] === '\\' && '"`$\\'.includes(unescaped[i + 1]!)) i++;
        arg += unescaped[i++];
      }
      i++;
    } else {
      while (i < unescaped.length && unescaped[i] !== ' ') {
        assert.doesNotMatch(unescaped[i]!, /["'\\><~|&;$*?#()`]/, `reserved character unquoted in ${value}`);
        arg += unescaped[i++];
      }
    }
    assert.doesNotMatch(arg.replaceAll('%%', ''), /%/, `a field code in ${value}`);
    args.push(arg.replaceAll('%%', '%'));
  }
  return args;
}

function validate(t: TestContext, file: string): void {
  if (!has('desktop-file-validate')) {
    t.diagnostic('skipped desktop-file-validate: not installed (Debian package desktop-file-utils)');
    return;
  }
  const r = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `desktop-file-validate ${file}:\n${r.stdout}${r.stderr}`);
  // it exits 0 on hints too; there must be none
  assert.equal(`${r.stdout}${r.stderr}`.trim(), '', `desktop-file-validate ${file} says:\n${r.stdout}${r.stderr}`);
}

const options = (root: string, launchCommand: string[], env: NodeJS.ProcessEnv = {}): AutostartOptions => ({
  env: { XDG_CONFIG_HOME: path.join(root, 'xdg'), ...env },
  home: path.join(root, 'home'),
  launchCommand,
});

test('the folder: an absolute XDG_CONFIG_HOME, else ~/.config (a relative one is ignored, as the spec says)', () => {
  assert.equal(autostartDir({ XDG_CONFIG_HOME: '/x/conf' }, '/home/u'), '/x/conf/autostart');
  assert.equal(autostartDir({}, '/home/u'), '/home/u/.config/autostart');
  assert.equal(autostartDir({ XDG_CONFIG_HOME: 'conf' }, '/home/u'), '/home/u/.config/autostart');
  assert.equal(autostartDir({ XDG_CONFIG_HOME: '' }, '/home/u'), '/home/u/.config/autostart');
});

test('the command: the launch command as given, but the AppImage file instead of its temporary mount', () => {
  assert.deepEqual(relaunchCommand(['/opt/Traydrop/traydrop'], {}), ['/opt/Traydrop/traydrop']);
  assert.deepEqual(relaunchCommand(['/usr/lib/electron/electron', '/src/traydrop/dist/app/main.js'], {}), [
    '/usr/lib/electron/electron',
    '/src/traydrop/dist/app/main.js',
  ]);
  const appImage = { APPIMAGE: '/home/u/Apps/Traydrop-0.1.0.AppImage', APPDIR: '/tmp/.mount_TraydrAbC123' };
  assert.deepEqual(relaunchCommand(['/tmp/.mount_TraydrAbC123/traydrop'], appImage), [appImage.APPIMAGE]);
  // the runtime always sets APPDIR, but APPIMAGE alone is enough
  assert.deepEqual(relaunchCommand(['/tmp/.mount_X/traydrop'], { APPIMAGE: appImage.APPIMAGE }), [appImage.APPIMAGE]);
  // a process that only inherited the variables (started from inside an AppImage) keeps its own executable
  assert.deepEqual(relaunchCommand(['/opt/Traydrop/traydrop'], appImage), ['/opt/Traydrop/traydrop']);
  assert.deepEqual(relaunchCommand(['/tmp/.mount_TraydrAbC1234/traydrop'], appImage), [
    '/tmp/.mount_TraydrAbC1234/traydrop',
  ]);
  assert.deepEqual(relaunchCommand(['/tmp/.mount_X/traydrop'], { APPIMAGE: 'Traydrop.AppImage' }), [
    '/tmp/.mount_X/traydrop',
  ]);
  assert.throws(() => relaunchCommand([], {}), /no command/);
});

test('Exec quoting per the Desktop Entry spec (exact text)', () => {
  assert.equal(quoteExecArg('/opt/Traydrop/traydrop'), '/opt/Traydrop/traydrop');
  assert.equal(quoteExecArg('/home/u/My Apps/Traydrop.AppImage'), '"/home/u/My Apps/Traydrop.AppImage"');
  assert.equal(quoteExecArg('/a/$HOME/`x`/"q"/b\\c'), '"/a/\\$HOME/\\`x\\`/\\"q\\"/b\\\\c"');
  assert.equal(quoteExecArg("/it's/~/a;b"), '"/it\'s/~/a;b"');
  assert.equal(quoteExecArg('/100%/x'), '/100%%/x');
  assert.equal(quoteExecArg('/100% sure/x'), '"/100%% sure/x"');
  assert.equal(quoteExecArg(''), '""');
  assert.throws(() => quoteExecArg('/a\nb'), /control character/);
  // the string escape comes on top: a literal backslash in a quoted argument is four of them, a $ is \\$
  assert.equal(execLine(['/a b/c\\d', '$x']), '"/a b/c\\\\\\\\d" "\\\\$x"');
  assert.equal(execLine(['/opt/Traydrop/traydrop']), '/opt/Traydrop/traydrop');
});

test('Exec round trip: awkward paths come back as the same argv under the spec rules', () => {
  const awkward = [
    ['/home/u/My Apps/Traydrop.AppImage'],
    ['/home/zoë/Apps/Traydrop.AppImage'],
    ['/usr/lib/electron 45/electron', '/home/u/src/tray drop (copy)/dist/app/main.js'],
    ['/a/"quoted"/$HOME/`cmd`/back\\slash/100%/it\'s/a&b|c;d<e>f*g?h#i~j/x'],
    ['/x', ''],
  ];
  for (const command of awkward) assert.deepEqual(parseExec(execLine(command)), command);
});

test('on: the entry, written atomically, with the exact Exec for packaged, development and AppImage', async (t) => {
  const root = await tempRoot(t);
  const cases: { launch: string[]; env?: NodeJS.ProcessEnv; exec: string; tryExec: string }[] = [
    { launch: ['/opt/Traydrop/traydrop'], exec: '/opt/Traydrop/traydrop', tryExec: '/opt/Traydrop/traydrop' },
    {
      launch: ['/home/u/src/traydrop/node_modules/electron/dist/electron', '/home/u/src/traydrop/dist/app/main.js'],
      exec: '/home/u/src/traydrop/node_modules/electron/dist/electron /home/u/src/traydrop/dist/app/main.js',
      tryExec: '/home/u/src/traydrop/node_modules/electron/dist/electron',
    },
    {
      launch: ['/tmp/.mount_TraydrQx9/traydrop'],
      env: { APPIMAGE: '/home/u/My Apps/Traydrop 0.1.0.AppImage', APPDIR: '/tmp/.mount_TraydrQx9' },
      exec: '"/home/u/My Apps/Traydrop 0.1.0.AppImage"',
      tryExec: '/home/u/My Apps/Traydrop 0.1.0.AppImage',
    },
    {
      launch: ['/tmp/.mount_T/traydrop'],
      env: { APPIMAGE: '/home/u/$weird\\dir/Traydrop.AppImage', APPDIR: '/tmp/.mount_T' },
      exec: '"/home/u/\\\\$weird\\\\\\\\dir/Traydrop.AppImage"',
      tryExec: '/home/u/$weird\\\\dir/Traydrop.AppImage',
    },
  ];
  const file = path.join(root, 'xdg', 'autostart', 'traydrop.desktop');
  for (const c of cases) {
    await rm(path.join(root, 'xdg'), { recursive: true, force: true });
    assert.equal(setLinuxAutostart(true, options(root, c.launch, c.env)), 'written');
    const text = await readFile(file, 'utf8');
    const k = keys(text);
    assert.equal(k.Exec, c.exec);
    assert.equal(k.TryExec, c.tryExec);
    assert.deepEqual(parseExec(k.Exec!), relaunchCommand(c.launch, c.env ?? {}));
    assert.equal(k.Type, 'Application');
    assert.equal(k.Name, 'Traydrop');
    assert.ok(k.Comment);
    assert.equal(k.Terminal, 'false');
    assert.equal(k['X-GNOME-Autostart-enabled'], 'true');
    assert.equal(k['X-Traydrop-Autostart'], 'true');
    assert.equal(k.Icon, 'traydrop');
    assert.match(text, /^# Written by Traydrop.*\n\[Desktop Entry\]\n/);
    assert.ok(isOurs(text));
    const mode = (await stat(file)).mode & 0o777;
    assert.equal(mode & 0o600, 0o600, 'the user reads and writes it');
    assert.equal(mode & 0o133, 0, 'nobody else writes it, nobody executes it (0644 under the umask)');
    assert.deepEqual(await readdir(path.dirname(file)), ['traydrop.desktop'], 'no temporary file is left');
    validate(t, file);
  }
  // the whole file, once
  await rm(path.join(root, 'xdg'), { recursive: true, force: true });
  setLinuxAutostart(true, options(root, ['/opt/Traydrop/traydrop']));
  assert.equal(
    await readFile(file, 'utf8'),
    [
      '# Written by Traydrop for Settings → "Launch at login"; removed when that is turned off.',
      '[Desktop Entry]',
      'Type=Application',
      'Version=1.0',
      'Name=Traydrop',
      'Comment=Drop, capture or record, get a short-lived link on your own domain',
      'Exec=/opt/Traydrop/traydrop',
      'TryExec=/opt/Traydrop/traydrop',
      'Icon=traydrop',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      'X-Traydrop-Autostart=true',
      '',
    ].join('\n'),
  );
});

test('on again: unchanged, or rewritten when the app moved; off: removed; off again: nothing to do', async (t) => {
  const root = await tempRoot(t);
  const file = path.join(root, 'xdg', 'autostart', 'traydrop.desktop');
  assert.equal(setLinuxAutostart(false, options(root, ['/opt/Traydrop/traydrop'])), 'absent');
  await assert.rejects(stat(path.join(root, 'xdg')), { code: 'ENOENT' }, 'off makes no folders');
  assert.equal(setLinuxAutostart(true, options(root, ['/opt/Traydrop/traydrop'])), 'written');
  assert.equal(setLinuxAutostart(true, options(root, ['/opt/Traydrop/traydrop'])), 'unchanged');
  assert.equal(setLinuxAutostart(true, options(root, ['/usr/bin/traydrop'])), 'written');
  assert.equal(keys(await readFile(file, 'utf8')).Exec, '/usr/bin/traydrop');
  assert.equal(setLinuxAutostart(false, options(root, ['/usr/bin/traydrop'])), 'removed');
  await assert.rejects(stat(file), { code: 'ENOENT' });
  assert.equal(setLinuxAutostart(false, options(root, ['/usr/bin/traydrop'])), 'absent');
});

test('without XDG_CONFIG_HOME the entry goes to <home>/.config/autostart (the home it is given)', async (t) => {
  const root = await tempRoot(t);
  const given = { env: {}, home: path.join(root, 'home'), launchCommand: ['/opt/Traydrop/traydrop'] };
  assert.equal(setLinuxAutostart(true, given), 'written');
  const file = path.join(root, 'home', '.config', 'autostart', 'traydrop.desktop');
  assert.ok(isOurs(await readFile(file, 'utf8')));
  // XDG Base Directory spec: folders it makes are 0700
  assert.equal((await stat(path.join(root, 'home', '.config'))).mode & 0o777, 0o700);
  assert.equal(setLinuxAutostart(false, given), 'removed');
  await assert.rejects(stat(file), { code: 'ENOENT' });
});

test("the user's own traydrop.desktop (no marker) is neither overwritten nor removed", async (t) => {
  const root = await tempRoot(t);
  const file = path.join(root, 'xdg', 'autostart', 'traydrop.desktop');
  await mkdir(path.dirname(file), { recursive: true });
  // what GNOME Tweaks' "Startup Applications" copies there from /usr/share/applications
  const theirs = '[Desktop Entry]\nName=Traydrop\nExec=/opt/Traydrop/traydrop %U\nType=Application\nHidden=true\n';
  await writeFile(file, theirs);
  assert.equal(setLinuxAutostart(true, options(root, ['/opt/Traydrop/traydrop'])), 'foreign');
  assert.equal(await readFile(file, 'utf8'), theirs);
  assert.equal(setLinuxAutostart(false, options(root, ['/opt/Traydrop/traydrop'])), 'foreign');
  assert.equal(await readFile(file, 'utf8'), theirs);
  // the marker counts only as a key of [Desktop Entry]
  assert.equal(isOurs('[Other]\nX-Traydrop-Autostart=true\n'), false);
  assert.equal(isOurs('# X-Traydrop-Autostart=true\n[Desktop Entry]\n'), false);
  assert.equal(isOurs('[Desktop Entry]\nX-Traydrop-Autostart = true\r\n'), true);
  assert.equal(isOurs('[Desktop Entry]\nX-Traydrop-Autostart=false\n'), false);
});

test('failures throw with the path: the folder cannot be made, the entry is a folder', async (t) => {
  const root = await tempRoot(t);
  await writeFile(path.join(root, 'xdg'), 'a file where the config folder should be');
  assert.throws(
    () => setLinuxAutostart(true, options(root, ['/opt/Traydrop/traydrop'])),
    (error: Error) => error.message.startsWith(path.join(root, 'xdg', 'autostart', 'traydrop.desktop') + ': '),
  );
  await rm(path.join(root, 'xdg'));
  await mkdir(path.join(root, 'xdg', 'autostart', 'traydrop.desktop'), { recursive: true });
  assert.throws(() => setLinuxAutostart(false, options(root, ['/opt/Traydrop/traydrop'])), /EISDIR/);
  assert.throws(() => autostartEntry([]), /no command/);
});

test('GLib runs the entry with the argv it was given (gio launch)', async (t) => {
  const noGio = skipUnless(command('gio'));
  if (noGio) {
    t.skip(noGio);
    return;
  }
  const root = await tempRoot(t);
  // a "Traydrop" in an awkward folder that prints the argv it was started with
  const dir = path.join(root, 'My Apps', '$dollar `tick` "quote" back\\slash (paren) it\'s');
  await mkdir(dir, { recursive: true });
  const exe = path.join(dir, 'Traydrop.AppImage');
  const out = path.join(root, 'argv.txt');
  await writeFile(exe, `#!/bin/sh\nfor a in "$0" "$@"; do printf '%s\\n' "$a"; done > '${out}'\n`);
  await chmod(exe, 0o755);
  const appArg = '/home/u/src/tray drop 100%/dist/app/main.js';
  assert.equal(setLinuxAutostart(true, options(root, [exe, appArg])), 'written');
  const file = path.join(root, 'xdg', 'autostart', 'traydrop.desktop');
  validate(t, file);
  const r = spawnSync('gio', ['launch', file], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `gio launch: ${r.stderr}`);
  let argv = '';
  for (let i = 0; i < 100 && !argv.endsWith('\n'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    argv = await readFile(out, 'utf8').catch(() => '');
  }
  assert.deepEqual(argv.split('\n').slice(0, -1), [exe, appArg]);
});
