/**
 * The ffmpeg command line for one thumbnail, as a pure function. What keeps a hostile file harmless:
 * - `-max_pixels`: the decoder refuses a picture above MAX_PIXELS before allocating it (a 200 MP PNG of a few
 *   hundred KB, a "decompression bomb", fails at its header);
 * - `-protocol_whitelist` and `-format_whitelist`: the input is the presigned URL over HTTP(S) and nothing else,
 *   read by the demuxers of images and videos only (a playlist or concat file could otherwise make ffmpeg open other
 *   URLs or local files);
 * - one thread, one frame: a video is read only for its first second (`-t 1`, ffmpeg seeks with Range requests), of
 *   which the `thumbnail` filter keeps the most representative frame (not a black first one).
 * Memory, CPU time and priority are capped around the process (run-ffmpeg.ts).
 */
import { THUMBNAIL_SIZE } from './thumbnail-key.ts';

/** 64 MP: a 48 MP phone photo or an 8K frame passes; decoding one needs about 260 MB at most. */
export const MAX_PIXELS = 64_000_000;

const IMAGE_DEMUXERS = 'png_pipe,jpeg_pipe,gif,gif_pipe,webp_pipe,bmp_pipe,mov';
const VIDEO_DEMUXERS = 'mov,matroska,avi,mpegts,ogg,flv';

export function thumbnailArgs(input: string, kind: 'image' | 'video'): string[] {
  const protocols = input.startsWith('https:') ? 'https,tls,tcp' : 'http,tcp';
  const fit = `scale='min(${THUMBNAIL_SIZE},iw)':'min(${THUMBNAIL_SIZE},ih)':force_original_aspect_ratio=decrease`;
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-filter_threads', '1'],
    ...['-protocol_whitelist', protocols, '-format_whitelist', kind === 'image' ? IMAGE_DEMUXERS : VIDEO_DEMUXERS],
    ...['-rw_timeout', '15000000', '-threads', '1', '-max_pixels', String(MAX_PIXELS)],
    ...(kind === 'video' ? ['-t', '1'] : []),
    ...['-i', input],
    ...['-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-dn', '-map_metadata', '-1'],
    ...['-vf', kind === 'video' ? `${fit},thumbnail=25` : fit],
    ...['-threads', '1', '-c:v', 'libwebp', '-quality', '80', '-f', 'webp', 'pipe:1'],
  ];
}
