/**
 * The app's one logger: a rotating file in the platform's log folder (started from a launcher or at login, the
 * app's stderr goes nowhere), and stderr too in development. Every message and object passes redact.ts first
 * (an electron-log hook), so no transport sees a secret.
 *
 * electron-log's Node entry, not `electron-log/main`: that one requires `electron` and registers its own IPC
 * channels when imported, and windows here speak only the typed contract. The Node logger writes the same file.
 */
import path from 'node:path';
import { format } from 'node:util';
import log from 'electron-log/node';
import { redactValue } from './redact.ts';
import { rotateLogFiles } from './rotate.ts';

export const LOG_FILE = 'main.log';
/** A file grows to this size before it is rotated. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** How many rotated files (main.1.log … main.N.log) are kept beside main.log. */
export const LOG_KEEP = 3;

export interface AppLogOptions {
  /** The folder of main.log (`app.getPath('logs')`). */
  folder: string;
  maxBytes?: number;
  keep?: number;
  /** Where messages are echoed as `traydrop: …` lines (stderr in development), or none. */
  echo?: Pick<NodeJS.WritableStream, 'write'> | null;
}

export interface AppLog {
  /** The folder holding main.log and its rotated copies: what "Open log folder" opens. */
  readonly folder: string;
  readonly file: string;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

let instances = 0;

export function createAppLog(options: AppLogOptions): AppLog {
  const { folder } = options;
  const logger = log.create({ logId: `traydrop-${++instances}` });
  const { file: fileTransport, console: echoTransport } = logger.transports;
  // the Node logger asks for an app name before it reads resolvePathFn (which ignores it)
  fileTransport.setAppName('Traydrop');
  const file = path.join(folder, LOG_FILE);
  fileTransport.resolvePathFn = () => file;
  fileTransport.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  fileTransport.archiveLogFn = (full) => rotateLogFiles(full.path, options.keep ?? LOG_KEEP, () => full.clear());
  fileTransport.level = 'info';
  fileTransport.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}{z}] [{level}] {text}';
  // no windows to send to, no server to post to (the Node logger makes these only where they apply)
  for (const name of ['ipc', 'remote']) {
    const transport = logger.transports[name];
    if (transport) transport.level = false;
  }
  const echo = options.echo;
  if (echo) {
    echoTransport.level = 'info';
    echoTransport.format = '{text}';
    echoTransport.writeFn = ({ message }) => void echo.write(`traydrop: ${format(...message.data)}\n`);
  } else echoTransport.level = false;
  logger.hooks.push((message) => ({ ...message, data: message.data.map((item) => redactValue(item)) }));

  return {
    folder,
    file,
    info: (message, ...details) => logger.info(message, ...details),
    warn: (message, ...details) => logger.warn(message, ...details),
    error: (message, ...details) => logger.error(message, ...details),
  };
}
