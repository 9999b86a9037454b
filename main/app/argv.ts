/**
 * What a command line asks the running app to do. The CLI forwards `traydrop capture region` etc. by starting
 * the app executable with those words; single-instance hands that argv to the first instance
 * (`second-instance`), and the same parser reads the first instance's own argv. Pure.
 */
import path from 'node:path';
import { parsePairLink, type PairLink } from './deep-link.ts';

export type CaptureMode = 'screen' | 'region' | 'window';
export type RecordMode = 'screen' | 'region';

export type AppCommand =
  | { type: 'capture'; mode: CaptureMode }
  /** `microphone`: `--microphone` or `--no-microphone` overrides the setting for this recording. */
  | { type: 'record'; action: 'start'; mode: RecordMode; microphone?: boolean }
  | { type: 'record'; action: 'stop' }
  | { type: 'share'; files: string[] }
  | { type: 'drop' }
  | { type: 'pair'; link: PairLink }
  | { type: 'invalid'; message: string };

const WORDS = new Set(['capture', 'record', 'share', 'drop']);

/**
 * `argv` is a whole command line (executable first; `electron .` in development adds the app folder; Chromium
 * may add `--switches`). Returns undefined when it asks for nothing (a plain second launch).
 */
export function parseAppArgv(argv: readonly string[], cwd: string): AppCommand | undefined {
  const rest = argv.slice(1);
  const link = rest.find((a) => a.toLowerCase().startsWith('traydrop://'));
  if (link) {
    const parsed = parsePairLink(link);
    return typeof parsed === 'string' ? { type: 'invalid', message: parsed } : { type: 'pair', link: parsed };
  }
  const at = rest.findIndex((a) => WORDS.has(a));
  if (at < 0) return undefined;
  const word = rest[at]!;
  const args = rest.slice(at + 1).filter((a) => !a.startsWith('--'));
  if (word === 'capture') {
    const mode = args[0] ?? 'screen';
    if (mode === 'screen' || mode === 'region' || mode === 'window') return { type: 'capture', mode };
    return { type: 'invalid', message: `capture ${mode}: expected screen, region or window` };
  }
  if (word === 'record') {
    if (args[0] === 'stop') return { type: 'record', action: 'stop' };
    if (args[0] === 'start' || args[0] === undefined) {
      const mode = args[1] ?? 'screen';
      const flags = rest.slice(at + 1);
      const microphone = flags.includes('--no-microphone') ? false : flags.includes('--microphone') ? true : undefined;
      if (mode === 'screen' || mode === 'region')
        return { type: 'record', action: 'start', mode, ...(microphone === undefined ? {} : { microphone }) };
      return { type: 'invalid', message: `record start ${mode}: expected screen or region` };
    }
    return { type: 'invalid', message: `record ${args[0]}: expected start or stop` };
  }
  if (word === 'drop') return { type: 'drop' };
  const files = rest.slice(at + 1).filter((a) => a !== '--');
  if (files.length === 0) return { type: 'invalid', message: 'share: name at least one file' };
  return { type: 'share', files: files.map((f) => path.resolve(cwd, f)) };
}
