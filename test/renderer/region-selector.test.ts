/**
 * The region selector overlay in Chromium: drawing a region with the mouse gives its rectangle in DIP
 * relative to the display; Esc gives null; clicking a window snaps to it; the keyboard alone can
 * select; the magnifier shows the screenshot's real pixels (2x HiDPI screenshot).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Rect, SelectorContext } from '../../common/ipc-contract.ts';
import { desktopPng } from '../helpers/renderer-fixtures.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type OpenPage,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';

const WIDTH = 960;
const HEIGHT = 600;
const WINDOWS: Rect[] = [
  { x: 520, y: 90, width: 360, height: 260 },
  { x: 90, y: 140, width: 520, height: 380 },
];

describe('region selector', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  let context: SelectorContext;

  before(async () => {
    harness = await startRendererHarness();
    const png = desktopPng(WIDTH, HEIGHT, 2, WINDOWS);
    context = {
      displayId: 'display-1',
      width: WIDTH,
      height: HEIGHT,
      scaleFactor: 2,
      screenshotUrl: `data:image/png;base64,${png.toString('base64')}`,
      windows: WINDOWS,
    };
  });
  after(() => harness?.close());

  /** Opens the overlay; resolves `selection` with what the page passed to finishSelection. */
  async function overlay(): Promise<{ open: OpenPage; selection: Promise<Rect | null> }> {
    let resolve!: (rect: Rect | null) => void;
    const selection = new Promise<Rect | null>((r) => (resolve = r));
    const open = await harness.open(
      'region-selector',
      {
        getSelectorContext: async () => context,
        finishSelection: async (rect) => resolve(rect),
      },
      { viewport: { width: WIDTH, height: HEIGHT } },
    );
    return { open, selection };
  }

  it('dragging with the mouse selects a region: its rect in DIP comes back; the size label follows', async () => {
    const { open, selection } = await overlay();
    const { page } = open;
    await page.mouse.move(100, 80);
    await page.mouse.down();
    await page.mouse.move(250, 200, { steps: 5 });
    await page.mouse.move(400, 300, { steps: 5 });
    assert.equal(await page.locator('#size').textContent(), '300 × 220  (600 × 440 px)');
    assert.equal(await page.locator('#magnifier').isVisible(), true);
    await saveScreenshot(page, 'region-selector');
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.mouse.up();
    assert.deepEqual(await selection, { x: 100, y: 80, width: 300, height: 220 });
    assert.equal(open.calls.filter(([m]) => m === 'finishSelection').length, 1);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('a drag up and to the left gives the same normalized rect; arrows nudge the corner while dragging', async () => {
    const { open, selection } = await overlay();
    const { page } = open;
    await page.mouse.move(400, 300);
    await page.mouse.down();
    await page.mouse.move(120, 90, { steps: 8 });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowUp');
    await page.mouse.up();
    assert.deepEqual(await selection, { x: 118, y: 80, width: 282, height: 220 });
    await open.close();
  });

  it('Esc cancels: finishSelection(null)', async () => {
    const { open, selection } = await overlay();
    await open.page.mouse.move(200, 200);
    await open.page.mouse.down();
    await open.page.mouse.move(300, 300, { steps: 3 });
    await open.page.keyboard.press('Escape');
    assert.equal(await selection, null);
    await open.page.mouse.up();
    assert.equal(open.calls.filter(([m]) => m === 'finishSelection').length, 1, 'only once');
    await open.close();
  });

  it('hovering a window highlights it; a click selects exactly that window (topmost wins)', async () => {
    const { open, selection } = await overlay();
    const { page } = open;
    await page.mouse.move(560, 200); // inside both: the topmost (first) one wins
    await page.waitForFunction(() => document.querySelector('#size')?.textContent?.startsWith('360 × 260'));
    await saveScreenshot(page, 'region-selector-window');
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.mouse.down();
    await page.mouse.up();
    assert.deepEqual(await selection, WINDOWS[0]);
    await open.close();
  });

  it('the keyboard alone: arrows move, Space anchors, arrows extend, Enter captures', async () => {
    const { open, selection } = await overlay();
    const { page } = open;
    await page.keyboard.press('ArrowRight'); // shows the crosshair at the centre (480, 300)
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Space');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    assert.match((await page.locator('#live').textContent()) ?? '', /Selection 50 by 11 at 450, 300/);
    await page.keyboard.press('Enter');
    assert.deepEqual(await selection, { x: 450, y: 300, width: 50, height: 11 });
    await open.close();
  });

  it('the magnifier shows the screenshot pixels under the pointer (2x: physical pixel colors)', async () => {
    const { open } = await overlay();
    const { page } = open;
    // the top-left body pixel of the second window is pure red in the screenshot
    await page.mouse.move(WINDOWS[1]!.x, WINDOWS[1]!.y + 28);
    await page.waitForFunction(() => document.querySelector('#loupe-info')?.textContent?.includes('#'));
    assert.equal(await page.locator('#loupe-info').textContent(), `${WINDOWS[1]!.x}, ${WINDOWS[1]!.y + 28}  #ff0000`);
    const centre = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('#loupe')!;
      return [...c.getContext('2d')!.getImageData(c.width / 2, c.height / 2, 1, 1).data].slice(0, 3);
    });
    assert.deepEqual(centre, [255, 0, 0]);
    await open.close();
  });
});
