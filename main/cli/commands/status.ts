import path from 'node:path';
import { parseArgs } from 'node:util';
import { TOKEN_FILE, tokenFileGuard } from '../../config/device-token-store.ts';
import { keychainName } from '../../keyring/os-keychain.ts';
import type { ClientConfigStore } from '../../config/client-config.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { describeError } from '../describe-error.ts';
import { openSession, type Session } from '../session.ts';
import { formatBytes } from '../../../common/format-bytes.ts';

const tokenPlace = (where: 'keyring' | 'file', dir: string): string =>
  where === 'keyring' ? `in the ${keychainName()}` : `in ${path.join(dir, TOKEN_FILE)} (${tokenFileGuard()})`;

/** Why a token found where an earlier version kept it is still there (it moves into the keychain when it can). */
const tokenNotMoved = ({ tokenStorage, tokenStorageProblem: why }: Session): string => {
  if (!why) return '';
  return tokenStorage === 'file' ? ` (not in a keyring: ${why})` : ` (an earlier version's item, not moved: ${why})`;
};

/** "9.8 GB of 10 GB", or "1.2 GB (no limit)". */
const ofLimit = (used: number, limit: number | null): string =>
  limit === null ? `${formatBytes(used)} (no limit)` : `${formatBytes(used)} of ${formatBytes(limit)}`;

/**
 * traydrop status [--json]: who we are paired as, whether upload credentials can be had now, the plan's storage
 * and this month's transfer against their limits, and whether this CLI runs from its bundle (`npm run build`) or from the TypeScript sources.
 */
export async function statusCommand(
  args: string[],
  store: ClientConfigStore,
  io: CliIo,
  build: 'bundle' | 'source' = 'source',
): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const session = await openSession(store);
  const report: Record<string, unknown> = {
    server: session.config.serverUrl,
    configDir: store.dir,
    tokenStorage: session.tokenStorage,
    ...(session.tokenStorageProblem === undefined ? {} : { tokenStorageProblem: session.tokenStorageProblem }),
    build,
  };
  let code: number = EXIT.ok;
  try {
    const creds = await session.credentials.get();
    Object.assign(report, {
      user: creds.userId,
      shareBaseUrl: creds.shareBaseUrl,
      bucket: creds.bucket,
      credentialsValidUntil: creds.expiration,
      allowedExpiry: creds.allowedExpiry,
      ok: true,
    });
  } catch (error) {
    const failure = describeError(error);
    code = failure.code;
    Object.assign(report, { ok: false, error: failure.message });
  }
  // the plan's limits and this month's use (servers before issue #16 say nothing of them)
  const usage = await session.broker.me().then(
    (me) => me.usage,
    () => undefined,
  );
  if (usage) report.usage = usage;
  if (values.json) {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return code;
  }
  const lines = [
    `Server:       ${report.server}`,
    report.ok ? `User:         ${report.user}` : `Problem:      ${report.error}`,
    report.ok ? `Links:        ${report.shareBaseUrl}/…` : undefined,
    report.ok ? `Storage:      ok, credentials valid until ${report.credentialsValidUntil}` : undefined,
    report.ok ? `Expiry:       ${(report.allowedExpiry as string[]).join(', ')}` : undefined,
    usage ? `Space:        ${ofLimit(usage.storageUsed, usage.storageLimit)}` : undefined,
    usage ? `Transfer:     ${ofLimit(usage.transferUsed, usage.transferLimit)} this month` : undefined,
    `Token:        ${tokenPlace(session.tokenStorage, store.dir)}${tokenNotMoved(session)}`,
    `Config:       ${report.configDir}`,
    `Runs from:    ${build === 'bundle' ? 'the bundle (dist/cli/main.js)' : 'the TypeScript sources'}`,
  ];
  io.out(lines.filter(Boolean).join('\n') + '\n');
  return code;
}
