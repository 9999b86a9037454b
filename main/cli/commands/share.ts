import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPIRY_VALUES, isExpiry } from '../../../common/expiry.ts';
import type { UploadKind } from '../../../common/expiry-rules.ts';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { shareFile } from '../../share/share-file.ts';
import { type CliIo, EXIT, UsageError } from '../cli-io.ts';
import { describeError } from '../describe-error.ts';
import { formatBytes, formatExpiry } from '../format.ts';
import { progressLine } from '../progress-line.ts';
import { parseRate } from '../parse-rate.ts';
import { openSession } from '../session.ts';
import { copyToSystemClipboard } from '../system-clipboard.ts';

/** One line of `share --json` output. `file`, `url`, `key`, `bytes`, `expire` are the stable contract. */
export interface ShareResult {
  file: string;
  ok: boolean;
  url?: string;
  key?: string;
  bytes?: number;
  expire?: string;
  expiresAt?: string | null;
  contentType?: string;
  error?: string;
}

const KINDS: UploadKind[] = ['file', 'screenshot', 'recording'];

function parseShareArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      expire: { type: 'string', short: 'e' },
      json: { type: 'boolean', default: false },
      kind: { type: 'string', default: 'file' },
      'no-copy': { type: 'boolean', default: false },
      'limit-rate': { type: 'string' },
    },
  });
  if (positionals.length === 0)
    throw new UsageError('usage: traydrop share <files…> [--expire 1d|7d|30d|90d|365d|never] [--json]');
  if (values.expire !== undefined && !isExpiry(values.expire)) {
    throw new UsageError(`--expire ${values.expire}: expected one of ${EXPIRY_VALUES.join(', ')}`);
  }
  if (!KINDS.includes(values.kind as UploadKind))
    throw new UsageError(`--kind ${values.kind}: expected one of ${KINDS.join(', ')}`);
  return {
    files: positionals,
    expire: values.expire,
    json: values.json,
    kind: values.kind as UploadKind,
    copy: !values['no-copy'],
    maxBytesPerSecond: values['limit-rate'] === undefined ? undefined : parseRate(values['limit-rate']),
  };
}

/** traydrop share <files…>: uploads each file, prints one link per line (or JSON), copies the links. */
export async function shareCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  signal?: AbortSignal,
): Promise<number> {
  const options = parseShareArgs(args);
  const session = await openSession(store);
  const results: ShareResult[] = [];
  let exitCode: number = EXIT.ok;

  for (const file of options.files) {
    const label = path.basename(file);
    const progress = io.interactive && !options.json ? progressLine(label, io) : undefined;
    try {
      const record = await shareFile(
        { credentials: session.credentials, broker: session.broker, rules: session.config.expiryRules },
        {
          path: file,
          kind: options.kind,
          expire: options.expire,
          signal,
          onProgress: progress?.update,
          maxBytesPerSecond: options.maxBytesPerSecond,
        },
      );
      progress?.done();
      results.push({
        file,
        ok: true,
        url: record.url,
        key: record.key,
        bytes: record.bytes,
        expire: record.expire,
        expiresAt: record.expiresAt,
        contentType: record.contentType,
      });
      if (!options.json) {
        io.err(`✓ ${label} · ${formatBytes(record.bytes)} · ${formatExpiry(record.expiresAt)}\n`);
        io.out(record.url + '\n');
      }
    } catch (error) {
      progress?.done();
      const failure = describeError(error);
      if (exitCode === EXIT.ok || failure.code === EXIT.auth) exitCode = failure.code;
      results.push({ file, ok: false, error: failure.message });
      io.err(`traydrop: ${file}: ${failure.message}\n`);
      if (failure.code === 130) break;
    }
  }

  if (options.json) io.out(JSON.stringify(results, null, 2) + '\n');
  const urls = results.flatMap((r) => (r.url ? [r.url] : []));
  if (options.copy && urls.length > 0 && (await copyToSystemClipboard(urls.join('\n'))) && !options.json) {
    io.err(urls.length === 1 ? 'Link copied to the clipboard.\n' : `${urls.length} links copied to the clipboard.\n`);
  }
  return exitCode;
}
