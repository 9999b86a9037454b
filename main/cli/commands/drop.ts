import type { ClientConfigStore } from '../../config/client-config.ts';
import { type CliIo, EXIT, UsageError } from '../cli-io.ts';
import { findRunningApp, forwardToApp } from './running-app.ts';

/** traydrop drop: shows or hides the running app's drop window (a desktop shortcut where trays take no drops). */
export async function dropCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  forward: typeof forwardToApp = forwardToApp,
): Promise<number> {
  if (args.length > 0) throw new UsageError('usage: traydrop drop');
  const app = await findRunningApp(store.dir);
  if (!app) {
    io.err(
      'traydrop: the drop window belongs to the Traydrop app, which is not running; start it, or use traydrop share <files…>\n',
    );
    return EXIT.failed;
  }
  const code = await forward(app, ['drop'], env);
  if (code !== 0) io.err(`traydrop: the running app did not take the command (exit ${code})\n`);
  return code === 0 ? EXIT.ok : EXIT.failed;
}
