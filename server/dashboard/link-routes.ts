/**
 * A link's page in the dashboard and its forms: a new expiry (server/files/change-expiry.ts) and max downloads
 * and password (server/files/apply-limits.ts), the functions PUT /v1/files/:id/expiry and /limits use. Another
 * user's id, or one that does not exist, is the same 404 page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenOf } from '../auth/session-csrf.ts';
import type { WebSession } from '../auth/session-auth.ts';
import { isAdmin } from '../admin/admin-gate.ts';
import type { AppContext } from '../context.ts';
import { monthlyStats } from '../db/file-stats.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { HttpError } from '../errors.ts';
import { applyLimits, type LimitChange } from '../files/apply-limits.ts';
import { changeExpiry } from '../files/change-expiry.ts';
import { ownUpload, toFileEntry } from '../files/file-entry.ts';
import { lastDays } from '../files/last-days.ts';
import { esc } from '../share/html.ts';
import { COPY_SCRIPT } from './copy-script.ts';
import { dashboardPage } from './layout.ts';
import { linkPage } from './link-page.ts';
import { sendMessage } from './message-page.ts';
import { pageSession } from './page-session.ts';
import { sendDashboardPage } from './send-page.ts';

type ById = FastifyRequest<{ Params: { shareId: string }; Querystring: { saved?: string } }>;

const NO_SUCH_LINK = { status: 404, title: 'No such link', html: 'It may have been deleted. Nothing was changed.' };

/** The session's own upload, or the 404 page (null). */
async function own(ctx: AppContext, web: WebSession, request: ById, reply: FastifyReply): Promise<StoredUpload | null> {
  const { shareId } = request.params;
  try {
    return await ownUpload(ctx, web.session.userId, /^[0-9A-Za-z]{12}$/.test(shareId) ? shareId : '');
  } catch {
    sendMessage(request, reply, NO_SUCH_LINK);
    return null;
  }
}

/** The form's limits as PUT /limits takes them; a clear Error for a bad number. */
function limitChange(form: URLSearchParams): LimitChange {
  const max = (form.get('maxDownloads') ?? '').trim();
  if (max !== '' && !/^\d{1,7}$/.test(max))
    throw new Error('Max downloads must be a whole number from 1 to 1,000,000.');
  const maxDownloads = max === '' ? null : Number(max);
  if (maxDownloads !== null && (maxDownloads < 1 || maxDownloads > 1_000_000))
    throw new Error('Max downloads must be a whole number from 1 to 1,000,000.');
  const password = form.get('password') ?? '';
  if (password.length > 1024) throw new Error('The password is longer than 1024 characters.');
  const change: LimitChange = { maxDownloads };
  if (form.get('removePassword') === '1') change.password = null;
  else if (password !== '') change.password = password;
  return change;
}

export function registerLinkRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/dashboard/copy.js', (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(COPY_SCRIPT),
  );

  app.get<{ Params: { shareId: string }; Querystring: { saved?: string } }>(
    '/dashboard/files/:shareId',
    async (request, reply) => {
      const web = await pageSession(ctx, request, reply);
      if (!web) return reply;
      const upload = await own(ctx, web, request, reply);
      if (!upload) return reply;
      const { userId } = web.session;
      const file = await toFileEntry(ctx, upload, await shareBaseUrlFor(ctx, userId));
      const csrf = csrfTokenOf(web.secret);
      const body = linkPage({
        file,
        days: await lastDays(ctx, upload.shareId),
        months: await monthlyStats(ctx.db, upload.shareId),
        allowedExpiry: ctx.config.allowedExpiry,
        csrf,
        now: ctx.now(),
        saved: typeof request.query.saved === 'string' ? request.query.saved : null,
      });
      const head = {
        title: upload.name,
        user: { name: userId, csrf, admin: await isAdmin(ctx.db, userId) },
        current: 'files' as const,
        script: true,
      };
      return sendDashboardPage(request, reply, 200, (nonce) => dashboardPage({ ...head, nonce }, body), {
        script: true,
      });
    },
  );

  app.post<{ Params: { shareId: string } }>('/dashboard/files/:shareId/expiry', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const upload = await own(ctx, web, request as ById, reply);
    if (!upload) return reply;
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    try {
      await changeExpiry(ctx, upload, form.get('expire') ?? '', request.log);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return sendMessage(request, reply, {
        status: error.statusCode,
        title: 'Expiry not changed',
        html: esc(error.message),
      });
    }
    return reply.code(303).header('location', `/dashboard/files/${upload.shareId}?saved=expiry`).send();
  });

  app.post<{ Params: { shareId: string } }>('/dashboard/files/:shareId/limits', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const upload = await own(ctx, web, request as ById, reply);
    if (!upload) return reply;
    let change: LimitChange;
    try {
      change = limitChange(request.body instanceof URLSearchParams ? request.body : new URLSearchParams());
    } catch (error) {
      return sendMessage(request, reply, {
        status: 400,
        title: 'Limits not saved',
        html: esc((error as Error).message),
      });
    }
    await applyLimits(ctx, upload, change, request.log);
    return reply.code(303).header('location', `/dashboard/files/${upload.shareId}?saved=limits`).send();
  });
}
