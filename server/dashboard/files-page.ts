/**
 * The Files page: the user's links (the same query and cursors as GET /v1/files), a search and filter form
 * (GET: the URL says what is shown, back and forward work), and a bulk-delete form around the list.
 */
import type { FileEntry } from '../../common/broker-api.ts';
import type { UploadingEntry } from '../../common/dashboard-api.ts';
import {
  FILE_KINDS,
  FILE_SORTS,
  fileKindOf,
  type FileState,
  type ListFilter,
  LIST_STATES,
} from '../../common/file-query.ts';
import { esc } from '../share/html.ts';
import { timeCell } from './format.ts';
import { kindIcon } from './kind-icon.ts';
import { formatBytes } from '../../common/format-bytes.ts';

export interface FilesPageInput {
  files: FileEntry[];
  /** Uploads in flight, shown first (on the first page, or alone with state=uploading). */
  uploading: UploadingEntry[];
  /** Share ids of the page whose server-made thumbnail is done; the others show their kind's icon. */
  thumbnails: ReadonlySet<string>;
  filter: ListFilter;
  cursor: string | undefined;
  nextCursor: string | null;
  csrf: string;
  now: Date;
  /** How many links the last bulk delete removed (shown once, after the redirect). */
  deleted: number | null;
}

const KIND_LABEL: Record<string, string> = {
  image: 'Images',
  video: 'Videos',
  audio: 'Audio',
  pdf: 'PDFs',
  text: 'Text',
  other: 'Other',
};

/** `<option>`s for the values; `all` adds a first, empty one ("no filter"). */
function options(values: readonly string[], labels: Record<string, string>, chosen: string | undefined, all?: string) {
  const first = all === undefined ? '' : `<option value=""${chosen ? '' : ' selected'}>${all}</option>`;
  return (
    first + values.map((v) => `<option value="${v}"${v === chosen ? ' selected' : ''}>${labels[v]}</option>`).join('')
  );
}

const STATE_LABEL = { live: 'Live', expired: 'Expired', limited: 'Limit reached', uploading: 'Uploading' };
const SORT_LABEL = { date: 'Newest', size: 'Largest', downloads: 'Most downloaded' };

function filterForm(f: ListFilter): string {
  return `<form class="filters" method="get" action="/dashboard" role="search" aria-label="Files">
<label>Name<input type="search" name="q" value="${esc(f.q ?? '')}" maxlength="200" placeholder="Part of the name"></label>
<label>Kind<select name="kind">${options(FILE_KINDS, KIND_LABEL, f.kind, 'All kinds')}</select></label>
<label>State<select name="state">${options(LIST_STATES, STATE_LABEL, f.state, 'Any state')}</select></label>
<label>Sort<select name="sort">${options(FILE_SORTS, SORT_LABEL, f.sort ?? 'date')}</select></label>
<button class="btn" type="submit">Show</button></form>`;
}

export function stateOf(f: FileEntry): FileState {
  if (f.expired) return 'expired';
  if (f.maxDownloads !== null && f.downloads >= f.maxDownloads) return 'limited';
  return 'live';
}

/**
 * The server-made thumbnail (server/thumbnails/: 480 px WebP, shown at 48 px) read through the owner's session
 * from this origin, or the kind's icon: for other kinds, and for an image or video whose thumbnail is not made yet.
 */
function thumb(f: FileEntry, made: boolean): string {
  if (made)
    return `<img class="thumb" src="/v1/files/${f.shareId}/thumbnail" alt="${esc(`Thumbnail of ${f.name}`)}" loading="lazy" decoding="async" width="48" height="48">`;
  return kindIcon(fileKindOf(f.contentType));
}

function limits(f: FileEntry): string {
  const parts: string[] = [];
  if (f.maxDownloads !== null) parts.push(`max ${f.maxDownloads}`);
  if (f.hasPassword) parts.push('password');
  return parts.length ? `<span class="sub">${parts.join(' · ')}</span>` : '';
}

function row(f: FileEntry, made: boolean, now: Date): string {
  const state = stateOf(f);
  const expiry = f.expiresAt ? timeCell(f.expiresAt, now) : 'never';
  return `<tr>
<td class="pick"><input type="checkbox" name="id" value="${f.shareId}" aria-label="Select ${esc(f.name)}"></td>
<td class="preview">${thumb(f, made)}</td>
<td class="name"><a href="/dashboard/files/${f.shareId}">${esc(f.name)}</a><span class="sub">${esc(f.url)}</span></td>
<td class="num" data-label="Size">${formatBytes(f.bytes)}</td>
<td class="meta" data-label="Kind">${fileKindOf(f.contentType)}</td>
<td class="meta" data-label="Uploaded">${timeCell(f.uploadedAt, now)}</td>
<td class="meta" data-label="Expires">${expiry}</td>
<td class="num" data-label="Downloads">${f.downloads}${limits(f)}</td>
<td class="meta" data-label="State"><span class="state ${state}">${STATE_LABEL[state]}</span></td>
</tr>`;
}

/** An upload in flight: name, size, started; no link to open and nothing to select until it is recorded. */
function uploadingRow(u: UploadingEntry, now: Date): string {
  const size = u.bytes === null ? 'unknown' : formatBytes(u.bytes);
  return `<tr class="in-flight" data-key="${esc(u.key)}">
<td class="pick"></td>
<td class="preview">${kindIcon(fileKindOf(u.contentType))}</td>
<td class="name"><span class="title">${esc(u.name)}</span><span class="sub">Still uploading: the link opens once it is done</span></td>
<td class="num" data-label="Size">${size}</td>
<td class="meta" data-label="Kind">${fileKindOf(u.contentType)}</td>
<td class="meta">Started ${timeCell(u.startedAt, now)}</td>
<td class="meta" data-label="Expires">${esc(u.expire)} after upload</td>
<td class="num" data-label="Downloads">–</td>
<td class="meta" data-label="State"><span class="state uploading">${STATE_LABEL.uploading}</span></td>
</tr>`;
}

function query(f: ListFilter, cursor?: string): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.kind) params.set('kind', f.kind);
  if (f.state) params.set('state', f.state);
  if (f.sort && f.sort !== 'date') params.set('sort', f.sort);
  if (cursor) params.set('cursor', cursor);
  const text = params.toString();
  return text ? `/dashboard?${text}` : '/dashboard';
}

export function filesPage(i: FilesPageInput): string {
  const filtered = Boolean(i.filter.q || i.filter.kind || i.filter.state);
  const notice =
    i.deleted === null
      ? ''
      : `<p class="notice" role="status">Deleted ${i.deleted} link${i.deleted === 1 ? '' : 's'}.</p>`;
  const rows = [
    ...i.uploading.map((u) => uploadingRow(u, i.now)),
    ...i.files.map((f) => row(f, i.thumbnails.has(f.shareId), i.now)),
  ];
  const none =
    i.filter.state === 'uploading'
      ? 'No upload in flight.'
      : filtered
        ? 'No link matches.'
        : i.cursor
          ? 'No more links.'
          : 'No links yet: share a file from the app or with <code>traydrop share</code>.';
  const list = rows.length
    ? `<table class="files"><caption class="visually-hidden">Your links</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col"><span class="visually-hidden">Preview</span></th>
<th scope="col">Name</th><th scope="col">Size</th><th scope="col">Kind</th><th scope="col">Uploaded</th><th scope="col">Expires</th>
<th scope="col">Downloads</th><th scope="col">State</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`
    : `<p class="empty">${none}</p>`;
  const pages = [
    i.cursor ? `<a href="${esc(query(i.filter))}">First page</a>` : '',
    i.nextCursor ? `<a href="${esc(query(i.filter, i.nextCursor))}" rel="next">Next page</a>` : '',
  ].join('');
  return `<h1>Files</h1>${notice}${filterForm(i.filter)}
<form method="post" action="/dashboard/files/delete" class="card">
<input type="hidden" name="_csrf" value="${esc(i.csrf)}">${list}
<div class="bar">${i.files.length ? '<button class="btn danger" type="submit">Delete selected</button>' : '<span></span>'}
<nav class="pages" aria-label="Pages">${pages}</nav></div></form>`;
}
