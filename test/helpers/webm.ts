/** A WebM as MediaRecorder sends it (VP8), made by ffmpeg from its test picture, for the stream recorder's tests. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export async function testWebm(size: string, seconds: number): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-webm-'));
  const file = path.join(dir, 'shared.webm');
  try {
    const source = `testsrc=size=${size}:rate=30:duration=${seconds}`;
    await promisify(execFile)('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      source,
      '-c:v',
      'libvpx',
      '-b:v',
      '1M',
      '-f',
      'webm',
      file,
    ]);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
