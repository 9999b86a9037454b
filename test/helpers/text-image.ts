/**
 * Known text drawn into a PNG with ImageMagick, as a screen shows it: light or dark theme, at 1× or 2× (the
 * same layout with every length doubled, as a HiDPI capture). The OCR and secrets tests read these back.
 */
import { execFileSync } from 'node:child_process';
import { command, file } from './requirements.ts';

export const TEXT_IMAGE_NEEDS = [
  command('convert'),
  file('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', 'fonts-dejavu-core'),
];

export type Theme = 'light' | 'dark';

export const THEMES: Record<Theme, { background: string; foreground: string }> = {
  light: { background: '#ffffff', foreground: '#1f2328' },
  dark: { background: '#0d1117', foreground: '#e6edf3' },
};

export interface TextImageOptions {
  scale?: 1 | 2;
  theme?: Theme;
  /** An ImageMagick font name. Default DejaVu-Sans. */
  font?: string;
  /** Point size at 1× (pixels: ImageMagick draws at 72 dpi). Default 15. */
  size?: number;
  width?: number;
  left?: number;
  top?: number;
  lineHeight?: number;
}

/** Where each line's text starts (its top-left, at the given scale), for tests that need the pixels of a line. */
export function lineBox(options: TextImageOptions, index: number, chars: number, mono = 0.602) {
  const s = options.scale ?? 1;
  const size = options.size ?? 15;
  const { left = 20, top = 20, lineHeight = Math.round(size * 1.8) } = options;
  return {
    x: left * s,
    y: (top + index * lineHeight) * s,
    width: Math.ceil(chars * size * mono * s),
    height: Math.round(size * 1.3 * s),
  };
}

/** Escape what -annotate would interpret: % escapes, a leading @ (read a file), backslashes. */
const literal = (text: string): string => text.replace(/\\/g, '\\\\').replace(/%/g, '%%').replace(/^@/, '\\@');

export function renderText(lines: readonly string[], options: TextImageOptions = {}): Buffer {
  const s = options.scale ?? 1;
  const size = options.size ?? 15;
  const { left = 20, top = 20, lineHeight = Math.round(size * 1.8), width = 900 } = options;
  const { background, foreground } = THEMES[options.theme ?? 'light'];
  const height = top * 2 + lines.length * lineHeight;
  const args = [
    '-size',
    `${width * s}x${height * s}`,
    `xc:${background}`,
    '-font',
    options.font ?? 'DejaVu-Sans',
    '-pointsize',
    String(size * s),
    '-fill',
    foreground,
    '-gravity',
    'NorthWest',
  ];
  lines.forEach((line, i) => args.push('-annotate', `+${left * s}+${(top + i * lineHeight) * s}`, literal(line)));
  args.push('-strip', 'png:-');
  return execFileSync('convert', args, { maxBuffer: 64 << 20 });
}

/** Character accuracy: 1 − edit distance / expected length, whitespace runs folded to one space. */
export function characterAccuracy(expected: string, got: string): number {
  const a = expected.replace(/\s+/g, ' ').trim();
  const b = got.replace(/\s+/g, ' ').trim();
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return 1 - previous[b.length]! / a.length;
}
