/**
 * The uploads in flight the files list shows as "uploading" (GET /v1/files/uploading and the dashboard): those
 * started within the time the gateway still answers their early link with "uploading…" (older ones are dead
 * clients), narrowed by the list's name search and kind the same way as links. They are few, so the filter runs
 * here rather than in SQL.
 */
import type { UploadingEntry } from '../../common/dashboard-api.ts';
import { type FileKind, fileKindOf } from '../../common/file-query.ts';
import type { AppContext } from '../context.ts';
import { listInFlight } from '../db/in-flight.ts';
import { RESERVATION_TTL_MS } from '../share/uploading-page.ts';

/** Read at most this many of each kind (reserved, multipart) before the filter: a user rarely has more in flight. */
const READ_LIMIT = 500;

export async function uploadsInFlight(
  ctx: AppContext,
  userId: string,
  filter: { q?: string; kind?: FileKind },
  limit: number,
): Promise<UploadingEntry[]> {
  const since = new Date(ctx.now().getTime() - RESERVATION_TTL_MS);
  const q = filter.q?.toLowerCase();
  return (await listInFlight(ctx.db, userId, since, READ_LIMIT))
    .filter(
      (u) =>
        (q === undefined || u.name.toLowerCase().includes(q)) &&
        (!filter.kind || fileKindOf(u.contentType) === filter.kind),
    )
    .slice(0, limit);
}
