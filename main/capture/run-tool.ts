/** Run an external capture tool and collect its stdout as bytes, with errors that say what to install. */
import { execFile } from 'node:child_process';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** What to tell the user when the program is missing, e.g. "install ImageMagick (apt install imagemagick)". */
  missingHint?: string;
  /**
   * Written to the program's stdin, which is then closed. Without it stdin is closed at once: a tool that
   * reads stdin when it is not a terminal (slurp reads predefined boxes from it) must never wait on it.
   */
  input?: string;
}

export class CaptureToolError extends Error {
  override name = 'CaptureToolError';
}

export function runTool(command: string, args: readonly string[], options: RunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      {
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
        timeout: options.timeoutMs ?? 30_000,
        env: options.env ?? process.env,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(
            new CaptureToolError(`${command} was not found${options.missingHint ? `: ${options.missingHint}` : ''}`),
          );
        }
        const detail = stderr.toString('utf8').trim().split('\n').slice(-3).join(' ') || error.message;
        reject(new CaptureToolError(`${command} failed: ${detail}`));
      },
    );
    child.stdin?.on('error', () => undefined); // it may exit without reading; its exit is reported above
    child.stdin?.end(options.input ?? '');
  });
}
