/**
 * One usage bar: the numbers as text ("1.2 MB of 10 MB, 12%"), an SVG bar that only repeats them (hidden from
 * screen readers), and an "over the limit" line in words, so nothing is told by colour alone. SVG attributes,
 * not style attributes: the page's CSP allows no inline style.
 */
import { formatBytes } from '../../common/format-bytes.ts';
import { esc } from '../share/html.ts';

export interface UsageBar {
  /** `storage`, `transfer`: the element's id and a test's handle. */
  id: string;
  label: string;
  used: number;
  limit: number | null;
  /** The words for the state when over (or at) the limit; null while under it. */
  over: string | null;
}

export function percentOf(used: number, limit: number): number {
  return limit === 0 ? 100 : Math.min(100, Math.floor((used / limit) * 100));
}

export function usageText(used: number, limit: number | null): string {
  return limit === null
    ? `${formatBytes(used)} (no limit)`
    : `${formatBytes(used)} of ${formatBytes(limit)} (${percentOf(used, limit)}%)`;
}

export function usageBar(b: UsageBar): string {
  const width = b.limit === null ? 0 : percentOf(b.used, b.limit);
  const bar =
    b.limit === null
      ? ''
      : `<svg viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="track" width="100" height="4" rx="1"/><rect class="used" width="${width}" height="4" rx="1"/></svg>`;
  const state = b.over === null ? '' : `<span class="state over-text">${esc(b.over)}</span>`;
  return `<div class="meter${b.over === null ? '' : ' over'}" id="${esc(b.id)}"><div class="what"><span>${esc(b.label)}</span>
<span class="value">${esc(usageText(b.used, b.limit))}</span></div>${bar}${state}</div>`;
}
