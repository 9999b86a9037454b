/** GET of a link by a browser or an unfurl bot: the share page (views and bot hits are counted). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { sharePage, shownKind } from './page/share-page.ts';
import { previewKind } from './preview-kind.ts';
import { sendPage } from './respond.ts';
import { readTextPreview } from './text-preview.ts';
import { ogThumbnail } from '../thumbnails/og-image.ts';

export function canonicalPath(upload: StoredUpload): string {
  return `/${upload.shareId}/${encodeURIComponent(upload.name)}`;
}

export async function showFile(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  opts: { baseUrl: string; bot: boolean; withoutContent?: boolean },
): Promise<FastifyReply> {
  // a limited link counts every byte handed out: its page shows (and reads) nothing of the file; nor does the page
  // an unfurl bot still gets of an owner past the month's transfer (a User-Agent opens nothing)
  const kind = opts.withoutContent ? 'none' : shownKind(upload, previewKind(upload.contentType, upload.name));
  const text =
    kind === 'text' && request.method !== 'HEAD' ? await readTextPreview(ctx, upload.key, upload.bytes) : null;
  if (request.method !== 'HEAD') ctx.stats.add(upload.shareId, ctx.now(), opts.bot ? { botHits: 1 } : { views: 1 });
  const pagePath = canonicalPath(upload);
  const now = ctx.now();
  const pageUrl = opts.baseUrl + pagePath;
  const ogImage = kind === 'image' ? await ogThumbnail(ctx.db, upload, pageUrl, now) : null;
  return sendPage(request, reply, 200, (nonce) =>
    sharePage({ upload, pageUrl, pagePath, kind, text, nonce, now, ogImage }),
  );
}
