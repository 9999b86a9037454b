import type { CliIo } from './cli-io.ts';
import { formatBytes } from '../../common/format-bytes.ts';

/** A one-line progress display on stderr for interactive terminals: name, percent, rate. */
export function progressLine(label: string, io: CliIo) {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update: ({ sentBytes, totalBytes }: { sentBytes: number; totalBytes: number }) => {
      const now = Date.now();
      if (now - lastDraw < 100 && sentBytes < totalBytes) return;
      lastDraw = now;
      drawn = true;
      const percent = totalBytes === 0 ? 100 : Math.floor((sentBytes / totalBytes) * 100);
      const rate = sentBytes / Math.max((now - started) / 1000, 0.001);
      io.err(
        `\r\x1b[2K  ${label}  ${percent}%  ${formatBytes(sentBytes)} of ${formatBytes(totalBytes)}  ${formatBytes(rate)}/s`,
      );
    },
    done: () => {
      if (drawn) io.err('\r\x1b[2K');
    },
  };
}
