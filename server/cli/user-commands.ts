/**
 * `traydrop-server user create|list|show|quota|disable|enable|invite|unlink-identity`: accounts, straight in the
 * database (show prints the user's OpenID Connect identities; unlink-identity unlinks one as the admin page
 * does, server/db/oidc-unlink.ts). Disabling
 * takes effect at once on every instance (tokens and links are checked against the users table on each
 * request); cached copies of the user's links are purged when CACHE_PURGE_URLS is set.
 */
import type { Database } from '../db/open-database.ts';
import { type IdentityView, listIdentities, unlinkIdentity } from '../db/oidc-unlink.ts';
import { summarizeAllUsers } from '../db/usage-all.ts';
import { type UserSummary, summarizeUser } from '../db/usage.ts';
import { DEFAULT_INVITE_EXPIRY, inviteTtl, issueInvite } from '../admin/invite-link.ts';
import { createUser, type QuotaChange, requireUser, setDisabled, setQuota, UserError } from '../db/users.ts';
import { CliUsageError, type ServerIo } from './io.ts';
import { parseSizeArg } from './size-arg.ts';
import { formatBytes } from '../../common/format-bytes.ts';

export interface UserOptions {
  admin?: boolean;
  email?: string;
  json?: boolean;
  storage?: string;
  transfer?: string;
  maxFile?: string;
  /** `user invite --expires 7d`: how long the invite works (1h to 90d). */
  expires?: string;
  /** `user unlink-identity --issuer URL --subject SUB`: which identity. */
  issuer?: string;
  subject?: string;
  /** SHARE_BASE_URL, read only by `user invite` (the invite link is on the main share host). */
  shareBaseUrl?: () => string;
  /** Called with the user's name once it is disabled (purges cached links); the serve config decides. */
  onDisabled?: (name: string) => Promise<void>;
}

const size = (bytes: number | null): string => (bytes === null ? 'no limit' : formatBytes(bytes));

const usedOf = (used: number, limit: number | null): string =>
  limit === null ? `${size(used)} (no limit)` : `${size(used)} of ${size(limit)}`;

function describe(s: UserSummary): string {
  return [
    `${s.name}${s.role === 'admin' ? ' (admin)' : ''}${s.disabled ? ' DISABLED' : ''}${s.email ? ` <${s.email}>` : ''}`,
    `  storage   ${usedOf(s.storageUsed, s.storageLimit)}`,
    `  transfer  ${usedOf(s.transferUsed, s.transferLimit)} this month`,
    `  max file  ${size(s.maxFileSize)}`,
    `  links     ${s.links}`,
  ].join('\n');
}

function identityLine(i: IdentityView): string {
  const last = i.lastSignInAt === null ? 'never signed in' : `last sign-in ${i.lastSignInAt}`;
  return `  identity  ${i.issuer}  subject ${i.subject}${i.email ? `  <${i.email}>` : ''}  linked ${i.linkedAt}, ${last}`;
}

function row(s: UserSummary): string {
  const state = s.disabled ? 'disabled' : 'active';
  return `${s.name}  ${s.role}  ${state}  storage ${usedOf(s.storageUsed, s.storageLimit)}  transfer ${usedOf(s.transferUsed, s.transferLimit)}  links ${s.links}`;
}

function quotaChange(options: UserOptions): QuotaChange {
  const change: QuotaChange = {};
  if (options.storage !== undefined) change.storageLimit = parseSizeArg('storage', options.storage);
  if (options.transfer !== undefined) change.transferLimit = parseSizeArg('transfer', options.transfer);
  if (options.maxFile !== undefined) change.maxFileSize = parseSizeArg('max-file', options.maxFile);
  return change;
}

/** The lifetime `--expires` gives, or a usage error that says what it takes. */
function inviteTtlArg(text: string): number {
  try {
    return inviteTtl(text);
  } catch (error) {
    throw new CliUsageError(`--expires ${(error as Error).message}`);
  }
}

export async function runUserCommand(
  db: Database,
  args: string[],
  options: UserOptions,
  io: ServerIo,
): Promise<number> {
  const [sub, target, ...extra] = args;
  if (extra.length > 0) throw new CliUsageError(`unexpected argument: ${extra[0]}`);
  const quotaGiven = [options.storage, options.transfer, options.maxFile].some((o) => o !== undefined);
  if (quotaGiven && sub !== 'quota') throw new CliUsageError('--storage, --transfer and --max-file go with user quota');
  if (options.admin && sub !== 'create' && sub !== 'invite')
    throw new CliUsageError('--admin goes with user create or user invite');
  if (options.email !== undefined && sub !== 'create') throw new CliUsageError('--email goes with user create');
  if (options.expires !== undefined && sub !== 'invite') throw new CliUsageError('--expires goes with user invite');
  if (options.json && sub !== 'list' && sub !== 'show') throw new CliUsageError('--json goes with user list or show');
  if ((options.issuer !== undefined || options.subject !== undefined) && sub !== 'unlink-identity')
    throw new CliUsageError('--issuer and --subject go with user unlink-identity');
  if (sub !== 'list' && sub !== 'invite' && sub !== undefined && !target)
    throw new CliUsageError(`user ${sub} needs a user name`);
  const now = new Date();
  switch (sub) {
    case 'create': {
      const user = await createUser(db, {
        name: target!,
        email: options.email ?? null,
        role: options.admin ? 'admin' : 'user',
        now,
      });
      io.out(`created ${user.role === 'admin' ? 'admin ' : ''}user ${user.name}\n`);
      return 0;
    }
    case 'invite': {
      if (target) throw new CliUsageError(`unexpected argument: ${target}`);
      const ttl = inviteTtlArg(options.expires ?? DEFAULT_INVITE_EXPIRY);
      const base = options.shareBaseUrl?.();
      if (!base)
        throw new CliUsageError('user invite needs SHARE_BASE_URL (the invite link is on the main share host)');
      const invite = await issueInvite(db, { admin: options.admin === true, ttlMs: ttl, now, shareBaseUrl: base });
      io.out(`${invite.url}\n`);
      io.err(`one-time invite for a new ${invite.role}, valid until ${invite.expiresAt}\n`);
      return 0;
    }
    case 'list': {
      if (target) throw new CliUsageError(`unexpected argument: ${target}`);
      const summaries = (await summarizeAllUsers(db, now)).map((entry) => entry.summary);
      if (options.json) io.out(`${JSON.stringify(summaries, null, 2)}\n`);
      else if (summaries.length === 0) io.err('no users yet; create one with `traydrop-server user create <name>`\n');
      else io.out(`${summaries.map(row).join('\n')}\n`);
      return 0;
    }
    case 'show': {
      const summary = await summarizeUser(db, await requireUser(db, target!), now);
      const identities = await listIdentities(db, target!);
      if (options.json) io.out(`${JSON.stringify({ ...summary, identities }, null, 2)}\n`);
      else io.out(`${[describe(summary), ...identities.map(identityLine)].join('\n')}\n`);
      return 0;
    }
    case 'unlink-identity': {
      const { issuer, subject } = options;
      if (!issuer || !subject) throw new CliUsageError('user unlink-identity needs --issuer and --subject');
      await requireUser(db, target!);
      const done = await unlinkIdentity(db, { userId: target!, issuer, subject }, now);
      if (!done)
        throw new UserError(
          `${target} has no identity with subject ${subject} at ${issuer} (\`traydrop-server user show ${target}\` lists them)`,
        );
      const ended = `${done.sessionsEnded} session${done.sessionsEnded === 1 ? '' : 's'}`;
      io.out(`unlinked ${subject} at ${issuer} from ${target}; ended ${ended} it signed in\n`);
      return 0;
    }
    case 'quota': {
      const change = quotaChange(options);
      await requireUser(db, target!);
      const user = await setQuota(db, target!, change);
      io.out(`${describe(await summarizeUser(db, user, now))}\n`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      await requireUser(db, target!);
      const user = await setDisabled(db, target!, sub === 'disable', now);
      if (sub === 'disable') await options.onDisabled?.(user.name);
      io.out(`${sub}d ${user.name}\n`);
      return 0;
    }
    default:
      throw new CliUsageError(
        sub
          ? `unknown user command: ${sub}`
          : 'user needs a command: create, list, show, quota, disable, enable, invite or unlink-identity',
      );
  }
}
