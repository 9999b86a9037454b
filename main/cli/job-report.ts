/** How `share`, `queue run` and `queue retry` report what became of each file, and the exit code. */
import path from 'node:path';
import type { Job } from '../queue/job.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { formatExpiry } from './format.ts';
import { formatBytes } from '../../common/format-bytes.ts';

/** One element of `share --json`. `file`, `url`, `key`, `bytes`, `expire` are the stable contract. */
export interface ShareResult {
  file: string;
  ok: boolean;
  url?: string;
  key?: string;
  bytes?: number;
  expire?: string;
  expiresAt?: string | null;
  contentType?: string;
  error?: string;
  /** The queue job (`traydrop queue`), when the file got that far. */
  job?: string;
  state?: string;
}

/** A file as given on the command line: its job, or why it never got one. */
export type Entry = { file: string; job: Job } | { file: string; error: { code: number; message: string } };

export const SIGN_IN_HINT = 'run: traydrop login <server-url> <device-token>';

function outcome(job: Job): { code: number; message?: string; link: boolean } {
  switch (job.state) {
    case 'done':
      return { code: EXIT.ok, link: true };
    case 'failed':
      return { code: EXIT.failed, message: job.error ?? 'failed', link: false };
    case 'cancelled':
      return { code: 130, message: 'cancelled', link: false };
    case 'signed_out':
      return {
        code: EXIT.auth,
        message: `${job.error} (${SIGN_IN_HINT}; the upload is kept and continues with \`traydrop queue run\`)`,
        link: false,
      };
    default: {
      const why = job.state === 'waiting_network' ? `waiting for the network (${job.error})` : 'waiting its turn';
      return {
        code: EXIT.unreachable,
        message: `queued, ${why}; it will upload with \`traydrop queue run\``,
        link: true,
      };
    }
  }
}

export function resultOf(entry: Entry): ShareResult {
  if ('error' in entry) return { file: entry.file, ok: false, error: entry.error.message };
  const { job } = entry;
  const { message } = outcome(job);
  return {
    file: entry.file,
    ok: job.state === 'done',
    url: job.record?.url ?? job.url,
    key: job.key,
    bytes: job.record?.bytes ?? job.fingerprint.size,
    expire: job.record?.expire ?? job.expire,
    ...(job.record ? { expiresAt: job.record.expiresAt } : {}),
    contentType: job.record?.contentType ?? job.contentType,
    ...(message && job.state !== 'done' ? { error: message } : {}),
    job: job.id,
    state: job.state,
  };
}

/** Worst first: cancelled, then signed out, then the first other failure. */
export function combineExit(codes: number[]): number {
  if (codes.includes(130)) return 130;
  if (codes.includes(EXIT.auth)) return EXIT.auth;
  return codes.find((code) => code !== EXIT.ok) ?? EXIT.ok;
}

/** Prints the outcome of jobs (the bad-input entries were printed when they happened). */
export function reportJobs(entries: Entry[], io: CliIo, json: boolean): { code: number; urls: string[] } {
  const codes: number[] = [];
  const urls: string[] = [];
  for (const entry of entries) {
    if ('error' in entry) {
      codes.push(entry.error.code);
      continue;
    }
    const { job } = entry;
    const { code, message, link } = outcome(job);
    codes.push(code);
    if (link) urls.push(job.record?.url ?? job.url);
    if (message) io.err(`traydrop: ${entry.file}: ${message}\n`); // failures go to stderr, with --json too
    if (json) continue;
    if (job.state === 'done' && job.record) {
      const { bytes, expiresAt } = job.record;
      io.err(`✓ ${path.basename(entry.file)} · ${formatBytes(bytes)} · ${formatExpiry(expiresAt)}\n`);
    }
    if (link) io.out(`${job.record?.url ?? job.url}\n`);
  }
  if (json) io.out(JSON.stringify(entries.map(resultOf), null, 2) + '\n');
  return { code: combineExit(codes), urls };
}
