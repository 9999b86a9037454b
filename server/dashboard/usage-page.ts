/**
 * The Usage page: storage used, this month's transfer and the largest file allowed, against the user's limits,
 * as /v1/me reports them (summarizeUser). "Over the limit" says what the limit does at that point: a full storage
 * refuses new uploads (413), a used-up transfer makes the links answer 429 until the next UTC month.
 */
import { formatBytes } from '../../common/format-bytes.ts';
import type { UserSummary } from '../db/usage.ts';
import { nextMonth } from '../share/owner-gate.ts';
import { usageBar } from './usage-bar.ts';

const monthName = (d: Date): string =>
  d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayName = (d: Date): string =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function usagePage(s: UserSummary, now: Date): string {
  const storageOver = s.storageLimit !== null && s.storageUsed >= s.storageLimit;
  const transferOver = s.transferLimit !== null && s.transferUsed >= s.transferLimit;
  const storage = usageBar({
    id: 'storage',
    label: 'Storage',
    used: s.storageUsed,
    limit: s.storageLimit,
    over: storageOver
      ? 'Over the limit: new uploads are refused until you delete links or your limit is raised.'
      : null,
  });
  const transfer = usageBar({
    id: 'transfer',
    label: `Transfer in ${monthName(now)}`,
    used: s.transferUsed,
    limit: s.transferLimit,
    over: transferOver
      ? `Over the limit: your links are unavailable (429) until ${dayName(nextMonth(now))} (UTC).`
      : null,
  });
  return `<h1>Usage</h1><div class="card">${storage}${transfer}
<p id="max-file"><b>Largest file you may share:</b> ${s.maxFileSize === null ? 'no limit' : formatBytes(s.maxFileSize)}</p>
<p id="links"><b>Live links:</b> ${s.links}</p>
<p class="sub">Storage counts your links that have not expired and uploads in progress. Transfer counts every byte your links served this calendar month (UTC), link previews included. Sizes in powers of 1000 (1 GB = 1,000,000,000 bytes).</p></div>`;
}
