/**
 * What the share page shows for a file. Active content (HTML, SVG, XML, JS) is never previewed
 * as what it is: at most its source as escaped text.
 */
import { isActiveContent } from './disposition.ts';

export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'text' | 'none';

const TEXT_EXTENSIONS = new Set(
  (
    'txt md markdown csv tsv log json jsonl yaml yml toml ini conf cfg env ts tsx js jsx mjs cjs py rb go rs java kt ' +
    'c h cc cpp hpp cs swift php sh bash zsh fish ps1 sql css scss less vue svelte lua pl r dart ex exs erl hs ' +
    'diff patch gitignore dockerfile makefile tf html htm svg xml'
  ).split(' '),
);

const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

export function previewKind(contentType: string, name: string): PreviewKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (isActiveContent(type, name)) return 'text';
  if (INLINE_IMAGES.has(type)) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/') || type === 'application/json' || TEXT_EXTENSIONS.has(ext)) return 'text';
  return 'none';
}
