/**
 * `traydrop-server cache-log` as an operator runs it: its own process, log lines on its standard input, the summary
 * on its standard error. The cache-log tests (Varnish's lines, nginx's offload lines) book through it, so what
 * they check is the command's real start, parsing and exit, not a function call.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));

/** Runs it on `lines` with the database of `database` (env) and `args`; asserts exit 0; its stderr summary. */
export async function cacheLogProcess(
  database: Record<string, string>,
  lines: string,
  args: string[] = [],
): Promise<string> {
  const child = spawn(process.execPath, ['--no-warnings', SERVER_BIN, 'cache-log', ...args], {
    env: { ...process.env, ...database },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end(lines);
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 0, err);
  return err;
}
