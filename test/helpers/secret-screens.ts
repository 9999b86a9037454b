/**
 * Generated screenshots with known secrets among ordinary text, for the secrets finder's test and its
 * precision/recall in bench/capture: each screen is a few lines of a terminal or a config file (monospace, so
 * the pixels of every secret are known), one secret at most per line, decoys (dates, versions, short hex,
 * plain URLs, prose) between them. Seeded: the same seed draws the same screens.
 */
import type { SecretKind } from '../../main/ocr/secret-patterns.ts';
import { lineBox, renderText, type TextImageOptions, type Theme } from './text-image.ts';

export interface KnownSecret {
  kind: SecretKind;
  text: string;
  /** Where it is in the image, in pixels. */
  box: { x: number; y: number; width: number; height: number };
}

export interface SecretScreen {
  png: Buffer;
  lines: string[];
  secrets: KnownSecret[];
  options: TextImageOptions;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function secretOf(kind: SecretKind, r: () => number): { label: string; text: string; extra?: string[] } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const chars = (n: number, set: string) => Array.from({ length: n }, () => pick([...set])).join('');
  const digits = (n: number) => chars(n, '0123456789');
  const mixedToken = (n: number, set: string) => {
    for (;;) {
      const t = chars(n, set);
      if (/[A-Z]/.test(t) && /[a-z]/.test(t) && /\d.*\d/.test(t)) return t;
    }
  };
  switch (kind) {
    case 'email':
      return {
        label: 'Reply-To:',
        text: `${pick(['anna', 'j.doe', 'ops', 'm.keller'])}${digits(2)}@${pick(['example.com', 'corp.example.org', 'mail.test.io'])}`,
      };
    case 'phone':
      return {
        label: 'Phone:',
        text: pick([
          `+1 (${digits(3)}) ${digits(3)}-${digits(4)}`,
          `+44 20 ${digits(4)} ${digits(4)}`,
          `+49 30 ${digits(4)} ${digits(3)}`,
        ]),
      };
    case 'ipv4':
      return {
        label: 'Host:',
        text: `${10 + Math.floor(r() * 180)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${1 + Math.floor(r() * 250)}`,
      };
    case 'ipv6':
      return {
        label: 'Address:',
        text: `2001:db8:${chars(4, '0123456789abcdef')}::${chars(3, '123456789abcdef')}:${chars(4, '0123456789abcdef')}`,
      };
    case 'url-credentials':
      return {
        label: 'DATABASE_URL=',
        text: `postgres://${pick(['admin', 'app', 'deploy'])}:${mixedToken(12, B64)}@db${digits(1)}.internal:5432/prod`,
      };
    case 'card': {
      const body = `4${digits(14)}`;
      let check = 0;
      for (let d = 0; d < 10; d++) if (luhn(body + d)) check = d;
      const n = body + check;
      return { label: 'Card:', text: n.replace(/(\d{4})(?=\d)/g, '$1 ') };
    }
    case 'aws-access-key':
      return { label: 'aws_access_key_id =', text: `AKIA${chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}` };
    case 'aws-secret-key':
      return { label: 'aws_secret_access_key =', text: mixedToken(40, B64) };
    case 'jwt': {
      const b64url = (s: string) => Buffer.from(s).toString('base64url');
      return {
        label: 'Authorization: Bearer',
        text: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${digits(8)}","exp":${digits(10)}}`)}.${mixedToken(22, B64)}`,
      };
    }
    case 'private-key':
      return {
        label: '',
        text: '-----BEGIN RSA PRIVATE KEY-----',
        extra: [mixedToken(48, B64), mixedToken(48, B64), `${mixedToken(30, B64)}==`, '-----END RSA PRIVATE KEY-----'],
      };
    case 'hex-token':
      return { label: 'commit', text: chars(40, '0123456789abcdef').replace(/^\D/, '7') };
    case 'assigned-secret':
      return { label: 'password =', text: mixedToken(14, B64) };
    case 'base64-token':
      return { label: 'GITHUB_TOKEN=', text: `ghp_${mixedToken(36, B64)}` };
  }
}

function luhn(n: string): boolean {
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const DECOYS = [
  'Build finished in 12.4 s on 2026-12-06 at 10:42:17',
  'traydrop v0.1.0 (node 22.18.0, electron 39.2.1)',
  'See https://docs.example.com/setup for details.',
  'Order #48213 shipped; tracking follows by mail.',
  'git log --oneline -3: a1b2c3d Fix the tray icon',
  'Total due: 1,234.56 EUR (VAT 19 %)',
  'Listening on port 8080, 4 workers, pid 31337',
  'The quick brown fox jumps over the lazy dog.',
  'Retrying in 30 seconds (attempt 2 of 5)',
  'Meeting room 4.12, Thursday 14:00-15:30',
];

export const SECRET_KINDS: readonly SecretKind[] = [
  'email',
  'phone',
  'ipv4',
  'ipv6',
  'url-credentials',
  'card',
  'aws-access-key',
  'aws-secret-key',
  'jwt',
  'private-key',
  'hex-token',
  'base64-token',
];

/** Screen `index` of a seeded series: 3 secrets (every kind in turn) and 4 decoys, light or dark, 1× or 2×. */
export function secretScreen(index: number, seed = 17): SecretScreen {
  const r = random(seed * 1000 + index);
  const theme: Theme = index % 2 ? 'dark' : 'light';
  const options: TextImageOptions = {
    scale: index % 3 === 2 ? 2 : 1,
    theme,
    font: 'DejaVu-Sans-Mono',
    size: 15,
    width: 1300,
  };
  const lines: string[] = [];
  const planned: { kind: SecretKind; line: number; column: number; text: string; rows: number; maxChars: number }[] =
    [];
  const decoys = [...DECOYS].sort(() => r() - 0.5);
  for (let k = 0; k < 3; k++) {
    lines.push(decoys[k]!);
    const kind = SECRET_KINDS[(index * 3 + k) % SECRET_KINDS.length]!;
    const { label, text, extra = [] } = secretOf(kind, r);
    const line = label ? `${label} ${text}` : text;
    planned.push({
      kind,
      line: lines.length,
      column: label ? label.length + 1 : 0,
      text,
      rows: 1 + extra.length,
      maxChars: Math.max(text.length, ...extra.map((e) => e.length)),
    });
    lines.push(line, ...extra);
  }
  lines.push(decoys[3]!);
  const secrets = planned.map((p) => {
    const start = lineBox(options, p.line, p.column);
    const first = lineBox(options, p.line, p.maxChars);
    const last = lineBox(options, p.line + p.rows - 1, 1);
    return {
      kind: p.kind,
      text: p.text,
      box: { x: start.x + start.width, y: first.y, width: first.width, height: last.y + last.height - first.y },
    };
  });
  return { png: renderText(lines, options), lines, secrets, options };
}

/** Of box a's area, the fraction inside box b. */
export function coveredFraction(a: KnownSecret['box'], b: KnownSecret['box']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / (a.width * a.height) : 0;
}

/**
 * A secret is found when the proposals on its line cover ≥ 95 % of its width (every character hidden; the
 * known box is exact across but only approximate in height, so rows count when they overlap half of it); a
 * proposal is right when it overlaps a secret. The counts give precision (right / proposals) and recall
 * (found / secrets).
 */
export function score(secrets: readonly KnownSecret[], proposals: readonly { box: KnownSecret['box'] }[]) {
  const found = secrets.filter((s) => {
    const rows = proposals.filter((p) => overlap(s.box.y, s.box.height, p.box.y, p.box.height) >= s.box.height / 2);
    let covered = 0;
    for (let x = s.box.x; x < s.box.x + s.box.width; x++)
      if (rows.some((p) => x >= p.box.x && x < p.box.x + p.box.width)) covered++;
    return covered >= 0.95 * s.box.width;
  });
  const right = proposals.filter((p) => secrets.some((s) => coveredFraction(p.box, s.box) > 0));
  return {
    secrets: secrets.length,
    found: found.length,
    proposals: proposals.length,
    right: right.length,
    missed: secrets.filter((s) => !found.includes(s)),
  };
}

const overlap = (a: number, al: number, b: number, bl: number): number =>
  Math.max(0, Math.min(a + al, b + bl) - Math.max(a, b));
