/** `traydrop-server serve`: config errors name the variable; the real binary serves and closes on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { API } from '../../common/broker-api.ts';
import { runServerCli } from '../../server/cli.ts';
import { ensureRgw, serverEnvFor } from '../helpers/rgw.ts';

const BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));

async function cli(argv: string[], env: Record<string, string>) {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  const code = await runServerCli(argv, env, io);
  return { code, ...io };
}

describe('traydrop-server serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-server-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with a message naming a missing variable', async () => {
    const result = await cli(['serve'], {});
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^traydrop-server: S3_ENDPOINT is required\n$/);
  });

  it('names an invalid variable, also from the config file', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ S3_ENDPOINT: 'http://127.0.0.1:7480', S3_REGION: 'us-east-1' }));
    const result = await cli(['serve'], { TRAYDROP_SERVER_CONFIG: file });
    assert.match(result.stderr, /S3_BUCKET is required/);
    const bad = await cli(['serve'], { TRAYDROP_SERVER_CONFIG: join(dir, 'missing.json') });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /TRAYDROP_SERVER_CONFIG: cannot read .*missing\.json/);
  });

  it('the binary serves /v1 and closes gracefully on SIGTERM', async () => {
    const rgw = await ensureRgw();
    const env = {
      ...process.env,
      ...serverEnvFor(rgw, { shareBaseUrl: 'https://s.example.test', databasePath: join(dir, 'serve.db') }),
      PORT: '0',
    };
    const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += String(chunk);
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    child.stdout.resume();
    const res = await fetch(url + API.me);
    assert.equal(res.status, 401);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);
  });
});
