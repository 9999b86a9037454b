/**
 * Turns any file name into one that is safe as the last segment of an object key and a URL:
 * no path, no control characters, no characters with meaning in URLs or shells, no leading dots,
 * at most MAX_NAME_BYTES of UTF-8. Unicode letters and emoji are kept (NFC), and so is the extension.
 */
export const MAX_NAME_BYTES = 120;

// Path separators, URL delimiters, Windows-reserved and quoting characters.
const UNSAFE = /[/\\?#%&+=:;*"'`<>|^{}[\]~$]/gu;
// C0/C1 controls, DEL, line/paragraph separators, zero-width space, bidi marks/overrides/isolates,
// BOM. Not U+200C/U+200D (ZWNJ/ZWJ): Persian words and emoji sequences (👩‍👩‍👧) need them.
const INVISIBLE = /[\p{Cc}\u2028\u2029\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** Cut to at most `maxBytes` of UTF-8 without splitting a grapheme (so an emoji is never halved). */
function truncateGraphemes(s: string, maxBytes: number): string {
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    if (byteLength(out + segment) > maxBytes) break;
    out += segment;
  }
  return out;
}

export function safeName(input: string): string {
  // One pass can expose something a second pass would change (truncation can leave `x-.txt`),
  // so repeat until nothing changes: isSafeName relies on safeName(safeName(x)) === safeName(x).
  let name = sanitizeOnce(input);
  for (let i = 0; i < 8; i++) {
    const again = sanitizeOnce(name);
    if (again === name) break;
    name = again;
  }
  return name;
}

function sanitizeOnce(input: string): string {
  const base = input.split(/[/\\]/).pop() ?? '';
  const name = base
    .replace(/\p{Cs}/gu, '_') // lone surrogates: not UTF-8, and encodeURIComponent throws on them
    .normalize('NFC')
    .replace(/[\t\n\v\f\r\x85]/g, ' ') // line breaks and tabs separate words, like spaces
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '_')
    .replace(/\s+/gu, '-')
    .replace(/[-_]{2,}/g, (run) => run[0]!)
    .replace(/[.\-_]+$/, '');

  const dot = name.lastIndexOf('.');
  let stem = dot >= 0 ? name.slice(0, dot) : name;
  let ext = dot >= 0 ? name.slice(dot) : '';
  if (byteLength(ext) > 24) {
    stem = name;
    ext = '';
  }
  // No separators at either end of the stem (`abc-_.txt` → `abc.txt`), also after truncation.
  const trim = (s: string): string => s.replace(/^[.\-_]+/, '').replace(/[.\-_]+$/, '');
  stem = trim(stem) || 'file';
  stem = trim(truncateGraphemes(stem, MAX_NAME_BYTES - byteLength(ext))) || 'file';
  return stem + ext;
}

/** True when `name` is already what safeName would make of it: the server accepts only these. */
export function isSafeName(name: string): boolean {
  return name.length > 0 && safeName(name) === name;
}
