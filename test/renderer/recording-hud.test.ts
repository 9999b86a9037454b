/** The recording HUD in Chromium: elapsed time from getRecordingState, Stop calls stopRecording once. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { after, before, describe, it } from 'node:test';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { RECORDING_HUD_SIZE } from '../../main/app/windows/app-windows.ts';

/** The HUD window's real size (main/app opens it frameless, always on top, at RECORDING_HUD_SIZE). */
const HUD = { ...RECORDING_HUD_SIZE };

/** At the window's real size: every part inside it, in one row, none overlapping the next, no text cut off. */
async function assertLaidOut(page: Page): Promise<void> {
  const boxes = await page.evaluate(() =>
    ['#dot', '#label', '#mic', '#elapsed', '#stop']
      .map((id) => document.querySelector<HTMLElement>(id)!)
      .filter((el) => !el.hidden)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const cut = el.scrollWidth > el.clientWidth + 1;
        return { id: el.id, left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, cut };
      }),
  );
  for (const box of boxes) {
    const where = JSON.stringify(box);
    assert.ok(box.width > 0 && box.left >= 0 && box.right <= HUD.width, `#${box.id} inside: ${where}`);
    assert.ok(box.top >= 0 && box.bottom <= HUD.height, `#${box.id} inside: ${where}`);
    assert.equal(box.cut, false, `#${box.id}'s text is cut off: ${where}`);
  }
  for (let i = 1; i < boxes.length; i++)
    assert.ok(boxes[i]!.left >= boxes[i - 1]!.right, `#${boxes[i]!.id} after #${boxes[i - 1]!.id}`);
}

describe('recording HUD', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  before(async () => (harness = await startRendererHarness()));
  after(() => harness?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the elapsed time and Stop calls stopRecording (${colorScheme}, with the microphone)`, async () => {
      let stops = 0;
      const startedAt = new Date(Date.now() - 65_000).toISOString();
      const open = await harness.open(
        'recording-hud',
        {
          getRecordingState: async () => ({ recording: true, startedAt, region: null, microphone: true }),
          stopRecording: async () => void (stops += 1),
        },
        { viewport: HUD, colorScheme, deviceScaleFactor: 2 },
      );
      const { page } = open;
      assert.match((await page.locator('#elapsed').textContent()) ?? '', /^1:0[5-6]$/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'stop', 'Stop has the focus');
      assert.equal(await page.getByRole('img', { name: 'with the microphone' }).isVisible(), true);
      await assertLaidOut(page);
      await saveScreenshot(page, `recording-hud-${colorScheme}`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.waitForFunction(() => document.querySelector('#label')?.textContent === 'Saved');
      assert.equal(stops, 1);
      assert.equal(await page.getByRole('button', { name: 'Stop' }).isDisabled(), true);
      await page.keyboard.press('Escape');
      assert.equal(stops, 1, 'stopping twice does not call twice');
      assert.deepEqual(await pageProblems(open), []);
      await open.close();
    });
  }

  it('not recording: no timer, Stop disabled; a failing stop says why and can be tried again', async () => {
    const idle = await harness.open('recording-hud', {
      getRecordingState: async () => ({ recording: false, startedAt: null, region: null, microphone: false }),
    });
    assert.equal(await idle.page.locator('#label').textContent(), 'Not recording');
    assert.equal(await idle.page.locator('#stop').isDisabled(), true);
    await idle.close();

    let tries = 0;
    // over an hour: h:mm:ss still fits
    const failing = await harness.open(
      'recording-hud',
      {
        getRecordingState: async () => ({
          recording: true,
          startedAt: new Date(Date.now() - 3_725_000).toISOString(),
          region: null,
          microphone: false,
        }),
        stopRecording: async () => {
          tries += 1;
          if (tries === 1) throw new Error('ffmpeg did not stop');
        },
      },
      { viewport: HUD },
    );
    assert.equal(await failing.page.locator('#mic').isHidden(), true, 'no microphone: no microphone shown');
    assert.match((await failing.page.locator('#elapsed').textContent()) ?? '', /^1:02:0[5-6]$/);
    await assertLaidOut(failing.page);
    await failing.page.keyboard.press('Escape');
    await failing.page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('ffmpeg'));
    assert.equal(await failing.page.locator('#stop').isDisabled(), false);
    await failing.page.locator('#stop').click();
    await failing.page.waitForFunction(() => document.querySelector('#label')?.textContent === 'Saved');
    assert.equal(tries, 2);
    await failing.close();
  });
});
