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

export interface StreamInfo {
  /** 'video', 'audio', … */
  type: string;
  codec: string;
  /** Seconds (NaN where the container does not say). */
  duration: number;
}

/** Every stream of a file, in order. */
export async function streamsOf(file: string): Promise<StreamInfo[]> {
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name,duration',
    '-of',
    'json',
    file,
  ]);
  const { streams } = JSON.parse(stdout) as {
    streams: { codec_type: string; codec_name: string; duration?: string }[];
  };
  return streams.map((s) => ({ type: s.codec_type, codec: s.codec_name, duration: Number(s.duration) }));
}

/** "video h264", "audio aac", …: a file's streams in one line each. */
export const streamNames = async (file: string): Promise<string[]> =>
  (await streamsOf(file)).map((s) => `${s.type} ${s.codec}`);
