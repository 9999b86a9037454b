/**
 * One row of the upload queue: a job waiting, uploading (with its progress), stopped or failed (with why), and
 * the actions its state allows: copy the link (known before the upload ends), retry a failed job, cancel one that
 * has not finished. What the actions do is the page's (index.ts): this file only builds the row.
 */
import type { JobState, JobView } from '../../common/ipc-contract.ts';
import { extensionOf } from '../../common/expiry-rules.ts';
import { h } from '../shared/dom.ts';
import { formatBytes, percent, STATE_LABEL } from '../shared/format.ts';
import { rowButton } from './row-button.ts';

/** The states the queue shows; done and cancelled jobs leave it (a done one is in the history below). */
export const QUEUE_STATES: ReadonlySet<JobState> = new Set([
  'queued',
  'uploading',
  'waiting_network',
  'signed_out',
  'failed',
]);
const CANCELLABLE: ReadonlySet<JobState> = new Set(['queued', 'uploading', 'waiting_network', 'signed_out']);
const TONE: Partial<Record<JobState, string>> = {
  uploading: 'info',
  waiting_network: 'warn',
  signed_out: 'warn',
  failed: 'error',
};

export interface QueueActions {
  copy(job: JobView): void;
  retry(job: JobView): void;
  cancel(job: JobView): void;
}

export function queueItem(job: JobView, act: QueueActions): HTMLLIElement {
  const pct = percent(job.sentBytes, job.bytes);
  const uploading = job.state === 'uploading';
  return h(
    'li',
    {
      class: 'item',
      'data-job-id': job.id,
      'data-state': job.state,
      'aria-label': `${job.name}: ${STATE_LABEL[job.state]}`,
    },
    h('span', { class: 'thumb', 'aria-hidden': 'true' }, extensionOf(job.name).slice(0, 4) || 'file'),
    h(
      'div',
      { class: 'text' },
      h('div', { class: 'name', title: job.name }, job.name),
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'badge', 'data-tone': TONE[job.state] ?? '' }, STATE_LABEL[job.state]),
        ' ',
        uploading ? `${formatBytes(job.sentBytes)} of ${formatBytes(job.bytes)} · ${pct}%` : formatBytes(job.bytes),
      ),
      job.error && h('div', { class: 'reason' }, job.error),
      uploading &&
        h('progress', {
          max: 100,
          value: pct,
          'aria-label': `Upload progress of ${job.name}`,
          'aria-valuetext': `${pct}%`,
        }),
    ),
    h(
      'div',
      { class: 'actions' },
      rowButton('Copy link', `Copy link of ${job.name}`, () => act.copy(job)),
      job.state === 'failed' && rowButton('Retry', `Retry ${job.name}`, () => act.retry(job)),
      CANCELLABLE.has(job.state) &&
        rowButton('Cancel', `Cancel the upload of ${job.name}`, () => act.cancel(job), true),
    ),
  );
}
