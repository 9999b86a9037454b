/**
 * The share gateway. `/:shareId/:name` is the page for browsers and unfurl bots and the bytes for
 * everything else; `/:shareId/:name/raw` and `?download` are always the bytes. The object key
 * comes from the index (by share id) and never from the URL; the Host decides whose links may be
 * served (server/share/host-scope.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SHARE_ID_PATTERN } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { findReservation } from '../db/reservations.ts';
import { findUser } from '../db/users.ts';
import { findUploadWithOwner, type LinkWithOwner } from '../db/with-owner.ts';
import { isBot } from '../share/bots.ts';
import { holdsBooking } from '../share/download-booking.ts';
import { type HostScope, hostScope, scopeAllows } from '../share/host-scope.ts';
import { isLinkPreview } from '../share/link-preview.ts';
import { EXPIRED, GONE, LIMIT_REACHED, NOT_FOUND } from '../share/page/status-page.ts';
import { hasAccess, sendPasswordForm, submitPassword } from '../share/password-gate.ts';
import { sendStatus, wantsHtml } from '../share/respond.ts';
import { serveBytes } from '../share/serve-bytes.ts';
import { showFile } from '../share/show-file.ts';
import { admitBytes, overTransfer, sendOverTransfer, whileActive } from '../share/owner-gate.ts';
import { RESERVATION_TTL_MS, sendUploading } from '../share/uploading-page.ts';

type ShareRequest = FastifyRequest<{ Params: { shareId: string }; Querystring: Record<string, string> }>;
type Mode = 'auto' | 'raw' | 'password';

export const MISDIRECTED = { status: 421, icon: '🚫', title: 'Unknown host', message: 'This host serves no links.' };

/** The link and its owner's account, one statement (on PostgreSQL a round trip each). */
async function findLink(ctx: AppContext, scope: HostScope, shareId: string): Promise<LinkWithOwner | null> {
  const found = SHARE_ID_PATTERN.test(shareId) ? await findUploadWithOwner(ctx.db, shareId) : null;
  return found && scopeAllows(scope, found.upload.userId) ? found : null;
}

async function handle(ctx: AppContext, request: ShareRequest, reply: FastifyReply, mode: Mode) {
  const scope = await hostScope(ctx, request);
  if (scope.kind === 'none') return sendStatus(request, reply, MISDIRECTED);
  const { shareId } = request.params;
  let found = await findLink(ctx, scope, shareId);
  if (!found) {
    const reserved = SHARE_ID_PATTERN.test(shareId) ? await findReservation(ctx.db, shareId) : null;
    const fresh = reserved && ctx.now().getTime() - Date.parse(reserved.createdAt) < RESERVATION_TTL_MS;
    if (!reserved || !fresh || !scopeAllows(scope, reserved.userId)) return sendStatus(request, reply, NOT_FOUND);
    const recorded = await ctx.reservedLookups.find(ctx, reserved, request.log);
    if (!recorded) return sendUploading(reply, reserved, request.method === 'HEAD');
    found = { upload: recorded, owner: await findUser(ctx.db, recorded.userId) };
  }
  const { upload } = found;
  // a disabled account's links are not found (404, not 410), at once and on every instance
  const owner = whileActive(found.owner);
  if (!owner) return sendStatus(request, reply, NOT_FOUND);
  if (upload.expiresAt && ctx.now().getTime() >= Date.parse(upload.expiresAt))
    return sendStatus(request, reply, EXPIRED);
  // the visitor who booked this limited link's download may resume it, even once the limit is reached
  const resuming = holdsBooking(ctx, request, upload);
  if (upload.maxDownloads !== null && upload.downloads >= upload.maxDownloads && !resuming)
    return sendStatus(request, reply, LIMIT_REACHED);
  if (mode === 'password') return submitPassword(ctx, request, reply, upload, scope.baseUrl);
  if (!hasAccess(ctx, request, upload)) return sendPasswordForm(request, reply, upload);
  // the User-Agent only labels the statistics (bot) and picks the page for unfurlers; it opens nothing
  const userAgent = request.headers['user-agent'];
  const bot = isBot(userAgent);
  const download = request.query.download !== undefined;
  if (mode === 'auto' && !download && (wantsHtml(request) || isLinkPreview(userAgent))) {
    // past the month's transfer: people get 429 until the next month; unfurl bots still get the page's tags, and
    // nothing of the file (a User-Agent opens nothing)
    const over = await overTransfer(ctx, owner);
    if (over && !isLinkPreview(userAgent)) return sendOverTransfer(ctx, request, reply);
    return showFile(ctx, request, reply, upload, { baseUrl: scope.baseUrl, bot, withoutContent: over });
  }
  if (!(await admitBytes(ctx, request, reply, upload, owner))) return sendOverTransfer(ctx, request, reply);
  const secure = scope.baseUrl.startsWith('https:');
  const outcome = await serveBytes(ctx, request, reply, upload, { download, bot, resuming, secure });
  if (outcome === 'limit') return sendStatus(request, reply, LIMIT_REACHED);
  if (outcome === 'missing') return sendStatus(request, reply, GONE);
  return reply;
}

export function registerShareRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const routes: [string, Mode][] = [
    ['/:shareId', 'auto'],
    ['/:shareId/:name', 'auto'],
    ['/:shareId/:name/raw', 'raw'],
  ];
  for (const [url, mode] of routes) {
    app.route({
      method: ['GET', 'HEAD'],
      url,
      exposeHeadRoute: false,
      handler: (request, reply) => handle(ctx, request as ShareRequest, reply, mode),
    });
    if (mode === 'auto') app.post(url, (request, reply) => handle(ctx, request as ShareRequest, reply, 'password'));
  }
}
