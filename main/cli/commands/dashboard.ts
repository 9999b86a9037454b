/**
 * traydrop dashboard [--print]: asks the server for a one-time sign-in link (device token; valid 60 s) and opens
 * it in the browser, or prints it (headless machines, scripts, another machine's browser).
 */
import { parseArgs } from 'node:util';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { openUrl } from '../../desktop/open-url.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { openSession } from '../session.ts';

export async function dashboardCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const { values } = parseArgs({ args, options: { print: { type: 'boolean', default: false } } });
  const session = await openSession(store);
  const { url } = await session.broker.dashboardSignInLink();
  if (values.print) {
    io.out(`${url}\n`);
    return EXIT.ok;
  }
  try {
    await openUrl(url, env);
  } catch (error) {
    io.err(`traydrop: ${(error as Error).message}; open this link yourself within a minute:\n`);
    io.out(`${url}\n`);
    return EXIT.failed;
  }
  io.err('traydrop: the dashboard opens in your browser (the link signs in once, within a minute)\n');
  return EXIT.ok;
}
