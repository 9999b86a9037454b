/**
 * "Redact sensitive text": from OCR's lines of words, the places that look like secrets, each with the box to
 * redact (the union of the words it spans, so a partly recognised word is covered whole, and a margin).
 * Nothing is redacted here: the editor shows every proposal and the user accepts each one.
 *
 * A private key block spans lines: from its BEGIN line to its END line (or to the last line that looks like
 * base64 key material when the END line was not read).
 */
import type { OcrBox, OcrLine } from './words.ts';
import { SECRET_PATTERNS, type SecretKind } from './secret-patterns.ts';

export interface SecretProposal {
  kind: SecretKind;
  /** The text as OCR read it. */
  text: string;
  /** In image pixels, with `margin` added on every side. */
  box: OcrBox;
}

export interface FindSecretsOptions {
  /** Pixels added around each box. Default 3. */
  margin?: number;
}

export function unionBox(boxes: readonly OcrBox[]): OcrBox {
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const grow = (b: OcrBox, m: number): OcrBox => ({
  x: Math.max(0, b.x - m),
  y: Math.max(0, b.y - m),
  width: b.width + 2 * m,
  height: b.height + 2 * m,
});

/** The matches in one line, overlaps resolved by the patterns' priority. */
export function findInLine(line: string): { kind: SecretKind; start: number; end: number }[] {
  const taken: { kind: SecretKind; start: number; end: number }[] = [];
  for (const { kind, pattern, accept } of SECRET_PATTERNS) {
    for (const m of line.matchAll(pattern)) {
      const text = m[0].trim();
      const start = m.index + m[0].indexOf(text);
      const end = start + text.length;
      if (!text || (accept && !accept(text))) continue;
      if (taken.some((t) => start < t.end && t.start < end)) continue;
      taken.push({ kind, start, end });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

const KEY_MATERIAL = /^[A-Za-z0-9+/=]{16,}$/;

/**
 * The line's text for matching, with which word each character came from. OCR puts spaces where a monospace
 * font leaves a gap ("example. com", "postgres: //"): a space after a word ending in . / @ (or : before a / or inside a URL), or
 * before one starting with . @ :, is left out, so the secret is matched whole.
 */
export function lineText(words: readonly { text: string }[]): { text: string; owner: number[] } {
  let text = '';
  const owner: number[] = [];
  words.forEach((word, i) => {
    const previous = words[i - 1]?.text ?? '';
    const joined =
      /[./@]$/.test(previous) ||
      /^[.@:]/.test(word.text) ||
      (/:$/.test(previous) && (/^[:/]/.test(word.text) || previous.includes('//')));
    if (i > 0 && !joined) {
      text += ' ';
      owner.push(-1);
    }
    text += word.text;
    for (let c = 0; c < word.text.length; c++) owner.push(i);
  });
  return { text, owner };
}

const TOKEN_KINDS = new Set<SecretKind>(['hex-token', 'base64-token', 'aws-secret-key', 'jwt', 'assigned-secret']);
/** Vendor prefixes OCR may part from their token (GitHub, Slack, Stripe): covered with it. */
const TOKEN_PREFIX = /^(?:gh[pousr]|github_pat|xox[abprs]|sk|rk|pk)[_-]?$/;
/** A short run OCR split off the end of a token: covered with it. */
const TOKEN_TAIL = /^[A-Za-z0-9+/=_-]{1,8}$/;

export function findSecrets(lines: readonly OcrLine[], options: FindSecretsOptions = {}): SecretProposal[] {
  const margin = options.margin ?? 3;
  const found: SecretProposal[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const { text, owner } = lineText(line.words);
    for (const match of findInLine(text)) {
      const indexes = new Set(owner.slice(match.start, match.end).filter((i) => i >= 0));
      let first = Math.min(...indexes);
      let last = Math.max(...indexes);
      if (TOKEN_KINDS.has(match.kind)) {
        if (first > 0 && TOKEN_PREFIX.test(line.words[first - 1]!.text)) first--;
        while (last + 1 < line.words.length && TOKEN_TAIL.test(line.words[last + 1]!.text)) last++;
      }
      let boxes = line.words.slice(first, last + 1).map((w) => w.box);
      let matched = text.slice(match.start, match.end);
      if (match.kind === 'private-key') {
        let end = lines.findIndex((l, i) => i > n && /END [A-Z ]*PRIVATE KEY/.test(l.text));
        if (end < 0) {
          end = n;
          while (end + 1 < lines.length && KEY_MATERIAL.test(lines[end + 1]!.text.replace(/\s/g, ''))) end++;
        }
        boxes = lines.slice(n, end + 1).map((l) => l.box);
        matched = lines
          .slice(n, end + 1)
          .map((l) => l.text)
          .join('\n');
        n = end;
      }
      found.push({ kind: match.kind, text: matched, box: grow(unionBox(boxes), margin) });
      if (match.kind === 'private-key') break;
    }
  }
  return found;
}
