/**
 * Does the desktop show tray icons? Asked of a real dbus-daemon (a private bus): whether anyone owns the
 * StatusNotifierWatcher name, and what its absence means for the session (Wayland or GNOME: nothing shows the
 * icon; an X11 panel may still, through XEmbed).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type BusConnection, connectSessionBus } from '../../main/dbus/bus-connection.ts';
import { linuxTrayHost, noTrayAdvice, STATUS_NOTIFIER_WATCHER } from '../../main/desktop/tray-host.ts';
import { type PrivateBus, startBus } from '../helpers/private-bus.ts';
import { hasCommands } from '../helpers/sway.ts';

/** The bus daemon's answer to RequestName or ReleaseName for the StatusNotifierWatcher's name. */
async function watcherName(panel: BusConnection, member: 'RequestName' | 'ReleaseName'): Promise<unknown> {
  const reply = await panel.call({
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member,
    signature: member === 'RequestName' ? 'su' : 's',
    body: member === 'RequestName' ? [STATUS_NOTIFIER_WATCHER, 0] : [STATUS_NOTIFIER_WATCHER],
  });
  return reply.body?.[0];
}

/** What a panel with a tray does on the bus: own the StatusNotifierWatcher's name (RequestName reply 1: owner). */
async function ownWatcherName(panel: BusConnection): Promise<void> {
  assert.equal(await watcherName(panel, 'RequestName'), 1, 'we own the name');
}

/** The panel going away, as the bus sees it at once (closing the socket releases the name only when the bus notices). */
async function releaseWatcherName(panel: BusConnection): Promise<void> {
  assert.equal(await watcherName(panel, 'ReleaseName'), 1, 'the name is released');
}

const skip = hasCommands('dbus-daemon') ? false : 'needs dbus-daemon (apt: dbus)';

describe('the tray host on a real session bus', { skip }, () => {
  let bus: PrivateBus;
  before(async () => {
    bus = await startBus();
  });
  after(() => bus?.stop());

  test('no watcher: missing on GNOME and on Wayland, unknown on another X11 desktop; no bus: unknown', async () => {
    const on = (env: NodeJS.ProcessEnv) =>
      linuxTrayHost({ DBUS_SESSION_BUS_ADDRESS: bus.address, ...env }, { waitMs: 0 });
    assert.equal(await on({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', DISPLAY: ':0' }), 'missing');
    assert.equal(await on({ XDG_SESSION_TYPE: 'wayland', XDG_CURRENT_DESKTOP: 'sway' }), 'missing');
    assert.equal(await on({ XDG_CURRENT_DESKTOP: 'i3', DISPLAY: ':0' }), 'unknown');
    assert.equal(await linuxTrayHost({ XDG_CURRENT_DESKTOP: 'GNOME' }), 'unknown', 'no session bus to ask');
  });

  test('a StatusNotifierWatcher on the bus (a panel with a tray): present, on any desktop', async () => {
    const panel: BusConnection = await connectSessionBus({ DBUS_SESSION_BUS_ADDRESS: bus.address });
    try {
      await ownWatcherName(panel);
      const env = { DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_CURRENT_DESKTOP: 'GNOME', WAYLAND_DISPLAY: 'w' };
      assert.equal(await linuxTrayHost(env), 'present');
    } finally {
      panel.close();
    }
  });

  test('at login the panel may come up after the app: a watcher that appears within the wait counts', async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: bus.address, XDG_CURRENT_DESKTOP: 'GNOME' };
    const asked = linuxTrayHost(env, { waitMs: 5000, everyMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const panel = await connectSessionBus({ DBUS_SESSION_BUS_ADDRESS: bus.address });
    try {
      await ownWatcherName(panel);
      assert.equal(await asked, 'present');
      await releaseWatcherName(panel);
    } finally {
      panel.close();
    }
    const started = Date.now();
    assert.equal(await linuxTrayHost(env, { waitMs: 600, everyMs: 100 }), 'missing', 'gone again: missing');
    assert.ok(Date.now() - started >= 500, 'it waited for the panel before saying so');
  });

  test('the advice names the fix for the desktop', () => {
    assert.match(noTrayAdvice({ XDG_CURRENT_DESKTOP: 'GNOME' }), /gnome-shell-extension-appindicator/);
    assert.match(noTrayAdvice({ XDG_CURRENT_DESKTOP: 'sway' }), /waybar's "tray" module/);
  });
});
