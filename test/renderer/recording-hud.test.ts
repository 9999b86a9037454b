/** The recording HUD in Chromium: elapsed time from getRecordingState, Stop calls stopRecording once. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';

/** The HUD window's size (main/app opens it frameless, always on top). */
const HUD = { width: 260, height: 52 };

describe('recording HUD', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  before(async () => (harness = await startRendererHarness()));
  after(() => harness?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the elapsed time and Stop calls stopRecording (${colorScheme})`, async () => {
      let stops = 0;
      const startedAt = new Date(Date.now() - 65_000).toISOString();
      const open = await harness.open(
        'recording-hud',
        {
          getRecordingState: async () => ({ recording: true, startedAt, region: null }),
          stopRecording: async () => void (stops += 1),
        },
        { viewport: HUD, colorScheme, deviceScaleFactor: 2 },
      );
      const { page } = open;
      assert.match((await page.locator('#elapsed').textContent()) ?? '', /^1:0[5-6]$/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'stop', 'Stop has the focus');
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
      getRecordingState: async () => ({ recording: false, startedAt: null, region: null }),
    });
    assert.equal(await idle.page.locator('#label').textContent(), 'Not recording');
    assert.equal(await idle.page.locator('#stop').isDisabled(), true);
    await idle.close();

    let tries = 0;
    const failing = await harness.open('recording-hud', {
      getRecordingState: async () => ({ recording: true, startedAt: new Date().toISOString(), region: null }),
      stopRecording: async () => {
        tries += 1;
        if (tries === 1) throw new Error('ffmpeg did not stop');
      },
    });
    await failing.page.keyboard.press('Escape');
    await failing.page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('ffmpeg'));
    assert.equal(await failing.page.locator('#stop').isDisabled(), false);
    await failing.page.locator('#stop').click();
    await failing.page.waitForFunction(() => document.querySelector('#label')?.textContent === 'Saved');
    assert.equal(tries, 2);
    await failing.close();
  });
});
