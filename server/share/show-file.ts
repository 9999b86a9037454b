/** GET of a link by a browser or an unfurl bot: the share page (views and bot hits are counted). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { sharePage } from './page/share-page.ts';
import { previewKind } from './preview-kind.ts';
import { sendPage } from './respond.ts';
import { readTextPreview } from './text-preview.ts';

export function canonicalPath(upload: StoredUpload): string {
  return `/${upload.shareId}/${encodeURIComponent(upload.name)}`;
}

export async function showFile(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  opts: { baseUrl: string; bot: boolean },
): Promise<FastifyReply> {
  let kind = previewKind(upload.contentType, upload.name);
  // a limited link counts real downloads: no preview that shows the file without one
  if (upload.maxDownloads !== null) kind = 'none';
  const text =
    kind === 'text' && request.method !== 'HEAD' ? await readTextPreview(ctx, upload.key, upload.bytes) : null;
  if (request.method !== 'HEAD') ctx.stats.add(upload.shareId, ctx.now(), opts.bot ? { botHits: 1 } : { views: 1 });
  const pagePath = canonicalPath(upload);
  const now = ctx.now();
  return sendPage(request, reply, 200, (nonce) =>
    sharePage({ upload, pageUrl: opts.baseUrl + pagePath, pagePath, kind, text, nonce, now }),
  );
}
