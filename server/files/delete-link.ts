/** Deleting a link, the one way: DELETE /v1/files/:id and the dashboard's bulk delete both come here. */
import type { FastifyBaseLogger } from 'fastify';
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { deleteFile } from './delete-file.ts';

export async function deleteLink(ctx: AppContext, upload: StoredUpload, log: FastifyBaseLogger): Promise<void> {
  await deleteFile(ctx, upload);
  await purgeLink(ctx, upload.shareId, log); // no cache serves it a moment longer
}
