/**
 * The page a person (or a link-preview bot) sees for a shared file, with OpenGraph/Twitter tags. The page
 * of a link with max downloads shows nothing of the file and names no URL of its bytes (no og:image,
 * og:video, preview or preload): each byte of it is a booked download, which an unfurler must not spend.
 */
import type { StoredUpload } from '../../db/uploads.ts';
import { isActiveContent } from '../disposition.ts';
import { esc, formatRemaining } from '../html.ts';
import type { PreviewKind } from '../preview-kind.ts';
import type { TextPreview } from '../text-preview.ts';
import { page } from './layout.ts';
import { formatBytes } from '../../../common/format-bytes.ts';

export interface SharePageInput {
  upload: StoredUpload;
  /** Canonical absolute link of this page (no query). */
  pageUrl: string;
  /** Path of the page, for the relative raw and download links. */
  pagePath: string;
  kind: PreviewKind;
  text: TextPreview | null;
  nonce: string;
  now: Date;
  /** The og:image of a large image: its thumbnail (server/thumbnails/og-image.ts); null: the image itself. */
  ogImage?: { url: string; type: string } | null;
}

/** What a page may show of its file: nothing for a limited link, whatever kind it is. */
export function shownKind(upload: StoredUpload, kind: PreviewKind): PreviewKind {
  return upload.maxDownloads === null ? kind : 'none';
}

function ogTags(i: SharePageInput): string {
  const raw = `${i.pageUrl}/raw${(i.upload.version ?? 1) > 1 ? `?v=${i.upload.version}` : ''}`;
  const tags: [string, string][] = [
    ['og:title', i.upload.name],
    ['og:type', i.kind === 'video' ? 'video.other' : 'website'],
    ['og:url', i.pageUrl],
    ['og:site_name', 'Traydrop'],
    ['og:description', `${formatBytes(i.upload.bytes)} · ${i.upload.contentType.split(';')[0]}`],
  ];
  const image = i.ogImage ?? { url: raw, type: i.upload.contentType };
  if (i.kind === 'image') tags.push(['og:image', image.url], ['og:image:type', image.type]);
  if (i.kind === 'video') tags.push(['og:video', raw], ['og:video:type', i.upload.contentType]);
  if (i.kind === 'audio') tags.push(['og:audio', raw]);
  const twitter: [string, string][] = [
    ['twitter:card', i.kind === 'image' ? 'summary_large_image' : 'summary'],
    ['twitter:title', i.upload.name],
  ];
  if (i.kind === 'image') twitter.push(['twitter:image', image.url]);
  return [
    ...tags.map(([p, c]) => `<meta property="${p}" content="${esc(c)}">`),
    ...twitter.map(([n, c]) => `<meta name="${n}" content="${esc(c)}">`),
  ].join('\n');
}

function preview(i: SharePageInput, raw: string): string {
  const name = esc(i.upload.name);
  switch (i.kind) {
    case 'image':
      return `<div class="preview"><img src="${raw}" alt="${name}"></div>`;
    case 'video':
      return `<div class="preview"><video src="${raw}" controls preload="metadata" playsinline></video></div>`;
    case 'audio':
      return `<div class="preview"><audio src="${raw}" controls preload="metadata"></audio></div>`;
    case 'text':
      if (!i.text) return '';
      return `<div class="preview text"><pre>${esc(i.text.text)}</pre></div>${note(i)}`;
    default:
      return '';
  }
}

function note(i: SharePageInput): string {
  const notes: string[] = [];
  if (isActiveContent(i.upload.contentType, i.upload.name))
    notes.push('Shown as source text for safety: download the file to open it.');
  if (i.text?.truncated) notes.push('The preview shows the beginning of the file; download it for the rest.');
  return notes.map((n) => `<div class="note">${n}</div>`).join('');
}

export function sharePage(input: SharePageInput): string {
  const i = { ...input, kind: shownKind(input.upload, input.kind) };
  // a replaced link's image is asked for by a URL of its version: no browser shows the old one from its cache
  const version = (i.upload.version ?? 1) > 1 ? `?v=${i.upload.version}` : '';
  const raw = esc(`${i.pagePath}/raw${version}`);
  const download = esc(`${i.pagePath}/raw?download`);
  const updated = i.upload.replacedAt ? ` · updated ${i.upload.replacedAt.slice(0, 10)}` : '';
  const expires = i.upload.expiresAt
    ? ` · expires ${formatRemaining(Date.parse(i.upload.expiresAt) - i.now.getTime())}`
    : '';
  const open = i.kind === 'pdf' ? `<a class="btn" href="${raw}">Open</a>` : '';
  return page(
    { title: i.upload.name, nonce: i.nonce, meta: `${ogTags(i)}\n`, robots: 'noindex' },
    `<div class="card"><header><div><h1>${esc(i.upload.name)}</h1>
<div class="meta">${formatBytes(i.upload.bytes)}${updated}${expires}</div></div>
<div class="actions">${open}<a class="btn primary" href="${download}" download>Download</a></div></header>
${preview(i, raw)}</div>`,
  );
}
