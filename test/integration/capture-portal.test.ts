/**
 * Screenshots through the XDG screenshot portal, for real: a headless Sway (scale 2) shows a four-colour
 * picture, and the real xdg-desktop-portal answers on a private session bus through xdg-desktop-portal-wlr
 * (grim, and `grim -g "$(slurp)"` for the picker). The client sees a session that is not wlroots (no SWAYSOCK,
 * no XDG_CURRENT_DESKTOP), as on GNOME or KDE, so Traydrop picks the portal: full screen, a region cropped from
 * it, the CLI uploading it, the picker cancelled with Esc, the permission store, a bounded wait, and the
 * errors when the session bus, the portal or its screenshot back-end is missing; and the D-Bus client on its
 * own against a bare dbus-daemon. Skipped without sway, xdg-desktop-portal and its -wlr and -gtk back-ends.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BusUnavailableError, connectSessionBus, type DBusError } from '../../main/dbus/bus-connection.ts';
import { decodePng, encodePng, type RgbaImage } from '../../main/capture/png.ts';
import { PORTAL_DESKTOP } from '../../main/capture/portal-backend.ts';
import { allowScreenshotsCommand, deniedAppIds, screenshotPermissions } from '../../main/capture/portal-permission.ts';
import {
  NO_PORTAL,
  NO_PORTAL_SCREENSHOT,
  NO_SESSION_BUS,
  portalScreenshot,
} from '../../main/capture/portal-screenshot.ts';
import { splitWholeDesktop } from '../../main/capture/desktop-split.ts';
import { captureArea, captureRegion, captureScreen, captureSelection } from '../../main/capture/screenshot.ts';
import { platformScreenshotBackend, screenshotBackendKind } from '../../main/capture/screenshot-platform.ts';
import { hasPortal, type PortalStack, type PrivateBus, startBus, startPortal } from '../helpers/portal.ts';
import { capturingProfile } from '../helpers/cli-profile.ts';
import { runCli } from '../helpers/run-cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { hasCommands, hasSway, startSway, type Sway } from '../helpers/sway.ts';

const skip = !hasSway()
  ? 'needs sway, swaybg and grim (apt install sway swaybg grim)'
  : !hasPortal()
    ? 'needs the portal stack (apt install dbus pipewire xdg-desktop-portal xdg-desktop-portal-wlr xdg-desktop-portal-gtk)'
    : false;
const pickerSkip = hasCommands('slurp', 'wtype') ? false : 'needs slurp and wtype';

const W = 1280; // physical pixels of the output; at scale 2 the layout is 640x360
const H = 720;
const RED = [220, 30, 40];
const GREEN = [30, 180, 60];
const BLUE = [40, 60, 220];
const WHITE = [250, 250, 250];
/** Where xdg-desktop-portal-wlr has grim write every screenshot. */
const WLR_PORTAL_FILE = '/tmp/out.png';

/** Four quadrants: red top left, green top right, blue bottom left, white bottom right. */
function quadrantsPicture(width = W, height = H): { dir: string; picture: string } {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const rgb = y < height / 2 ? (x < width / 2 ? RED : GREEN) : x < width / 2 ? BLUE : WHITE;
      data.set([...rgb, 255], (y * width + x) * 4);
    }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-portal-'));
  const picture = path.join(dir, 'quadrants.png');
  writeFileSync(picture, encodePng({ width, height, data } satisfies RgbaImage));
  return { dir, picture };
}

function pixel(png: Buffer, x: number, y: number): number[] {
  const image = decodePng(png);
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 3)];
}

/** The four colours in their quadrants of `png`, looked at `inset` pixels in from each corner. */
function assertQuadrants(png: Buffer, inset: number): void {
  const { width, height } = decodePng(png);
  assert.deepEqual(pixel(png, inset, inset), RED);
  assert.deepEqual(pixel(png, width - inset, inset), GREEN);
  assert.deepEqual(pixel(png, inset, height - inset), BLUE);
  assert.deepEqual(pixel(png, width - inset, height - inset), WHITE);
}

/** Press Esc in the session every 250 ms until `done()` (the picker took it), for at most 20 s. */
async function escapeUntil(sway: Sway, done: () => boolean): Promise<void> {
  for (let i = 0; i < 80 && !done(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    spawnSync('wtype', ['-k', 'Escape'], { env: sway.env });
  }
}

/**
 * The CLI's env as on GNOME: none of the variables that would make Traydrop pick grim, even if the test has
 * them, and a PATH with node alone: no grim or slurp to fall back on, so only the portal can take the picture.
 */
const asOnGnome = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...env,
  PATH: path.dirname(process.execPath),
  SWAYSOCK: undefined,
  HYPRLAND_INSTANCE_SIGNATURE: undefined,
  XDG_CURRENT_DESKTOP: undefined,
  XDG_SESSION_DESKTOP: undefined,
});

describe('screenshots through the real XDG portal (headless Sway at scale 2, private session bus)', { skip }, () => {
  let sway: Sway;
  let portal: PortalStack;
  let dir: string;
  before(async () => {
    const made = quadrantsPicture();
    dir = made.dir;
    sway = await startSway({ width: W, height: H, scale: 2, picture: made.picture });
    portal = await startPortal(sway);
  });
  after(async () => {
    await portal?.stop();
    await sway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a desktop that is not wlroots gets the portal: the whole desktop at its physical size, pixel for pixel, and the portal's file is deleted", async () => {
    assert.equal(screenshotBackendKind(portal.env, 'linux'), 'portal');
    const backend = platformScreenshotBackend(portal.env, 'linux');
    assert.deepEqual(await backend.listDisplays(), [PORTAL_DESKTOP]);
    const shots = await captureScreen({ folder: dir }, { backend, display: 'all' });
    assert.equal(shots.length, 1, 'one picture of the whole desktop');
    assert.deepEqual([shots[0]!.width, shots[0]!.height], [W, H]);
    assertQuadrants(await readFile(shots[0]!.path), 100);
    assert.equal(existsSync(WLR_PORTAL_FILE), false, `the portal wrote ${WLR_PORTAL_FILE}; it is gone`);
  });

  it("a region is cropped from the portal's picture: captureRegion, and captureArea (the CLI's --geometry)", async () => {
    const backend = platformScreenshotBackend(portal.env, 'linux');
    const region = await captureRegion(
      { folder: dir },
      { rect: { x: W - 200, y: 0, width: 200, height: 100 }, backend },
    );
    assert.deepEqual([region.width, region.height], [200, 100]);
    assert.deepEqual(pixel(await readFile(region.path), 100, 50), GREEN);
    // on a portal desktop a --geometry is in pixels of the portal's picture: 80x80 across the centre
    const area = await captureArea(
      { folder: dir },
      { rect: { x: W / 2 - 40, y: H / 2 - 40, width: 80, height: 80 }, env: portal.env, platform: 'linux' },
    );
    assert.deepEqual([area.width, area.height], [80, 80]);
    assertQuadrants(await readFile(area.path), 10);
  });

  it('the permission store: a "no" for unsandboxed apps is found, and the command the message gives allows them again', async () => {
    const bus = await connectSessionBus(portal.env);
    try {
      assert.deepEqual(deniedAppIds(await screenshotPermissions(bus)), [], 'nothing denied at first');
      // what the portal stores when "Allow Applications to Take Screenshots?" is answered Deny
      await bus.call({
        destination: 'org.freedesktop.impl.portal.PermissionStore',
        path: '/org/freedesktop/impl/portal/PermissionStore',
        interface: 'org.freedesktop.impl.portal.PermissionStore',
        member: 'SetPermission',
        signature: 'sbssas',
        body: ['screenshot', true, 'screenshot', '', ['no']],
      });
      assert.deepEqual(deniedAppIds(await screenshotPermissions(bus)), ['']);
      const [command, ...args] = allowScreenshotsCommand('');
      const run = spawnSync(command!, args, { env: portal.env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const table = await screenshotPermissions(bus);
      assert.deepEqual(table?.get(''), ['yes']);
      assert.deepEqual(deniedAppIds(table), []);
    } finally {
      bus.close();
    }
  });

  describe('the CLI on this desktop', () => {
    let server: TestServer;
    let configDir: string;
    before(async () => {
      server = await startTestServer();
      configDir = await capturingProfile(server, dir, 'portal');
    });
    after(() => server?.close());

    it("`capture screen --no-app` uploads the portal's picture of the desktop; the link serves it", async () => {
      const run = await runCli(['capture', 'screen', '--no-copy', '--no-app'], {
        configDir,
        env: asOnGnome({ ...portal.env, HOME: dir }),
      });
      assert.equal(run.code, 0, run.stderr);
      const url = run.stdout.trim().replace(server.config.shareBaseUrl, server.url);
      const png = Buffer.from(await (await fetch(`${url}/raw`)).arrayBuffer());
      const image = decodePng(png);
      assert.deepEqual([image.width, image.height], [W, H]);
      assertQuadrants(png, 100);
    });

    it(
      "`capture region` without --geometry opens the desktop's picker; Esc in it ends as a cancelled slurp does",
      { skip: pickerSkip },
      async () => {
        let finished = false;
        const run = runCli(['capture', 'region', '--no-copy', '--no-app'], {
          configDir,
          env: asOnGnome({ ...portal.env, HOME: dir }),
        });
        void run.then(() => (finished = true));
        await escapeUntil(sway, () => finished); // the portal's slurp takes Esc once it is up
        const result = await run;
        assert.equal(finished, true, "the portal's slurp showed and took Esc");
        assert.equal(result.code, 1, result.stderr);
        // xdg-desktop-portal-wlr turns a cancelled slurp into response 2 (GNOME and KDE send 1, "cancelled")
        assert.match(
          result.stderr,
          /traydrop: no region picked \(the desktop's screenshot picker ended without a picture \(portal response 2: closed, or it failed\)\)/,
        );
        assert.doesNotMatch(result.stderr, /Saved/);
      },
    );
  });

  it(
    'the picker waits a bounded time: with nothing picked it gives up, closes the request, and says so',
    { skip: pickerSkip },
    async () => {
      const started = Date.now();
      await assert.rejects(
        portalScreenshot({ interactive: true, env: portal.env, timeoutMs: 2000 }),
        /nothing was picked in the desktop's screenshot UI in 2 s/,
      );
      assert.ok(Date.now() - started < 5000);
      // the portal's slurp is still up (xdg-desktop-portal-wlr waits for it): Esc ends it, and the portal
      // serves the next screenshot
      let free = false;
      await escapeUntil(sway, () => (free = spawnSync('pgrep', ['-x', 'slurp']).status !== 0));
      assert.equal(free, true, "the portal's slurp took Esc");
      const png = await portalScreenshot({ interactive: false, env: portal.env });
      assert.deepEqual([decodePng(png).width, decodePng(png).height], [W, H]);
    },
  );
});

describe('two monitors through the portal: its one picture of the desktop cut per display', { skip }, () => {
  let sway: Sway;
  let portal: PortalStack;
  let dir: string;
  const YELLOW = [240, 220, 20];
  before(async () => {
    const made = quadrantsPicture();
    dir = made.dir;
    const yellow = path.join(dir, 'yellow.png');
    const data = Buffer.alloc(W * H * 4);
    for (let i = 0; i < data.length; i += 4) data.set([...YELLOW, 255], i);
    writeFileSync(yellow, encodePng({ width: W, height: H, data }));
    // both at scale 1, side by side: the layout is 2560x720 and so is the portal's picture
    sway = await startSway({
      width: W,
      height: H,
      scale: 1,
      picture: made.picture,
      second: { scale: 1, x: W, picture: yellow },
    });
    portal = await startPortal(sway);
  });
  after(async () => {
    await portal?.stop();
    await sway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each display the app knows gets its own part, and a selection on the second display comes from it', async () => {
    // the displays as Electron reports them for this layout
    const displays = [
      { id: 1, bounds: { x: 0, y: 0, width: W, height: H }, scaleFactor: 1 },
      { id: 2, bounds: { x: W, y: 0, width: W, height: H }, scaleFactor: 1 },
    ];
    const split = splitWholeDesktop(platformScreenshotBackend(asOnGnome(portal.env), 'linux'), displays);
    assert.deepEqual(
      (await split.listDisplays()).map((d) => d.id),
      ['desktop:1', 'desktop:2'],
    );
    const first = await split.captureDisplay('desktop:1');
    assert.deepEqual([decodePng(first).width, decodePng(first).height], [W, H]);
    assertQuadrants(first, 100);
    const second = await split.captureDisplay('desktop:2');
    assert.deepEqual([decodePng(second).width, decodePng(second).height], [W, H]);
    for (const [x, y] of [
      [5, 5],
      [W - 5, H - 5],
      [W / 2, H / 2],
    ] as const)
      assert.deepEqual(pixel(second, x, y), YELLOW);
    // the region selector's crop of a selection on display 2 (global DIP), from the frozen part
    const region = await captureSelection(
      { folder: dir },
      { selection: { x: W + 100, y: 100, width: 200, height: 100 }, displays, backend: split },
    );
    const png = await readFile(region.path);
    assert.deepEqual([region.width, region.height], [200, 100]);
    assert.deepEqual(pixel(png, 100, 50), YELLOW);
  });
});

describe(
  'the D-Bus client against a real dbus-daemon',
  { skip: hasCommands('dbus-daemon') ? false : 'needs dbus-daemon' },
  () => {
    let bus: PrivateBus;
    before(async () => {
      bus = await startBus();
    });
    after(() => bus?.stop());

    it('authenticates, gets a unique name, calls, gets error replies, receives signals it matched, answers calls to it', async () => {
      const env = { DBUS_SESSION_BUS_ADDRESS: bus.address };
      const a = await connectSessionBus(env);
      const b = await connectSessionBus(env);
      try {
        assert.match(a.uniqueName, /^:1\.\d+$/);
        assert.notEqual(a.uniqueName, b.uniqueName);
        const DBUS = {
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
        };
        const names = await a.call({ ...DBUS, member: 'ListNames' });
        assert.equal(names.signature, 'as');
        assert.ok((names.body![0] as string[]).includes(b.uniqueName));
        await assert.rejects(
          a.call({ ...DBUS, member: 'GetNameOwner', signature: 's', body: ['org.example.Nobody'] }),
          (error: DBusError) => error.errorName === 'org.freedesktop.DBus.Error.NameHasNoOwner',
        );
        // b owns a name: a hears NameOwnerChanged, which it asked for
        await a.addMatch(
          "type='signal',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.example.Traydrop'",
        );
        const heard = new Promise<unknown[]>((resolve) => a.onSignal((signal) => resolve(signal.body!)));
        await b.call({ ...DBUS, member: 'RequestName', signature: 'su', body: ['org.example.Traydrop', 0] });
        assert.deepEqual(await heard, ['org.example.Traydrop', '', b.uniqueName]);
        // a method call to a client is answered, with an error: nothing is served here
        await assert.rejects(
          a.call({ destination: 'org.example.Traydrop', path: '/', interface: 'org.example.X', member: 'Y' }),
          (error: DBusError) => error.errorName === 'org.freedesktop.DBus.Error.UnknownMethod',
        );
      } finally {
        a.close();
        b.close();
      }
      await assert.rejects(
        a.call({ destination: 'org.freedesktop.DBus', path: '/', interface: 'x.y', member: 'Z' }),
        BusUnavailableError,
      );
    });
  },
);

describe('no screenshot portal: errors that say what to do', () => {
  it(
    'a session bus without the portal (a bare dbus-daemon): install xdg-desktop-portal and its back-end',
    { skip: hasCommands('dbus-daemon') ? false : 'needs dbus-daemon' },
    async () => {
      const bus = await startBus();
      try {
        const env = {
          XDG_SESSION_TYPE: 'wayland',
          WAYLAND_DISPLAY: 'wayland-0',
          DBUS_SESSION_BUS_ADDRESS: bus.address,
        };
        const backend = platformScreenshotBackend(env, 'linux');
        await assert.rejects(backend.captureDisplay(), (error: Error) => {
          assert.ok(error.message.startsWith(NO_PORTAL), error.message);
          assert.match(error.message, /xdg-desktop-portal-gnome on GNOME, xdg-desktop-portal-kde on KDE Plasma/);
          return true;
        });
      } finally {
        await bus.stop();
      }
    },
  );

  it('no session bus at all: says so', async () => {
    const runtime = mkdtempSync(path.join(os.tmpdir(), 'traydrop-nobus-'));
    const env = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0', XDG_RUNTIME_DIR: runtime };
    try {
      await assert.rejects(portalScreenshot({ interactive: false, env }), (error: Error) => {
        assert.ok(error.message.startsWith(NO_SESSION_BUS), error.message);
        return true;
      });
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  describe('a portal that offers no screenshots (xdg-desktop-portal 1.16 without an Access back-end)', { skip }, () => {
    let sway: Sway;
    let portal: PortalStack;
    let dir: string;
    before(async () => {
      const made = quadrantsPicture(320, 180);
      dir = made.dir;
      sway = await startSway({ width: 320, height: 180, picture: made.picture });
      portal = await startPortal(sway, { access: false });
    });
    after(async () => {
      await portal?.stop();
      await sway?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("says to install the desktop's portal back-end", async () => {
      await assert.rejects(portalScreenshot({ interactive: false, env: portal.env }), (error: Error) => {
        assert.ok(error.message.startsWith(NO_PORTAL_SCREENSHOT), error.message);
        return true;
      });
    });
  });
});
