/**
 * What the log must never hold, scrubbed from every message and object before it is written (app-log.ts runs
 * it as an electron-log hook, for the file and stderr alike): device tokens (`tdk_…`), pairing links'
 * `token=`, Authorization/Cookie/Set-Cookie values, `password`/`token`/`secret` fields, the broker's S3
 * credentials (secret key, session token) and passwords in URLs. A log file is mailed around with bug
 * reports: a word too many scrubbed costs less than one secret kept.
 */

export const REDACTED = '[redacted]';

/** Field names whose values are secrets, in objects (`{ sessionToken }`) and in text (`token=…`, `"secret": …`). */
const SECRET_NAME = '[\\w-]*(?:password|passwd|passphrase|secret|token|api[-_]?key|private[-_]?key|signature)[\\w-]*';
const SECRET_KEY = new RegExp(`^(?:${SECRET_NAME}|(?:proxy-)?authorization|cookie|set-cookie|credentials?)$`, 'i');

type Rule = [RegExp, string | ((match: string, ...groups: string[]) => string)];

/** Random base64: all three kinds of character, and few of the separators paths and names are full of. */
const looksRandom = (run: string): boolean =>
  /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) && (run.match(/[/_-]/g)?.length ?? 0) <= run.length / 16;

const TEXT_RULES: Rule[] = [
  // header lines and JSON fields: the whole value, which may hold spaces (`Bearer …`, `a=1; b=2`)
  [
    /\b((?:proxy-)?authorization|cookie|set-cookie)(["']?\s*[:=]\s*)(?:"[^"\n]*"|'[^'\n]*'|[^\n]*)/gi,
    `$1$2${REDACTED}`,
  ],
  // name=value, name: value, "name": "value", name%3D… (query strings, JSON, util.inspect output, env lines)
  [
    new RegExp(`\\b(${SECRET_NAME})(["']?\\s*(?:[:=]|%3D)\\s*)(?:"[^"\\n]*"|'[^'\\n]*'|[^\\s,;&)}\\]"']+)`, 'gi'),
    `$1$2${REDACTED}`,
  ],
  [/\bBearer\s+[\w.~+/=-]+/gi, `Bearer ${REDACTED}`],
  // device tokens wherever they appear (server/db/tokens.ts: `tdk_` + 32 bytes base64url)
  [/\btdk_[\w-]+/g, `tdk_${REDACTED}`],
  // https://user:password@host
  [/\b([a-z][\w+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // S3 credentials out of their object: access key ids, secret keys (40 characters of base64) and session
  // tokens (long base64 runs); file paths and names stay
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/(?<![\w+/=-])[A-Za-z0-9+/]{40}(?![\w+/=-])/g, (run) => (looksRandom(run) ? REDACTED : run)],
  [/[\w+/-]{80,}={0,2}/g, (run) => (looksRandom(run) ? REDACTED : run)],
];

/** The text with every secret shape replaced by `[redacted]`. */
export function redactText(text: string): string {
  return TEXT_RULES.reduce(
    (out, [pattern, replacement]) => out.replace(pattern, replacement as (match: string) => string),
    text,
  );
}

function redactError(error: Error, seen: WeakMap<object, unknown>): Error {
  const copy = new Error(redactText(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redactText(error.stack);
  seen.set(error, copy);
  // own fields an error may carry (`cause`, a request's `config.headers`…)
  for (const [key, value] of Object.entries(error)) Object.assign(copy, { [key]: redactField(key, value, seen) });
  if (error.cause !== undefined) copy.cause = redactValue(error.cause, seen);
  return copy;
}

function redactField(key: string, value: unknown, seen: WeakMap<object, unknown>): unknown {
  return SECRET_KEY.test(key) && value !== null && value !== undefined && value !== ''
    ? REDACTED
    : redactValue(value, seen);
}

/**
 * A copy of `value` that is safe to log: strings scrubbed, secret fields replaced, errors copied with their
 * message and stack scrubbed, bytes shown by their length. Cycles are kept as cycles (of the copies).
 */
export function redactValue(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Error) return redactError(value, seen);
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(redactValue(item, seen));
    return out;
  }
  const entries =
    value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [key, item] of entries) out[key] = redactField(key, item, seen);
  return out;
}
