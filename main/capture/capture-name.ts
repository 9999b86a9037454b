/**
 * File names for captures, from a user pattern. Tokens:
 *   {date} 2026-11-24   {time} 09.41.07   {year} {month} {day} {hour} {minute} {second}   (local time)
 *   {kind} screenshot | region | window | recording | gif       {n} a counter, 1, 2, 3… (see saveCapture)
 * The result goes through common/safe-name.ts (so spaces become '-': the local name is also the link's name),
 * and ends with the given extension whatever the pattern says.
 */
import { safeName } from '../../common/safe-name.ts';

export const DEFAULT_CAPTURE_PATTERN = 'Screenshot {date} at {time}.png';
export const DEFAULT_RECORDING_PATTERN = 'Recording {date} at {time}.mp4';

export type CaptureKind = 'screenshot' | 'region' | 'window' | 'recording' | 'gif';

export interface NameFields {
  date: Date;
  kind: CaptureKind;
  n?: number;
}

const TOKENS = ['date', 'time', 'year', 'month', 'day', 'hour', 'minute', 'second', 'kind', 'n'] as const;

/** Why the pattern is not usable, or undefined when it is (for the settings form). */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'the naming pattern is empty';
  for (const [, token] of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!(TOKENS as readonly string[]).includes(token!)) {
      return `unknown token {${token}} (use ${TOKENS.map((t) => `{${t}}`).join(' ')})`;
    }
  }
  return undefined;
}

export function hasCounter(pattern: string): boolean {
  return pattern.includes('{n}');
}

/** The file name for these fields; `extension` like '.png'. */
export function captureName(pattern: string, fields: NameFields, extension: string): string {
  const problem = patternProblem(pattern);
  if (problem) throw new Error(problem);
  const d = fields.date;
  const two = (v: number): string => String(v).padStart(2, '0');
  const values: Record<(typeof TOKENS)[number], string> = {
    year: String(d.getFullYear()),
    month: two(d.getMonth() + 1),
    day: two(d.getDate()),
    hour: two(d.getHours()),
    minute: two(d.getMinutes()),
    second: two(d.getSeconds()),
    date: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    time: `${two(d.getHours())}.${two(d.getMinutes())}.${two(d.getSeconds())}`,
    kind: fields.kind,
    n: String(fields.n ?? 1),
  };
  const filled = pattern.replace(/\{([a-z]+)\}/g, (_, token: (typeof TOKENS)[number]) => values[token]);
  // A literal extension at the end of the pattern is replaced (a token's value, like {time}'s ".07", is not).
  const literal = /\.[a-z0-9]{1,5}$/i.exec(pattern)?.[0] ?? '';
  const stem = filled.slice(0, filled.length - literal.length);
  return safeName(stem + extension);
}
