/**
 * What a link's owner allows, asked where the gateway has found the link: a disabled (or vanished) account's links
 * answer 404 as if they never were; a user past the month's transfer limit gets 429 until the next UTC month.
 * Bytes of a limited user's link are admitted only with a transfer hold (server/db/transfer.ts), taken before the
 * first byte and dropped once the bytes served are booked (by nginx's log when they were offloaded: hold-handover.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { holdTransfer, releaseHold } from '../db/transfer.ts';
import { transferUsed } from '../db/usage.ts';
import type { User } from '../db/users.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { purgeUserLinks } from '../cache/purge-user.ts';
import { holdHandedOver, rememberHold } from './hold-handover.ts';
import { singleByteRange } from './range.ts';
import { sendStatus } from './respond.ts';
import type { StatusPage } from './page/status-page.ts';

/**
 * The owner while their links may be served; undefined for a disabled or unknown account (answer 404). Takes the
 * account as read already: the gateway reads a link and its owner in one statement (server/db/with-owner.ts).
 */
export function whileActive(user: User | undefined): User | undefined {
  return user && user.disabledAt === null ? user : undefined;
}

/** True when the owner has a transfer limit and this month's use (served + in flight) reached it. */
export async function overTransfer(ctx: AppContext, owner: User): Promise<boolean> {
  return owner.transferLimit !== null && (await transferUsed(ctx.db, owner.name, ctx.now())) >= owner.transferLimit;
}

/** The first instant of the next calendar month, UTC. */
export function nextMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** 429 with Retry-After (seconds to the next UTC month) and a page that says until when. */
export function sendOverTransfer(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const now = ctx.now();
  const until = nextMonth(now);
  const day = until.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const page: StatusPage = {
    status: 429,
    icon: '⏳',
    title: `This file is unavailable until ${day}`,
    message: "Its owner's monthly transfer is used up. The link works again from the start of next month (UTC).",
  };
  reply.header('retry-after', String(Math.ceil((until.getTime() - now.getTime()) / 1000)));
  return sendStatus(request, reply, page);
}

/** Bytes a GET with this Range will ask of an object of `size` bytes (the whole when there is no usable Range). */
export function expectedBytes(rangeHeader: string | undefined, size: number): number {
  const range = singleByteRange(rangeHeader);
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
  if (!m) return size;
  const [first, last] = [m[1]!, m[2]!];
  if (first === '') return Math.min(size, Number(last));
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return Math.max(0, end - Number(first) + 1);
}

/**
 * Before bytes of `upload` are sent: true when they may go. Owners without a transfer limit pass untouched. For the
 * others a HEAD only checks; a GET takes a hold of the bytes it may send (refused, false, once the limit is
 * reached), released when the response has closed and its bytes are booked. Once the download that crosses the
 * limit is over, the owner's links are purged from the caches, so a cached copy stops being served too.
 */
export async function admitBytes(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  owner: User,
): Promise<boolean> {
  const limit = owner.transferLimit;
  if (limit === null) return true;
  if (request.method === 'HEAD') return !(await overTransfer(ctx, owner));
  const hold = await holdTransfer(
    ctx.db,
    owner.name,
    limit,
    expectedBytes(request.headers.range, upload.bytes),
    ctx.now(),
  );
  if (!hold) return false;
  rememberHold(request, hold.id);
  reply.raw.once('close', () => {
    // after every close listener has run (serve-bytes adds the bytes sent to the statistics in its own)
    setImmediate(() => {
      ctx.stats
        .flush()
        // bytes handed to nginx: the log line that books them drops the hold
        .then(() => (holdHandedOver(request) ? undefined : releaseHold(ctx.db, hold.id)))
        .catch((error: unknown) => request.log.warn({ err: error, hold: hold.id }, 'could not release a transfer hold'))
        // once this response is over: a cache stores it as it passes, and a ban reaches only what is stored
        .then(() => (hold.crosses ? purgeUserLinks(ctx, owner.name, request.log) : 0))
        .catch((error: unknown) =>
          request.log.warn({ err: error }, 'could not purge the links of a user past the limit'),
        );
    });
  });
  return true;
}
