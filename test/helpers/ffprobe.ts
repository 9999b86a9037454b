/** What ffprobe says about a video file's first stream. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Probe {
  codec: string;
  width: number;
  height: number;
  pixFmt: string;
  /** Seconds. */
  duration: number;
  format: string;
}

export async function probeVideo(file: string): Promise<Probe> {
  const entries = 'stream=codec_name,width,height,pix_fmt:format=duration,format_name';
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    entries,
    '-of',
    'json',
    file,
  ]);
  const json = JSON.parse(stdout) as {
    streams: Record<string, string | number>[];
    format: { duration: string; format_name: string };
  };
  const s = json.streams[0]!;
  return {
    codec: String(s.codec_name),
    width: Number(s.width),
    height: Number(s.height),
    pixFmt: String(s.pix_fmt),
    duration: Number(json.format.duration),
    format: json.format.format_name,
  };
}
