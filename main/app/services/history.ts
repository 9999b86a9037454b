/**
 * The history window's list: the server's index of the user's files (newest first, with downloads and
 * expiry), joined with the local queue for the local copy and a thumbnail. The server has no search, so a
 * search reads up to 10 pages of 200 and filters by name and link. Offline, the local queue's finished
 * uploads are shown instead (without download counts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileEntry } from '../../../common/broker-api.ts';
import { expiresAt } from '../../../common/expiry.ts';
import type { HistoryEntry, HistoryPage } from '../../../common/ipc-contract.ts';
import { BrokerError } from '../../credentials/broker-error.ts';
import type { Job } from '../../queue/job.ts';
import type { Journal } from '../../queue/journal.ts';
import type { ServerApi } from './server-api.ts';

export type Thumbnailer = (file: string) => Promise<string | null>;

const PAGE = 50;

export async function listHistory(
  api: () => Promise<ServerApi>,
  journal: Journal,
  thumbnail: Thumbnailer,
  query: { search?: string; cursor?: string | null },
): Promise<HistoryPage> {
  const jobs = new Map(journal.list(['done']).map((j) => [j.shareId, j]));
  const search = query.search?.trim().toLowerCase() ?? '';
  const entries: FileEntry[] = [];
  let cursor = query.cursor ?? null;
  try {
    const server = await api();
    for (let pages = 0; pages < (search ? 10 : 1); pages++) {
      const page = await server.listFiles(search ? 200 : PAGE, cursor);
      const hits = page.files.filter((f) => !search || `${f.name} ${f.url}`.toLowerCase().includes(search));
      entries.push(...hits);
      cursor = page.nextCursor;
      if (!cursor || entries.length >= PAGE) break;
    }
  } catch (error) {
    if (!(error instanceof BrokerError && error.status === 0)) throw error;
    return {
      entries: await Promise.all(localEntries(journal, search).map((e) => withThumb(e, thumbnail))),
      nextCursor: null,
    };
  }
  const out = entries.map((f): HistoryEntry => {
    const job = jobs.get(f.shareId);
    return {
      shareId: f.shareId,
      name: f.name,
      url: f.url,
      bytes: f.bytes,
      contentType: f.contentType,
      uploadedAt: f.uploadedAt,
      expiresAt: f.expiresAt,
      expired: f.expired,
      downloads: f.downloads,
      localPath: job && existsSync(job.source) ? job.source : null,
      thumbnail: null,
    };
  });
  return { entries: await Promise.all(out.map((e) => withThumb(e, thumbnail))), nextCursor: cursor };
}

async function withThumb(entry: HistoryEntry, thumbnail: Thumbnailer): Promise<HistoryEntry> {
  if (!entry.localPath || !entry.contentType.startsWith('image/')) return entry;
  return { ...entry, thumbnail: await thumbnail(entry.localPath).catch(() => null) };
}

function localEntries(journal: Journal, search: string): HistoryEntry[] {
  return journal
    .list(['done'])
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .filter((j) => !search || `${path.basename(j.source)} ${j.url}`.toLowerCase().includes(search))
    .slice(0, 200)
    .map((job: Job) => {
      const uploadedAt = job.record?.uploadedAt ?? new Date(job.updatedAt).toISOString();
      const expiry = job.record?.expiresAt ?? expiresAt(job.expire, new Date(uploadedAt))?.toISOString() ?? null;
      return {
        shareId: job.shareId,
        name: job.record?.name ?? path.basename(job.source),
        url: job.url,
        bytes: job.fingerprint.size,
        contentType: job.contentType,
        uploadedAt,
        expiresAt: expiry,
        expired: expiry !== null && Date.parse(expiry) <= Date.now(),
        downloads: 0,
        localPath: existsSync(job.source) ? job.source : null,
        thumbnail: null,
      };
    });
}
