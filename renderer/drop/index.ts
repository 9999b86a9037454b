/**
 * The floating drop window (Windows and Linux, whose trays take no drops): drop files (or a folder)
 * or choose them, and see each one's link and upload progress (an image dropped with Alt held, or chosen with
 * Edit…, opens in the editor instead: edit-image.ts); the last few links stay, newest first,
 * with a Copy button each. The window is frameless: drop.css makes the bar on top and the background
 * drag areas, laid out for the window's real size (DROP_WINDOW_SIZE in main/app/windows/drop-window.ts).
 */
import type { JobView } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $, announce, h } from '../shared/dom.ts';
import { formatBytes, percent, STATE_LABEL } from '../shared/format.ts';
import { editImage, editKeyName, wantsEdit } from './edit-image.ts';

const api = traydrop();
const zone = $('#zone');
const results = $('#results');
const status = $('#status');
const fileInput = $<HTMLInputElement>('#file-input');
const editInput = $<HTMLInputElement>('#edit-input');
const zoneTitle = $('#zone-title');
const SHARE_TITLE = zoneTitle.textContent ?? '';
/** How long a cancelled upload stays listed. */
const LINGER_MS = 8000;
/** Finished uploads (done or failed) kept in the list: the newest ones. */
const KEEP_FINISHED = 3;
/** How long a Copy button shows that it copied. */
const COPIED_MS = 1500;

const shown = new Map<string, JobView>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** The link without its scheme: more of what tells links apart fits in the narrow window. */
const shortUrl = (url: string) => url.replace(/^https?:\/\//, '');

function line(job: JobView): string {
  switch (job.state) {
    case 'uploading':
      return `${percent(job.sentBytes, job.bytes)}% of ${formatBytes(job.bytes)}`;
    case 'done':
      return `Uploaded · ${shortUrl(job.url)}`;
    case 'failed':
    case 'waiting_network':
    case 'signed_out':
      return job.error ?? STATE_LABEL[job.state];
    default:
      return `${STATE_LABEL[job.state]} · ${shortUrl(job.url)}`;
  }
}

function render(): void {
  // the rows are redrawn on every progress report: a keyboard user keeps the focus on the same row's Copy
  const focused = document.activeElement?.closest<HTMLElement>('#results .result')?.dataset.jobId;
  results.replaceChildren(
    ...[...shown.values()].map((job) =>
      h(
        'li',
        { class: 'result', 'data-job-id': job.id, 'data-state': job.state, 'data-url': job.url },
        h('span', { class: 'name', title: job.name }, job.name),
        h('span', { class: 'line', title: job.url }, line(job)),
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-label': `Copy link of ${job.name}`,
            onclick: (event: Event) => {
              const button = event.currentTarget as HTMLButtonElement;
              void api.copyLink(job.url).then(
                () => {
                  announce(status, 'Link copied', 'ok');
                  button.dataset.copied = 'true';
                  setTimeout(() => delete button.dataset.copied, COPIED_MS);
                },
                (error: unknown) => announce(status, messageOf(error), 'error'),
              );
            },
          },
          'Copy',
        ),
        job.state === 'uploading' &&
          h('progress', { max: 100, value: percent(job.sentBytes, job.bytes), 'aria-label': `Upload of ${job.name}` }),
      ),
    ),
  );
  if (focused) results.querySelector<HTMLElement>(`[data-job-id="${CSS.escape(focused)}"] button`)?.focus();
}

const finished = (job: JobView) => job.state === 'done' || job.state === 'failed';

function track(jobs: JobView[], adding: boolean): void {
  if (adding) {
    // newest first: a new batch goes on top, in the order it was dropped
    const before = [...shown];
    shown.clear();
    for (const job of jobs) shown.set(job.id, job);
    for (const [id, job] of before) if (!shown.has(id)) shown.set(id, job);
  }
  for (const job of jobs) {
    if (!shown.has(job.id)) continue;
    shown.set(job.id, job);
    if (job.state === 'cancelled' && !timers.has(job.id)) {
      timers.set(
        job.id,
        setTimeout(() => {
          shown.delete(job.id);
          timers.delete(job.id);
          render();
        }, LINGER_MS),
      );
    }
  }
  let kept = 0;
  for (const [id, job] of shown) {
    if (finished(job) && ++kept > KEEP_FINISHED) shown.delete(id);
  }
  render();
}

async function share(files: File[]): Promise<void> {
  if (files.length === 0) return;
  zone.setAttribute('aria-busy', 'true');
  announce(status, `Sharing ${files.length} file${files.length === 1 ? '' : 's'}…`);
  try {
    const jobs = await api.shareFiles(files);
    track(jobs, true);
    announce(status, `${jobs.length === 1 ? 'Link' : `${jobs.length} links`} ready`, 'ok');
  } catch (error) {
    announce(status, messageOf(error), 'error');
    results.prepend(
      h('li', { class: 'result', 'data-state': 'failed' }, h('span', { class: 'line' }, messageOf(error))),
    );
  } finally {
    zone.removeAttribute('aria-busy');
  }
}

// Drag state: dragenter/dragleave fire for every child, so count them.
let depth = 0;
const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
document.addEventListener('dragenter', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  depth += 1;
  zone.dataset.drag = 'true';
});
/** The zone says what a drop will do now: share, or (the edit modifier held) edit. */
function showDrag(state: 'true' | 'edit' | null): void {
  if (state) zone.dataset.drag = state;
  else delete zone.dataset.drag;
  zoneTitle.textContent = state === 'edit' ? 'Drop an image to edit it' : SHARE_TITLE;
}
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = hasFiles(event) ? 'copy' : 'none';
  if (hasFiles(event)) showDrag(wantsEdit(event) ? 'edit' : 'true');
});
document.addEventListener('dragleave', () => {
  depth = Math.max(0, depth - 1);
  if (depth === 0) showDrag(null);
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  depth = 0;
  showDrag(null);
  const files = [...(event.dataTransfer?.files ?? [])];
  if (wantsEdit(event)) void editImage(files, status);
  else void share(files);
});

$('#choose').addEventListener('click', () => fileInput.click());
$('#edit').addEventListener('click', () => editInput.click());
editInput.addEventListener('change', () => {
  const files = [...(editInput.files ?? [])];
  editInput.value = '';
  void editImage(files, status);
});
void editKeyName().then((name) => void ($('#edit-key').textContent = name));
$('#menu').addEventListener('click', () => {
  api.showAppMenu().catch((error: unknown) => announce(status, messageOf(error)));
});
fileInput.addEventListener('change', () => {
  const files = [...(fileInput.files ?? [])];
  fileInput.value = '';
  void share(files);
});

api.onJobsChanged((jobs) => track(jobs, false));
document.body.dataset.ready = 'true';
