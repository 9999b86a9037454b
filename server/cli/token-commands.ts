/** `traydrop-server token create|list|revoke`: work on the database directly. */
import { writeFileSync } from 'node:fs';
import type { Database } from '../db/open-database.ts';
import { createToken, type DeviceToken, listTokens, revokeToken } from '../db/tokens.ts';
import { pairLink } from '../../common/pair-link.ts';
import { sxcuText } from '../uploads/sxcu.ts';
import type { ServerIo } from './io.ts';
import { CliUsageError } from './io.ts';
import { checkUserName, requireUser, UserError } from '../db/users.ts';

export interface TokenCreateOptions {
  label?: string;
  /** This server's address as the desktop reaches it; then a traydrop://pair link is printed instead. */
  pairUrl?: string;
  /** A token for POST /v1/upload only (ShareX, scripts, phone shortcuts). */
  uploadOnly?: boolean;
  /** Also write a ShareX custom uploader for the new token to this path (needs uploadOnly and serverUrl). */
  sxcu?: string;
  /** The server's address as ShareX reaches it (--url, else SHARE_BASE_URL). */
  serverUrl?: string;
}

function row(t: DeviceToken): string {
  const label = t.label ? `  label=${t.label}` : '';
  const kind = t.kind === 'upload' ? '  upload-only' : '';
  return `${t.id}  ${t.userId}  created ${t.createdAt}  last used ${t.lastUsedAt ?? 'never'}  ${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}${kind}${label}`;
}

export async function runTokenCommand(
  db: Database,
  args: string[],
  options: TokenCreateOptions,
  io: ServerIo,
): Promise<number> {
  const { label, pairUrl } = options;
  const [sub, target, ...extra] = args;
  if (extra.length > 0) throw new CliUsageError(`unexpected argument: ${extra[0]}`);
  switch (sub) {
    case 'create': {
      if (!target) throw new CliUsageError('token create needs a user id: token create <user> [--label x]');
      if (pairUrl !== undefined) httpUrl(pairUrl, '--pair-url', 'as the desktop reaches it');
      const sxcuServer = checkUploadOnly(options);
      checkUserName(target);
      // a token is for an account that exists and may sign in: nothing is created on the way
      const user = await requireUser(db, target);
      if (user.disabledAt)
        throw new UserError(`user ${target} is disabled; enable it first: traydrop-server user enable ${target}`);
      const kind = options.uploadOnly ? 'upload' : 'device';
      const { token, record } = await createToken(db, target, { ...(label === undefined ? {} : { label }), kind });
      if (options.sxcu !== undefined && sxcuServer !== undefined) {
        // it holds the token: readable by its owner only
        writeFileSync(options.sxcu, sxcuText({ serverUrl: sxcuServer, token }), { mode: 0o600 });
        io.err(`wrote ${options.sxcu}: a ShareX custom uploader for token ${record.id} (${target}, upload-only)\n`);
      }
      io.out(`${pairUrl === undefined ? token : pairLink(pairUrl, token)}\n`);
      return 0;
    }
    case 'list': {
      if (target) throw new CliUsageError(`unexpected argument: ${target}`);
      const tokens = await listTokens(db);
      io.out(tokens.length === 0 ? '' : `${tokens.map(row).join('\n')}\n`);
      if (tokens.length === 0) io.err('no device tokens yet; create one with `traydrop-server token create <user>`\n');
      return 0;
    }
    case 'revoke': {
      if (!target) throw new CliUsageError('token revoke needs a token or a token id');
      const revoked = await revokeToken(db, target);
      if (!revoked) {
        io.err(`no such token: ${target.startsWith('tdk_') ? '(the token given)' : target}\n`);
        return 1;
      }
      io.out(`revoked ${revoked.id} (${revoked.userId})\n`);
      return 0;
    }
    default:
      throw new CliUsageError(sub ? `unknown token command: ${sub}` : 'token needs a command: create, list or revoke');
  }
}

/** --sxcu needs --upload-only and a server address; --pair-url makes no sense with it. The .sxcu's server. */
function checkUploadOnly(options: TokenCreateOptions): string | undefined {
  if (options.uploadOnly && options.pairUrl !== undefined)
    throw new CliUsageError('--pair-url pairs the desktop app, which needs a device token: leave out --upload-only');
  if (options.sxcu === undefined) return undefined;
  if (!options.uploadOnly)
    throw new CliUsageError('--sxcu goes with --upload-only: ShareX needs a token that can only upload');
  if (options.serverUrl === undefined)
    throw new CliUsageError("--sxcu needs this server's address: --url https://… (or set SHARE_BASE_URL)");
  httpUrl(options.serverUrl, '--url', 'as ShareX reaches it');
  return options.serverUrl;
}

function httpUrl(text: string, option: string, reached: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
    throw new CliUsageError(`${option} must be this server's http(s) address ${reached}, not ${text}`);
}
