/** `traydrop-server token create|list|revoke`: work on the database directly. */
import type { Database } from '../db/open-database.ts';
import { createToken, type DeviceToken, listTokens, revokeToken } from '../db/tokens.ts';
import { pairLink } from '../../common/pair-link.ts';
import type { ServerIo } from './io.ts';
import { CliUsageError } from './io.ts';
import { checkUserName, requireUser, UserError } from '../db/users.ts';

function row(t: DeviceToken): string {
  const label = t.label ? `  label=${t.label}` : '';
  return `${t.id}  ${t.userId}  created ${t.createdAt}  last used ${t.lastUsedAt ?? 'never'}  ${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}${label}`;
}

/** `pairUrl`: this server's address as the desktop reaches it; then a traydrop://pair link is printed instead. */
export async function runTokenCommand(
  db: Database,
  args: string[],
  { label, pairUrl }: { label?: string; pairUrl?: string },
  io: ServerIo,
): Promise<number> {
  const [sub, target, ...extra] = args;
  if (extra.length > 0) throw new CliUsageError(`unexpected argument: ${extra[0]}`);
  switch (sub) {
    case 'create': {
      if (!target) throw new CliUsageError('token create needs a user id: token create <user> [--label x]');
      if (pairUrl !== undefined) httpUrl(pairUrl);
      checkUserName(target);
      // a token is for an account that exists and may sign in: nothing is created on the way
      const user = await requireUser(db, target);
      if (user.disabledAt)
        throw new UserError(`user ${target} is disabled; enable it first: traydrop-server user enable ${target}`);
      const { token } = await createToken(db, target, label === undefined ? {} : { label });
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

function httpUrl(text: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
    throw new CliUsageError(`--pair-url must be this server's http(s) address as the desktop reaches it, not ${text}`);
}
