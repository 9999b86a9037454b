/**
 * The history window: the upload queue (waiting, uploading with progress, failed with retry, cancel)
 * above the searchable list of finished uploads (thumbnail, name, size, expiry, downloads) with
 * copy, open, reveal and delete. The list reloads when a job finishes. Above both, why the queue stopped, while
 * it is stopped (its file cannot be written: the disk is full…).
 */
import type { HistoryEntry, JobState, JobView, QueueStatus } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $, announce } from '../shared/dom.ts';
import { type HistoryActions, historyItem } from './history-item.ts';
import { type QueueActions, QUEUE_STATES, queueItem } from './queue-item.ts';

const api = traydrop();

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

const historyActions: HistoryActions = {
  copy: (entry) => void copy(entry.url),
  open: (entry) => void run(() => api.openLink(entry.url), 'Opened in the browser'),
  reveal: (_entry, localPath) => void run(() => api.revealLocal(localPath), 'Shown in the file manager'),
  edit: (_entry, localPath) => void run(() => api.editFile(localPath), 'Opened in the editor'),
  remove: (entry) => void remove(entry),
};

function renderHistory(): void {
  const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.shareId;
  historyList.replaceChildren(...entries.map((entry, i) => historyItem(entry, i, historyActions)));
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

const queueActions: QueueActions = {
  copy: (job) => void copy(job.url),
  retry: (job) => void run(() => api.retryJob(job.id), `Retrying ${job.name}`),
  cancel: (job) => void run(() => api.cancelJob(job.id), `Cancelled ${job.name}`),
};

function renderJobs(jobs: JobView[]): void {
  const shown = jobs.filter((job) => QUEUE_STATES.has(job.state));
  const focused = document.activeElement;
  const focusKey =
    focused instanceof HTMLButtonElement && queueList.contains(focused)
      ? [focused.closest<HTMLElement>('[data-job-id]')?.dataset.jobId, focused.textContent]
      : null;
  queueList.replaceChildren(...shown.map((job) => queueItem(job, queueActions)));
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
