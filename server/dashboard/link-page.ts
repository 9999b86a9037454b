/**
 * A link's page: preview, the link to copy or open, charts of downloads and bytes per day (30 days) and per
 * month with link-preview bots apart, a new expiry, max downloads and password, delete. Each change is a form.
 */
import type { FileEntry, MonthStats } from '../../common/broker-api.ts';
import type { DayStatsEntry } from '../../common/dashboard-api.ts';
import { type Expiry, expiresAt } from '../../common/expiry.ts';
import { fileKindOf } from '../../common/file-query.ts';
import { esc } from '../share/html.ts';
import { previewKind } from '../share/preview-kind.ts';
import { barChart } from './bar-chart.ts';
import { stateOf } from './files-page.ts';
import { exactTime, timeCell } from './format.ts';
import { formatBytes } from '../../common/format-bytes.ts';

export interface LinkPageInput {
  file: FileEntry;
  days: DayStatsEntry[];
  /** Newest first, as GET /v1/files/:id/stats gives them. */
  months: MonthStats[];
  allowedExpiry: readonly Expiry[];
  csrf: string;
  now: Date;
  /** What the last form changed (shown once after the redirect). */
  saved: string | null;
}

const EXPIRY_TEXT: Record<Expiry, string> = {
  '1d': '1 day',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '365d': '365 days',
  never: 'Never',
};

const SAVED: Record<string, string> = {
  expiry: 'The expiry is changed.',
  limits: 'The limits are saved.',
};

function expiryForm(i: LinkPageInput): string {
  const uploaded = new Date(i.file.uploadedAt);
  const options = i.allowedExpiry
    .map((e) => {
      const at = expiresAt(e, uploaded);
      const when = at ? ` after upload: ${exactTime(at.toISOString())}${at <= i.now ? ' (expired)' : ''}` : '';
      return `<option value="${e}"${e === i.file.expire ? ' selected' : ''}>${EXPIRY_TEXT[e]}${when}</option>`;
    })
    .join('');
  return `<form method="post" action="/dashboard/files/${i.file.shareId}/expiry" class="card">
<h2>Expiry</h2><p class="sub">Counted from the upload, as the bucket’s lifecycle deletes it. The link stops working at once when the new time has passed.</p>
<input type="hidden" name="_csrf" value="${esc(i.csrf)}">
<label class="field">Expires<select name="expire">${options}</select></label>
<button class="btn primary" type="submit">Change expiry</button></form>`;
}

function limitsForm(i: LinkPageInput): string {
  const f = i.file;
  return `<form method="post" action="/dashboard/files/${f.shareId}/limits" class="card">
<h2>Limits</h2><input type="hidden" name="_csrf" value="${esc(i.csrf)}">
<label class="field">Max downloads (empty: no limit)<input type="number" name="maxDownloads" min="1" max="1000000" value="${f.maxDownloads ?? ''}"></label>
<label class="field">${f.hasPassword ? 'New password (empty: keep it)' : 'Password (empty: none)'}<input type="password" name="password" autocomplete="new-password" maxlength="1024"></label>
${f.hasPassword ? '<label class="check"><input type="checkbox" name="removePassword" value="1"> Remove the password</label>' : ''}
<button class="btn primary" type="submit">Save limits</button></form>`;
}

/** The 12 months up to this one, oldest first, zeros where nothing happened. */
function lastMonths(months: MonthStats[], now: Date): MonthStats[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return Array.from({ length: 12 }, (_, k) => {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + k, 1)).toISOString().slice(0, 7);
    return byMonth.get(month) ?? { month, downloads: 0, bytes: 0, views: 0, botHits: 0, botBytes: 0 };
  });
}

function charts(i: LinkPageInput): string {
  const days = i.days.map((d) => ({
    label: d.day,
    people: d.downloads,
    bots: d.botHits,
    bytes: d.bytes,
    botBytes: d.botBytes,
  }));
  const months = lastMonths(i.months, i.now);
  const count = (n: number) => String(n);
  return [
    barChart({
      id: 'downloads-per-day',
      title: 'Downloads per day, last 30 days',
      points: days,
      format: count,
      peopleLabel: 'downloads',
      botsLabel: 'link-preview bot hits',
    }),
    barChart({
      id: 'bytes-per-day',
      title: 'Bytes served per day, last 30 days',
      points: days.map((d) => ({ label: d.label, people: d.bytes, bots: d.botBytes })),
      format: formatBytes,
      peopleLabel: 'to people',
      botsLabel: 'to bots',
    }),
    barChart({
      id: 'downloads-per-month',
      title: 'Downloads per month, last 12 months',
      points: months.map((m) => ({ label: m.month, people: m.downloads, bots: m.botHits })),
      format: count,
      peopleLabel: 'downloads',
      botsLabel: 'link-preview bot hits',
    }),
    barChart({
      id: 'bytes-per-month',
      title: 'Bytes served per month, last 12 months',
      points: months.map((m) => ({ label: m.month, people: m.bytes, bots: m.botBytes })),
      format: formatBytes,
      peopleLabel: 'to people',
      botsLabel: 'to bots',
    }),
  ].join('');
}

export function linkPage(i: LinkPageInput): string {
  const f = i.file;
  const state = stateOf(f);
  const preview =
    previewKind(f.contentType, f.name) === 'image'
      ? `<img class="big" src="/dashboard/files/${f.shareId}/preview" alt="${esc(f.name)}">`
      : `<p class="sub">No preview for this kind of file (${esc(fileKindOf(f.contentType))}).</p>`;
  const saved = i.saved && SAVED[i.saved] ? `<p class="notice" role="status">${SAVED[i.saved]}</p>` : '';
  return `<p><a href="/dashboard">← Files</a></p><h1>${esc(f.name)}</h1>${saved}
<div class="card"><div class="facts">
<span>${formatBytes(f.bytes)} · ${fileKindOf(f.contentType)}</span>
<span>Uploaded ${timeCell(f.uploadedAt, i.now)}</span>
<span>Expires ${f.expiresAt ? timeCell(f.expiresAt, i.now) : 'never'}</span>
<span>${f.downloads} download${f.downloads === 1 ? '' : 's'}${f.maxDownloads === null ? '' : ` of ${f.maxDownloads}`} · ${formatBytes(f.bytesServed)} served</span>
<span class="state ${state}">${{ live: 'Live', expired: 'Expired', limited: 'Limit reached' }[state]}</span></div>
<div class="preview-box">${preview}</div>
<div class="linkbar"><label class="field grow">Link<input type="text" readonly value="${esc(f.url)}"></label>
<button class="btn" type="button" data-copy="${esc(f.url)}" hidden>Copy link</button>
<a class="btn" href="${esc(f.url)}" target="_blank" rel="noopener">Open</a></div></div>
<section class="card" aria-label="Statistics"><h2>Statistics</h2>${charts(i)}</section>
<div class="forms">${expiryForm(i)}${limitsForm(i)}</div>
<form method="post" action="/dashboard/files/delete" class="card"><h2>Delete</h2>
<p class="sub">The file is deleted from storage and the link answers 404 from then on.</p>
<input type="hidden" name="_csrf" value="${esc(i.csrf)}"><input type="hidden" name="id" value="${f.shareId}">
<button class="btn danger" type="submit">Delete this link</button></form>`;
}
