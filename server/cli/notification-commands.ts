/** `traydrop-server notifications install --url <u> [--prefix p] [--topic t] | show | remove`: RGW bucket notifications. */
import type { ServerConfig } from '../config.ts';
import { installNotifications, removeNotifications, showNotifications } from '../notifications/install.ts';
import { createOwnerS3 } from '../s3/owner-s3.ts';
import { CliUsageError, type ServerIo } from './io.ts';

export async function runNotifications(
  config: ServerConfig,
  sub: string | undefined,
  options: { url?: string; prefix?: string; topic?: string },
  io: ServerIo,
): Promise<number> {
  if (options.prefix !== undefined && !/^users\/([a-z0-9][a-z0-9._-]*\/)?$/.test(options.prefix))
    throw new CliUsageError('--prefix must be users/ or users/<userId>/');
  if (options.topic !== undefined && !/^[A-Za-z0-9_-]{1,200}$/.test(options.topic))
    throw new CliUsageError('--topic must be letters, digits, _ and -');
  if (sub !== 'install' && (options.url !== undefined || options.prefix !== undefined))
    throw new CliUsageError('--url and --prefix go with notifications install');
  const s3 = createOwnerS3(config);
  try {
    if (sub === 'install') {
      if (!options.url || !/^https?:\/\/[^/]+\/?$/.test(options.url))
        throw new CliUsageError(
          'notifications install needs --url http(s)://host[:port] (this server, as RGW reaches it)',
        );
      const r = await installNotifications({ s3, config }, { ...options, url: options.url });
      io.out(`topic ${r.topic}: ${r.arn}\nbucket notification ${r.notification} on ${config.s3Bucket}\n`);
      io.err(
        `RGW pushes to ${options.url.replace(/\/+$/, '')}/internal/rgw-events/<NOTIFICATION_SECRET>; it must reach that URL\n`,
      );
      return 0;
    }
    if (sub === 'show') {
      io.out(`${JSON.stringify(await showNotifications({ s3, config }, options.topic), null, 2)}\n`);
      return 0;
    }
    if (sub === 'remove') {
      const r = await removeNotifications({ s3, config }, options.topic);
      io.out(
        `bucket notification ${r.notification ? 'removed' : 'was not there'}; topic ${r.topic ? 'removed' : 'was not there'}\n`,
      );
      return 0;
    }
    throw new CliUsageError(
      sub ? `unknown notifications command: ${sub}` : 'notifications needs a command: install, show or remove',
    );
  } finally {
    s3.destroy();
  }
}
