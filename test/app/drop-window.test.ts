/**
 * The drop window's position, through the app's glue against the fake `electron` on platform 'linux', where
 * Electron emits only 'move' (never 'moved'): saved once the moves stop (debounced), saved at once when the
 * window closes or the app quits, restored when it opens again, and ignored when it is off every display.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  DROP_WINDOW_SAVE_DELAY_MS,
  DROP_WINDOW_SIZE,
  DROP_WINDOW_STATE,
  dropWindowPosition,
} from '../../main/app/windows/drop-window.ts';
import { startFixture, type Fixture } from './app-fixture.ts';
import { FakeWindow } from './fake-electron.ts';

/** The fake's one display: 1920×1080 with a 1040 px high work area. The default spot is its bottom right. */
const DEFAULT = { x: 1920 - DROP_WINDOW_SIZE.width - 24, y: 1040 - DROP_WINDOW_SIZE.height - 24 };

function openDrop(fx: Fixture): FakeWindow {
  fx.app.windows.open('drop');
  const win = FakeWindow.all.at(-1)!;
  assert.match(win.loaded!.file, /\/drop\/index\.html$/);
  assert.equal(fx.app.windows.isOpen('drop'), true);
  return win;
}

const stateFile = (fx: Fixture) => path.join(fx.dir, DROP_WINDOW_STATE);
const savedPosition = async (fx: Fixture) => JSON.parse(await readFile(stateFile(fx), 'utf8')) as unknown;

/** Moves the fake window as a user dragging it would: one 'move' per step (all Linux gives). */
function drag(win: FakeWindow, ...steps: [number, number][]): void {
  for (const step of steps) {
    win.position = step;
    win.emit('move');
  }
}

test('the window is opened at its real size, frameless, at the bottom right when nothing was saved', async () => {
  const fx = await startFixture();
  try {
    const win = openDrop(fx);
    assert.equal(win.options.width, DROP_WINDOW_SIZE.width);
    assert.equal(win.options.height, DROP_WINDOW_SIZE.height);
    assert.equal(win.options.frame, false);
    assert.equal(win.options.resizable, false);
    assert.deepEqual({ x: win.options.x, y: win.options.y }, DEFAULT);
    // opened and closed without being moved: nothing to remember
    win.close();
    assert.equal(fx.app.windows.isOpen('drop'), false);
    assert.equal(existsSync(stateFile(fx)), false);
  } finally {
    await fx.close();
  }
});

test("linux: 'move' saves the position once the moves stop (debounced), and it is restored next time", async (t) => {
  const fx = await startFixture();
  try {
    const win = openDrop(fx);
    t.mock.timers.enable({ apis: ['setTimeout'] });
    drag(win, [600, 400], [500, 300]);
    t.mock.timers.tick(DROP_WINDOW_SAVE_DELAY_MS - 1);
    drag(win, [320, 210]); // still moving: the wait starts again
    t.mock.timers.tick(DROP_WINDOW_SAVE_DELAY_MS - 1);
    assert.equal(existsSync(stateFile(fx)), false, 'nothing written while it moves');
    t.mock.timers.tick(1);
    assert.deepEqual(await savedPosition(fx), { x: 320, y: 210 }, 'written once it stopped, where it stopped');
    t.mock.timers.reset();

    win.close();
    const again = openDrop(fx);
    assert.notEqual(again, win);
    assert.deepEqual({ x: again.options.x, y: again.options.y }, { x: 320, y: 210 });
  } finally {
    t.mock.timers.reset();
    await fx.close();
  }
});

test('closing right after a move saves at once: on close (window alive) and on closed (last position seen)', async (t) => {
  const fx = await startFixture();
  try {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    // 'close' comes first in Electron, while the window still has its position
    const first = openDrop(fx);
    drag(first, [100, 120]);
    first.emit('close', { preventDefault: () => undefined });
    assert.deepEqual(await savedPosition(fx), { x: 100, y: 120 }, "saved on 'close', before the debounce ran out");
    first.close();

    // the fake's close() emits only 'closed' (the window is destroyed by then): the last position seen is saved
    const second = openDrop(fx);
    assert.deepEqual({ x: second.options.x, y: second.options.y }, { x: 100, y: 120 });
    drag(second, [700, 500]);
    second.close();
    assert.deepEqual(await savedPosition(fx), { x: 700, y: 500 }, "saved on 'closed'");
    t.mock.timers.tick(DROP_WINDOW_SAVE_DELAY_MS * 2); // the debounce, cleared, writes nothing later
    assert.deepEqual(await savedPosition(fx), { x: 700, y: 500 });
    t.mock.timers.reset();

    // quitting the app closes it too
    const third = openDrop(fx);
    assert.deepEqual({ x: third.options.x, y: third.options.y }, { x: 700, y: 500 });
    drag(third, [40, 60]);
    await fx.app.shutdown();
    assert.deepEqual(await savedPosition(fx), { x: 40, y: 60 }, 'saved when the app quit');
  } finally {
    t.mock.timers.reset();
    await fx.close();
  }
});

test('a saved position off every display (or only partly on one, or not a position) is ignored', async () => {
  const fx = await startFixture();
  try {
    const cases: [string, string, { x: number; y: number }][] = [
      ['fully on the display', '{"x":100,"y":80}', { x: 100, y: 80 }],
      ['on a monitor since unplugged', '{"x":2500,"y":300}', DEFAULT],
      ['above the display', '{"x":100,"y":-400}', DEFAULT],
      ['partly off the right edge', `{"x":${1920 - DROP_WINDOW_SIZE.width + 10},"y":100}`, DEFAULT],
      [
        'partly under the panel (outside the work area)',
        `{"x":100,"y":${1040 - DROP_WINDOW_SIZE.height + 1}}`,
        DEFAULT,
      ],
      ['not numbers', '{"x":"100","y":80}', DEFAULT],
      ['not JSON', '{"x":100,', DEFAULT],
    ];
    for (const [what, json, expected] of cases) {
      await writeFile(stateFile(fx), json);
      const win = openDrop(fx);
      assert.deepEqual({ x: win.options.x, y: win.options.y }, expected, what);
      win.close();
    }
  } finally {
    await fx.close();
  }
});

test('dropWindowPosition: a spot on a second display is kept while that display is there', () => {
  const primary = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const right = { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } };
  const below = { workArea: { x: 0, y: 1080, width: 1920, height: 1080 } };
  assert.deepEqual(dropWindowPosition({ x: 2500, y: 300 }, [primary, right], primary), { x: 2500, y: 300 });
  assert.deepEqual(dropWindowPosition({ x: 2500, y: 300 }, [primary], primary), DEFAULT);
  assert.deepEqual(dropWindowPosition({ x: 100, y: 1500 }, [primary, below], primary), { x: 100, y: 1500 });
  // straddling two displays: on neither fully
  assert.deepEqual(dropWindowPosition({ x: 1900, y: 300 }, [primary, right], primary), DEFAULT);
  assert.deepEqual(dropWindowPosition(null, [primary, right], primary), DEFAULT);
  // the default goes on the primary display, wherever that is
  assert.deepEqual(dropWindowPosition(null, [primary, right], right), {
    x: 1920 + 1280 - DROP_WINDOW_SIZE.width - 24,
    y: 1024 - DROP_WINDOW_SIZE.height - 24,
  });
});
