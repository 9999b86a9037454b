import { parseArgs } from 'node:util';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { type CliIo, EXIT } from '../cli-io.ts';

/**
 * traydrop logout: forgets the pairing on this machine: the device token (keyring item and file) and the server
 * in config.json; the expiry rules stay. The server still knows the token: revoke it there to end it for good.
 */
export async function logoutCommand(args: string[], store: ClientConfigStore, io: CliIo): Promise<number> {
  parseArgs({ args, options: {} });
  const { serverUrl, userId: _u, shareBaseUrl: _b, ...rest } = await store.load();
  await store.clearToken();
  await store.save(rest);
  io.err(
    serverUrl
      ? `Logged out of ${serverUrl}: the device token is gone from this machine (revoke it on the server to end it there).\n`
      : 'Not logged in; nothing to forget.\n',
  );
  return EXIT.ok;
}
