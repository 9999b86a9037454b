/** What ffprobe and ffmpeg's volumedetect say about a file's sound. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { streamsOf } from './ffprobe.ts';

const exec = promisify(execFile);

export interface AudioProbe {
  /** The codec of each audio stream (none: []). */
  codecs: string[];
  /** Seconds of the first audio stream (0 without one). */
  duration: number;
}

export async function probeAudio(file: string): Promise<AudioProbe> {
  const audio = (await streamsOf(file)).filter((s) => s.type === 'audio');
  return { codecs: audio.map((s) => s.codec), duration: audio[0]?.duration ?? 0 };
}

/** The first audio stream's mean and loudest levels in dB (silence is about -91 dB). */
export async function volumeDb(file: string): Promise<{ mean: number; max: number }> {
  const { stderr } = await exec('ffmpeg', [
    '-hide_banner',
    '-i',
    file,
    '-map',
    '0:a:0',
    '-af',
    'volumedetect',
    '-f',
    'null',
    '-',
  ]);
  const level = (name: string): number => {
    const value = new RegExp(`${name}_volume:\\s*(-?[\\d.]+|-inf) dB`).exec(stderr)?.[1];
    if (value === undefined) throw new Error(`no ${name} volume in: ${stderr.slice(-400)}`);
    return value === '-inf' ? -Infinity : Number(value);
  };
  return { mean: level('mean'), max: level('max') };
}
