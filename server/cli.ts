/**
 * `traydrop-server`: serve, manage device tokens, reconcile the index, install lifecycle rules and bucket notifications. Returns an exit code (0 ok, 1 failure,
 * 2 usage) and writes human messages to io.err; never calls process.exit.
 */
import { parseArgs } from 'node:util';
import {
  type Env,
  loadCachePurgeUrls,
  loadConfig,
  loadDatabaseSetting,
  loadShareBaseUrl,
  shareBaseUrlSetting,
} from './config.ts';
import { purgeUserLinks } from './cache/purge-user.ts';
import { readConfigFile } from './config-file.ts';
import { openDatabase } from './db/open-database.ts';
import { startServer } from './server.ts';
import { CliUsageError, processServerIo, type ServerIo } from './cli/io.ts';
import { runCacheLog } from './cli/cache-log-command.ts';
import { runLifecycle, runReconcile } from './cli/maintenance-commands.ts';
import { runMigrateData } from './cli/migrate-data.ts';
import { runNotifications } from './cli/notification-commands.ts';
import { runTokenCommand } from './cli/token-commands.ts';
import { runUserCommand } from './cli/user-commands.ts';
import { commandUsage, USAGE } from './cli/usage.ts';
import { VERSION } from '../common/version.ts';
import { UserError } from './db/users.ts';

async function run(argv: string[], env: Env, io: ServerIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        label: { type: 'string' },
        'pair-url': { type: 'string' },
        'upload-only': { type: 'boolean' },
        sxcu: { type: 'string' },
        fix: { type: 'boolean' },
        prefix: { type: 'string' },
        url: { type: 'string' },
        topic: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        instance: { type: 'string' },
        format: { type: 'string' },
        'retention-hours': { type: 'string' },
        admin: { type: 'boolean' },
        email: { type: 'string' },
        json: { type: 'boolean' },
        storage: { type: 'string' },
        transfer: { type: 'string' },
        'max-file': { type: 'string' },
        expires: { type: 'string' },
        issuer: { type: 'string' },
        subject: { type: 'string' },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(`traydrop-server ${VERSION}\n`);
    return 0;
  }
  if (values.help || command === 'help') {
    // `<command> --help` and `help <command>`: that command's entries; without a command, all of it
    const topic = command === 'help' ? rest[0] : command;
    const usage = topic === undefined ? USAGE : commandUsage(topic);
    if (usage === undefined) throw new CliUsageError(`unknown command: ${topic}`);
    io.out(usage);
    return 0;
  }
  if (command === 'serve') {
    if (rest.length > 0 || values.label !== undefined) throw new CliUsageError('serve takes no arguments');
    const file = readConfigFile(env);
    const config = loadConfig(env, file);
    const { warning } = loadDatabaseSetting(env, file);
    if (warning) io.err(`traydrop-server: warning: ${warning}\n`);
    const server = await startServer(config);
    io.err(`traydrop-server listening on ${server.url}\n`);
    await server.closed;
    return 0;
  }
  if (command === 'reconcile') {
    if (rest.length > 0) throw new CliUsageError(`unexpected argument: ${rest[0]}`);
    const options = { fix: values.fix === true, ...(values.prefix === undefined ? {} : { prefix: values.prefix }) };
    return runReconcile(loadConfig(env, readConfigFile(env)), options, io);
  }
  if (command === 'lifecycle') {
    if (rest.length > 1) throw new CliUsageError(`unexpected argument: ${rest[1]}`);
    return runLifecycle(loadConfig(env, readConfigFile(env)), rest[0], io);
  }
  if (command === 'notifications') {
    if (rest.length > 1) throw new CliUsageError(`unexpected argument: ${rest[1]}`);
    const { url, prefix, topic } = values;
    return runNotifications(loadConfig(env, readConfigFile(env)), rest[0], { url, prefix, topic }, io);
  }
  if (command === 'cache-log') {
    if (rest.length > 0) throw new CliUsageError(`unexpected argument: ${rest[0]}`);
    const options = { format: values.format, instance: values.instance, retentionHours: values['retention-hours'] };
    const setting = loadDatabaseSetting(env, readConfigFile(env));
    if (setting.warning) io.err(`traydrop-server: warning: ${setting.warning}\n`);
    const db = await openDatabase(setting);
    try {
      return await runCacheLog(db, process.stdin, options, io);
    } finally {
      await db.destroy();
    }
  }
  if (command === 'token') {
    const { label, sxcu } = values;
    const createOnly = [label, values['pair-url'], values['upload-only'], sxcu].some((v) => v !== undefined);
    if (createOnly && rest[0] !== 'create')
      throw new CliUsageError('--label, --pair-url, --upload-only and --sxcu go with token create');
    const file = readConfigFile(env);
    const setting = loadDatabaseSetting(env, file);
    if (setting.warning) io.err(`traydrop-server: warning: ${setting.warning}\n`);
    const serverUrl = values.url ?? shareBaseUrlSetting(env, file);
    const options = { label, pairUrl: values['pair-url'], uploadOnly: values['upload-only'], sxcu, serverUrl };
    const db = await openDatabase(setting);
    try {
      return await runTokenCommand(db, rest, options, io);
    } finally {
      await db.destroy();
    }
  }
  if (command === 'user') {
    const file = readConfigFile(env);
    const setting = loadDatabaseSetting(env, file);
    if (setting.warning) io.err(`traydrop-server: warning: ${setting.warning}\n`);
    const cachePurgeUrls = loadCachePurgeUrls(env, file);
    const db = await openDatabase(setting);
    const log = {
      warn: (fields: object, message: string) => io.err(`traydrop-server: ${message} ${JSON.stringify(fields)}\n`),
    };
    try {
      const { admin, email, json, storage, transfer } = values;
      const onDisabled = async (name: string): Promise<void> => {
        const purged = await purgeUserLinks({ config: { cachePurgeUrls }, db }, name, log);
        if (purged > 0) io.err(`purged ${purged} links of ${name} from ${cachePurgeUrls.length} caches\n`);
      };
      const { expires, issuer, subject } = values;
      const shareBaseUrl = () => loadShareBaseUrl(env, file);
      const maxFile = values['max-file'];
      const quota = { storage, transfer, maxFile };
      const options = { admin, email, json, ...quota, expires, issuer, subject, shareBaseUrl, onDisabled };
      return await runUserCommand(db, rest, options, io);
    } finally {
      await db.destroy();
    }
  }
  if (command === 'migrate-data') {
    if (rest.length > 0) throw new CliUsageError(`unexpected argument: ${rest[0]}`);
    return runMigrateData(values.from, values.to, io);
  }
  throw new CliUsageError(command ? `unknown command: ${command}` : 'missing command');
}

export async function runServerCli(argv: string[], env: Env, io: ServerIo = processServerIo): Promise<number> {
  try {
    return await run(argv, env, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`traydrop-server: ${error.message}\n`);
      return 1;
    }
    if (error instanceof CliUsageError) {
      io.err(`traydrop-server: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`traydrop-server: ${(error as Error).message}\n`);
    return 1;
  }
}
