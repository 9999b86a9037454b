import path from 'node:path';
import { parseArgs } from 'node:util';
import { BrokerClient } from '../../credentials/broker-client.ts';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { TOKEN_FILE, tokenFileGuard } from '../../config/device-token-store.ts';
import { keychainName } from '../../keyring/os-keychain.ts';
import { type CliIo, EXIT, UsageError } from '../cli-io.ts';
import { describeError } from '../describe-error.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${text}" is not a URL; expected something like https://traydrop.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('the server URL must start with http:// or https://');
  return url.href.replace(/\/+$/, '');
}

const tokenFileFor = (store: ClientConfigStore): string => path.join(store.dir, TOKEN_FILE);

/** traydrop login <server-url> <token|->: checks the token with the server, then saves the pairing. */
export async function loginCommand(args: string[], store: ClientConfigStore, io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 2)
    throw new UsageError('usage: traydrop login <server-url> <device-token>   (use - to read the token from stdin)');
  const serverUrl = parseServerUrl(positionals[0]!);
  const token = positionals[1] === '-' ? await readStdin() : positionals[1]!;
  if (!token) throw new UsageError('the device token is empty');

  let me;
  try {
    me = await new BrokerClient({ serverUrl, token }).me();
  } catch (error) {
    const { code, message } = describeError(error);
    io.err(`traydrop: login failed: ${code === EXIT.auth ? 'the server rejected this device token' : message}\n`);
    return code;
  }
  const config = await store.load();
  await store.save({ ...config, serverUrl, userId: me.userId, shareBaseUrl: me.shareBaseUrl });
  const saved = await store.saveToken(token);
  io.err(`Logged in to ${serverUrl} as ${me.userId}. Links look like ${me.shareBaseUrl}/…\n`);
  io.err(
    saved.where === 'keyring'
      ? `The device token is in your ${keychainName()}.\n`
      : `The device token is in ${tokenFileFor(store)}, ${tokenFileGuard()}` +
          (saved.keyringProblem ? ` (not in a keyring: ${saved.keyringProblem})` : '') +
          '.\n',
  );
  return EXIT.ok;
}
