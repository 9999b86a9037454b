/** Times as the dashboard shows them: relative ("in 3 days", "2 hours ago") and exact ("2026-12-06 14:05 UTC"). */
import { esc } from '../share/html.ts';

export function relativeTime(ms: number): string {
  const ahead = ms >= 0;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  let text: string;
  if (minutes < 1) return ahead ? 'in under a minute' : 'just now';
  if (minutes < 90) text = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  else if (minutes < 36 * 60) text = `${Math.round(minutes / 60)} hours`;
  else text = `${Math.round(minutes / 1440)} days`;
  return ahead ? `in ${text}` : `${text} ago`;
}

export const exactTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** `<time>` with the relative text and the exact one beside it (both shown: a tooltip alone is not reachable). */
export function timeCell(iso: string, now: Date): string {
  return `<time datetime="${esc(iso)}">${relativeTime(Date.parse(iso) - now.getTime())}</time><span class="exact">${exactTime(iso)}</span>`;
}
