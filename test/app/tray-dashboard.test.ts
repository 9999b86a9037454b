/**
 * The tray's "Open dashboard…": the app asks the real server for a one-time sign-in link with its device token
 * (the core call `traydrop dashboard` makes) and hands it to the browser (shell.openExternal). Shown only when
 * paired. The Electron glue runs against the fake `electron`; the server is real.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDashboardServer } from '../helpers/dashboard.ts';
import { uniqueUserId } from '../helpers/server.ts';
import { startFixture } from './app-fixture.ts';

const menuItem = (fx: Awaited<ReturnType<typeof startFixture>>, id: string) =>
  fx.fake.menus.at(-1)!.template.find((i) => i.id === id);

test('Open dashboard… opens a fresh sign-in link in the browser; not shown before pairing', async () => {
  const unpaired = await startFixture({ paired: false });
  try {
    assert.equal(menuItem(unpaired, 'dashboard'), undefined);
  } finally {
    await unpaired.close();
  }
  const server = await startDashboardServer();
  const fx = await startFixture();
  try {
    const token = await server.createToken(uniqueUserId('tray'));
    const paired = (await fx.invoke('pair', [server.url, token], { url: fx.pageUrl('settings') })) as { ok: boolean };
    assert.equal(paired.ok, true);
    const item = menuItem(fx, 'dashboard');
    assert.equal(item?.label, 'Open dashboard…');
    (item!.click as unknown as () => void)();
    for (let i = 0; i < 200 && fx.fake.opened.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const [url] = fx.fake.opened;
    assert.match(url ?? '', new RegExp(`^${server.url}/dashboard/sign-in/[A-Za-z0-9_-]{43}$`));
    const page = await fetch(url!);
    assert.equal(page.status, 200, 'a live link: the browser shows the Sign in button');
  } finally {
    await fx.close();
    await server.close();
  }
});
