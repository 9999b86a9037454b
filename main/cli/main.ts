import { clientConfigStore } from '../config/client-config.ts';
import { configDir } from '../config/config-dir.ts';
import { type CliIo, EXIT, processIo, UsageError } from './cli-io.ts';
import { captureCommand } from './commands/capture.ts';
import { loginCommand } from './commands/login.ts';
import { logoutCommand } from './commands/logout.ts';
import { queueCommand } from './commands/queue.ts';
import { recordCommand } from './commands/record.ts';
import { replaceCommand } from './commands/replace.ts';
import { shareCommand } from './commands/share.ts';
import { statusCommand } from './commands/status.ts';
import { describeError } from './describe-error.ts';
import { deviceTokenStore } from '../config/device-token-store.ts';
import { CliExit } from './session.ts';
import { dropCommand } from './commands/drop.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { asksForHelp, commandHelp } from './command-help.ts';
import { VERSION } from '../../common/version.ts';

const HELP = `traydrop: share files as short-lived links on your own domain

Usage:
  traydrop login <server-url> <device-token>   pair this machine (token "-" reads it from stdin); the token
                                               goes to the system keychain when there is one
  traydrop logout                              forget the pairing and the token on this machine
  traydrop share <files…> [options]            upload and print one link per file
      --expire, -e <1d|7d|30d|90d|365d|never>  how long the links live (default: your expiry rules)
      --kind <file|screenshot|recording>       which expiry rule applies (default: file)
      --json                                   print [{file, url, key, bytes, expire, …}] instead
      --no-copy                                do not copy the links to the clipboard
      --limit-rate <rate>                      bandwidth limit, like 500K or 2M (bytes per second)
      --wait                                   wait out network or server outages instead of exiting 4
  traydrop replace <link> <file> [options]     put the file's bytes behind a link this machine shared (the
                                               link stays the same; --json, --no-copy, --wait as for share)
  traydrop queue [--json]                      list upload jobs: id, state, progress, file, link, error
  traydrop queue run [--wait]                  upload every unfinished job (also those a crash left behind)
  traydrop queue retry <id>                    try a failed or cancelled job again, now
  traydrop queue cancel <id>                   stop a job (even one another traydrop is running)
  traydrop queue clear [--all]                 forget done/cancelled jobs older than a day (--all: every finished one)
  traydrop status [--json]                     show the pairing and check the server
  traydrop capture [screen|region|window]      screenshot → link (handed to the app when it runs; a region
                                               without it: --geometry "X,Y WxH", or slurp on Wayland, the
                                               desktop's own picker on GNOME/KDE Wayland; --no-copy, --json, --no-app)
  traydrop record start [screen|region]        record the screen (the app's HUD when it runs, else here
  traydrop record stop                         until \`record stop\`/Ctrl-C), then upload the mp4; a region
                                               without the app: --geometry "X,Y WxH", or slurp on Wayland;
                                               --microphone/--no-microphone: sound or not (default: settings)
  traydrop drop                                show or hide the running app's drop window
  traydrop dashboard [--print]                 open the web dashboard, signed in (a one-time link, valid
                                               60 s); --print prints the link instead of opening a browser

Every file goes into a durable queue first (its link is known at once); nothing is lost when the
network, the server or the process goes away.
Every command takes --help (traydrop share --help); traydrop --version prints the version.
Exit codes: 0 ok, 1 a file failed, 2 usage error, 3 not logged in or token rejected (jobs are kept),
4 server unreachable (files stay queued: traydrop queue run), 130 cancelled.
TRAYDROP_PART_SIZE (bytes) and TRAYDROP_CONCURRENCY (parts in flight) override the upload engine.
Config (and the token, where there is no keychain) live in $TRAYDROP_CONFIG_DIR (default: the platform's
config folder). TRAYDROP_TOKEN_STORAGE=file keeps the token in a 0600 file even where there is a keychain.
`;

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  io?: CliIo;
  signal?: AbortSignal;
  /** What bin/traydrop.js loaded: the bundle `npm run build` writes, or the TypeScript sources (`status` says). */
  build?: 'bundle' | 'source';
}

/** The whole CLI as a function: parses argv, runs one command, returns the exit code. */
export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const [command, ...args] = argv;
  if (command === '--version' || command === '-V') {
    io.out(`traydrop ${VERSION}\n`);
    return EXIT.ok;
  }
  // `traydrop <command> --help` (or `traydrop help <command>`): that command's entries of HELP
  const helpFor = command === 'help' ? args[0] : command !== undefined && asksForHelp(args) ? command : undefined;
  const commandUsage = helpFor === undefined ? undefined : commandHelp(HELP, helpFor);
  if (commandUsage !== undefined) {
    io.out(commandUsage);
    return EXIT.ok;
  }
  const env = options.env ?? process.env;
  const dir = configDir(env);
  const store = clientConfigStore(dir, deviceTokenStore(dir, { env }));
  try {
    switch (command) {
      case 'login':
        return await loginCommand(args, store, io);
      case 'logout':
        return await logoutCommand(args, store, io);
      case 'share':
        return await shareCommand(args, store, io, env, options.signal);
      case 'replace':
        return await replaceCommand(args, store, io, env, options.signal);
      case 'queue':
        return await queueCommand(args, store, io, env, options.signal);
      case 'status':
        return await statusCommand(args, store, io, options.build ?? 'source');
      case 'capture':
        return await captureCommand(args, store, io, env);
      case 'record':
        return await recordCommand(args, store, io, env, options.signal);
      case 'drop':
        return await dropCommand(args, store, io, env);
      case 'dashboard':
        return await dashboardCommand(args, store, io, env);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}". Run traydrop --help`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err(`traydrop: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CliExit) {
      io.err(`traydrop: ${error.message}\n`);
      return error.code;
    }
    const failure = describeError(error);
    io.err(`traydrop: ${failure.message}\n`);
    return failure.code;
  }
}
