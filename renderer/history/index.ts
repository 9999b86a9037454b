/**
 * The history window: the upload queue (waiting, uploading with progress, failed with retry, cancel)
 * above the searchable list of finished uploads (thumbnail, name, size, expiry, downloads) with
 * copy, open, reveal and delete. The list reloads when a job finishes. Above both, why the queue stopped, while
 * it is stopped (its file cannot be written: the disk is full…).
 */
import type { HistoryEntry, JobState, JobView, QueueStatus } from '../../common/ipc-contract.ts';
import { extensionOf } from '../../common/expiry-rules.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $, announce, h } from '../shared/dom.ts';
import { expiryText, formatBytes, percent, relativeTime, STATE_LABEL } from '../shared/format.ts';

const api = traydrop();
const QUEUE_STATES: ReadonlySet<JobState> = new Set(['queued', 'uploading', 'waiting_network', 'signed_out', 'failed']);
const CANCELLABLE: ReadonlySet<JobState> = new Set(['queued', 'uploading', 'waiting_network', 'signed_out']);
const TONE: Partial<Record<JobState, string>> = {
  uploading: 'info',
  waiting_network: 'warn',
  signed_out: 'warn',
  failed: 'error',
};

const status = $('#status');
const historyList = $('#history');
const queueList = $('#queue');
const searchInput = $<HTMLInputElement>('#search');
const moreButton = $<HTMLButtonElement>('#more');

let entries: HistoryEntry[] = [];
let nextCursor: string | null = null;
let search = '';
let loadToken = 0;
const lastStates = new Map<string, JobState>();
let jobsSeen = false;

// ---- actions ----

async function run(action: () => Promise<void>, done: string): Promise<void> {
  try {
    await action();
    announce(status, done, 'ok');
  } catch (error) {
    announce(status, messageOf(error), 'error');
  }
}

const copy = (url: string) => run(() => api.copyLink(url), 'Link copied');

async function remove(entry: HistoryEntry): Promise<void> {
  if (!window.confirm(`Delete “${entry.name}” from the server? Its link stops working.`)) return;
  await run(async () => {
    await api.deleteRemote(entry.shareId);
    entries = entries.filter((e) => e.shareId !== entry.shareId);
    renderHistory();
  }, `Deleted ${entry.name}`);
}

// ---- history list ----

function thumbnail(entry: HistoryEntry): HTMLElement {
  if (entry.thumbnail) return h('img', { class: 'thumb', src: entry.thumbnail, alt: '' });
  return h('span', { class: 'thumb', 'aria-hidden': 'true' }, extensionOf(entry.name).slice(0, 4) || 'file');
}

function historyItem(entry: HistoryEntry, index: number): HTMLLIElement {
  const downloads = `${entry.downloads} download${entry.downloads === 1 ? '' : 's'}`;
  const meta = [formatBytes(entry.bytes), expiryText(entry.expiresAt, entry.expired), downloads].join(' · ');
  const item = h(
    'li',
    {
      class: 'item',
      tabindex: index === 0 ? 0 : -1,
      'data-share-id': entry.shareId,
      'data-url': entry.url,
      'data-expired': String(entry.expired),
      'aria-label': `${entry.name}, ${meta}`,
    },
    thumbnail(entry),
    h(
      'div',
      { class: 'text' },
      h('div', { class: 'name', title: entry.name }, entry.name),
      h('div', { class: 'meta' }, meta, ' · ', h('span', { title: entry.uploadedAt }, relativeTime(entry.uploadedAt))),
      h('div', { class: 'url' }, entry.url),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => void copy(entry.url),
          'aria-label': `Copy link of ${entry.name}`,
        },
        'Copy link',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => void run(() => api.openLink(entry.url), 'Opened in the browser'),
          'aria-label': `Open ${entry.name} in the browser`,
        },
        'Open',
      ),
      entry.localPath &&
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            onclick: () => void run(() => api.revealLocal(entry.localPath!), 'Shown in the file manager'),
            'aria-label': `Show file: the local copy of ${entry.name}`,
          },
          'Show file',
        ),
      entry.localPath &&
        /\.png$/i.test(entry.localPath) &&
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            onclick: () => void run(() => api.editFile(entry.localPath!), 'Opened in the editor'),
            'aria-label': `Edit the local copy of ${entry.name}`,
          },
          'Edit…',
        ),
      h(
        'button',
        {
          type: 'button',
          class: 'small danger',
          onclick: () => void remove(entry),
          'aria-label': `Delete ${entry.name} from the server`,
        },
        'Delete…',
      ),
    ),
  );
  item.addEventListener('keydown', (event) => {
    if (event.target !== item) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      void copy(entry.url);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      void remove(entry);
    }
  });
  return item;
}

function renderHistory(): void {
  const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.shareId;
  historyList.replaceChildren(...entries.map(historyItem));
  if (focusedId) historyList.querySelector<HTMLElement>(`[data-share-id="${CSS.escape(focusedId)}"]`)?.focus();
  const empty = $('#empty');
  empty.hidden = entries.length > 0;
  empty.textContent = search ? `Nothing matches “${search}”.` : 'Nothing shared yet. Drop a file on the drop window.';
  moreButton.hidden = nextCursor === null;
}

async function loadHistory(append = false): Promise<void> {
  const token = ++loadToken;
  try {
    const page = await api.listHistory({ search, cursor: append ? nextCursor : null });
    if (token !== loadToken) return;
    entries = append ? [...entries, ...page.entries] : page.entries;
    nextCursor = page.nextCursor;
    renderHistory();
    document.body.dataset.ready = 'true';
  } catch (error) {
    if (token === loadToken) announce(status, `Could not load the history: ${messageOf(error)}`, 'error');
  }
}

/** Arrow keys move between rows (one row is in the tab order: roving tabindex). */
historyList.addEventListener('keydown', (event) => {
  const rows = [...historyList.querySelectorAll<HTMLElement>(':scope > .item')];
  const index = rows.indexOf(event.target as HTMLElement);
  if (index < 0) return;
  const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 }[event.key];
  if (next === undefined || !rows[next]) return;
  event.preventDefault();
  for (const row of rows) row.tabIndex = -1;
  rows[next].tabIndex = 0;
  rows[next].focus();
});

// ---- queue ----

function queueItem(job: JobView): HTMLLIElement {
  const pct = percent(job.sentBytes, job.bytes);
  const uploading = job.state === 'uploading';
  const retryable = job.state === 'failed';
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
      h(
        'button',
        { type: 'button', class: 'small', onclick: () => void copy(job.url), 'aria-label': `Copy link of ${job.name}` },
        'Copy link',
      ),
      retryable &&
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            onclick: () => void run(() => api.retryJob(job.id), `Retrying ${job.name}`),
            'aria-label': `Retry ${job.name}`,
          },
          'Retry',
        ),
      CANCELLABLE.has(job.state) &&
        h(
          'button',
          {
            type: 'button',
            class: 'small danger',
            onclick: () => void run(() => api.cancelJob(job.id), `Cancelled ${job.name}`),
            'aria-label': `Cancel the upload of ${job.name}`,
          },
          'Cancel',
        ),
    ),
  );
}

function renderJobs(jobs: JobView[]): void {
  const shown = jobs.filter((job) => QUEUE_STATES.has(job.state));
  const focused = document.activeElement;
  const focusKey =
    focused instanceof HTMLButtonElement && queueList.contains(focused)
      ? [focused.closest<HTMLElement>('[data-job-id]')?.dataset.jobId, focused.textContent]
      : null;
  queueList.replaceChildren(...shown.map(queueItem));
  if (focusKey) {
    const row = queueList.querySelector(`[data-job-id="${CSS.escape(focusKey[0] ?? '')}"]`);
    const button = [...(row?.querySelectorAll('button') ?? [])].find((b) => b.textContent === focusKey[1]);
    (button ?? row?.querySelector('button') ?? searchInput).focus();
  }
  $('#queue-section').hidden = shown.length === 0;
  $('#queue-count').textContent = String(shown.length);
  // a job that just finished is now in the server's index: reload the list
  let finished = false;
  for (const job of jobs) {
    if (job.state === 'done' && jobsSeen && lastStates.get(job.id) !== 'done') finished = true;
    lastStates.set(job.id, job.state);
  }
  jobsSeen = true;
  if (finished) void loadHistory();
}

// ---- queue status ----

function renderQueueStatus(queueStatus: QueueStatus): void {
  const problem = $('#queue-problem');
  problem.hidden = queueStatus.problem === null;
  problem.textContent = queueStatus.problem === null ? '' : `Uploads stopped: ${queueStatus.problem}.`;
  document.body.dataset.queueProblem = String(queueStatus.problem !== null);
}

// ---- wiring ----

let searchTimer: ReturnType<typeof setTimeout> | undefined;
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    search = searchInput.value.trim();
    void loadHistory();
  }, 150);
});
searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') {
    event.preventDefault();
    historyList.querySelector<HTMLElement>('.item[tabindex="0"]')?.focus();
  }
});
moreButton.addEventListener('click', () => void loadHistory(true));
api.onJobsChanged(renderJobs);
api.onQueueStatusChanged(renderQueueStatus);

void api.listJobs().then(renderJobs, (error: unknown) => announce(status, messageOf(error), 'error'));
void api.getQueueStatus().then(renderQueueStatus, (error: unknown) => announce(status, messageOf(error), 'error'));
void loadHistory();
