/** A CLI profile logged in to a test server, its captures going to `<dir>/captures` (the capture tests' setup). */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './run-cli.ts';
import { uniqueUserId, type TestServer } from './server.ts';

export async function capturingProfile(server: TestServer, dir: string, user: string): Promise<string> {
  const configDir = path.join(dir, 'profile');
  const login = await runCli(['login', server.url, await server.createToken(uniqueUserId(user))], { configDir });
  assert.equal(login.code, 0, login.stderr);
  writeFileSync(path.join(configDir, 'settings.json'), JSON.stringify({ capturesFolder: path.join(dir, 'captures') }));
  return configDir;
}
