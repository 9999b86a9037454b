/** How numbers, dates and states read in the windows. */
import type { JobState } from '../../common/ipc-contract.ts';

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "in 6 days", "in 3 hours", "2 min ago". */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const steps: [number, Intl.RelativeTimeFormatUnit][] = [
    [60_000, 'second'],
    [3_600_000, 'minute'],
    [86_400_000, 'hour'],
    [30 * 86_400_000, 'day'],
    [365 * 86_400_000, 'month'],
    [Infinity, 'year'],
  ];
  const size: Record<string, number> = {
    second: 1000,
    minute: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
    month: 30 * 86_400_000,
    year: 365 * 86_400_000,
  };
  const [, unit] = steps.find(([limit]) => abs < limit)!;
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  return rtf.format(Math.round(diff / size[unit]!), unit);
}

export function expiryText(expiresAt: string | null, expired: boolean): string {
  if (expired) return 'expired';
  if (expiresAt === null) return 'never expires';
  return `expires ${relativeTime(expiresAt)}`;
}

export const STATE_LABEL: Record<JobState, string> = {
  queued: 'Queued',
  uploading: 'Uploading',
  waiting_network: 'Waiting for the network',
  signed_out: 'Signed out',
  failed: 'Failed',
  done: 'Done',
  cancelled: 'Cancelled',
};

export function percent(sent: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((sent / total) * 100)));
}
