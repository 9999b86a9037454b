/**
 * The history window says why uploads stopped (the upload queue's file cannot be written) above the queue,
 * from getQueueStatus when it opens and from onQueueStatusChanged after, and hides it once the queue works.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';

const PROBLEM =
  'cannot write the upload queue (queue.db in /home/ann/.config/traydrop): the disk is full; free some space; ' +
  'unfinished uploads are kept and resume with `traydrop queue run` (or in the app)';

describe('history window: a stopped queue', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  before(async () => (harness = await startRendererHarness()));
  after(() => harness?.close());

  it('shows the problem as an alert, and hides it when the queue works again', async () => {
    const open = await harness.open('history', {
      listHistory: async () => ({ entries: [], nextCursor: null }),
      listJobs: async () => [],
      getQueueStatus: async () => ({ problem: PROBLEM }),
    });
    const { page } = open;
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.textContent(), `Uploads stopped: ${PROBLEM}.`);
    assert.equal(await page.evaluate(() => document.body.dataset.queueProblem), 'true');
    assert.deepEqual(await accessibilityViolations(page), []);

    await harness.emit('queueStatusChanged', { problem: null });
    await alert.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.body.dataset.queueProblem), 'false');
    await harness.emit('queueStatusChanged', { problem: PROBLEM });
    await alert.waitFor();
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });
});
