/**
 * The web dashboard under /dashboard, on the main share host only (anywhere else: 404). Pages are rendered
 * here; every change is a form POST with the page's CSRF token, done by the same functions as the /v1 routes
 * (listUploads, deleteLink, revokeSession), so the app and the web cannot drift apart.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin } from '../admin/admin-gate.ts';
import { onDashboardHost } from '../auth/dashboard-host.ts';
import { clearedSessionCookie } from '../auth/session-cookie.ts';
import { csrfTokenOf } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { listUploads } from '../db/file-list.ts';
import { listSessions, revokeSession } from '../db/sessions.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { deleteLink } from '../files/delete-link.ts';
import { ownUpload, toFileEntries } from '../files/file-entry.ts';
import { ERROR_HEADERS } from '../http/safety-headers.ts';
import { toSessionEntry } from '../routes/sessions.ts';
import { esc } from '../share/html.ts';
import { sendDashboardPage } from './send-page.ts';
import { sendPreview } from './file-preview.ts';
import { filesPage } from './files-page.ts';
import { madeThumbnails } from './list-thumbnails.ts';
import { uploadsInFlight } from '../files/uploads-in-flight.ts';
import type { Thumbnailer } from '../thumbnails/thumbnailer.ts';
import { type FilterInput, parseFilter } from './filter-query.ts';
import { dashboardPage } from './layout.ts';
import { sendMessage } from './message-page.ts';
import { registerLinkRoutes } from './link-routes.ts';
import { registerAccountPages } from './account-routes.ts';
import { registerAdminPages } from './admin-routes.ts';
import { pageSession } from './page-session.ts';
import { sessionsPage } from './sessions-page.ts';
import { showSignIn, useSignIn } from './sign-in.ts';
import { registerSignInRoutes } from './sign-in-routes.ts';

const PAGE_SIZE = 50;
/** Enough for a page of ids in one bulk delete, with room. */
const FORM_LIMIT = 64 * 1024;

const formOf = (request: FastifyRequest): URLSearchParams =>
  request.body instanceof URLSearchParams ? request.body : new URLSearchParams();

const seeOther = (reply: FastifyReply, location: string) =>
  reply.code(303).header('location', location).header('cache-control', 'no-store').send();

export function registerDashboardRoutes(app: FastifyInstance, ctx: AppContext, thumbnailer: Thumbnailer): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_request, body, done) => done(null, new URLSearchParams(body as string)),
  );
  // a custom domain (or any other host) has no dashboard: the user who owns it controls what it serves
  app.addHook('onRequest', async (request, reply) => {
    if (!onDashboardHost(ctx, request))
      return reply.code(404).headers(ERROR_HEADERS).type('text/plain; charset=utf-8').send('Not found.\n');
  });

  app.get('/dashboard', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    let filter;
    try {
      filter = parseFilter(request.query as FilterInput);
    } catch (error) {
      return sendMessage(request, reply, { status: 400, title: 'Bad filter', html: esc((error as Error).message) });
    }
    const { cursor, deleted, ...query } = filter;
    const { userId } = web.session;
    await ctx.stats.flush(); // the last second's downloads
    const now = ctx.now();
    const { state, ...rest } = query;
    // uploads in flight come first on the first page of the whole list, or alone under state=uploading
    const inFlight = state === 'uploading' || (state === undefined && !cursor);
    const [page, uploading] = await Promise.all([
      state === 'uploading'
        ? { files: [], bytesServed: new Map<string, number>(), nextCursor: null }
        : listUploads(ctx.db, userId, PAGE_SIZE, cursor, { ...rest, ...(state ? { state } : {}), now }),
      inFlight ? uploadsInFlight(ctx, userId, rest, PAGE_SIZE) : [],
    ]);
    const [files, thumbnails] = await Promise.all([
      toFileEntries(ctx, page.files, await shareBaseUrlFor(ctx, userId)),
      madeThumbnails(ctx, thumbnailer, page.files, request.log),
    ]);
    const body = filesPage({
      files,
      uploading,
      thumbnails,
      filter: query,
      cursor,
      nextCursor: page.nextCursor,
      csrf: csrfTokenOf(web.secret),
      now,
      deleted: deleted ?? null,
    });
    const head = {
      title: 'Files',
      user: { name: userId, csrf: csrfTokenOf(web.secret), admin: await isAdmin(ctx.db, userId) },
      current: 'files' as const,
    };
    return sendDashboardPage(request, reply, 200, (nonce) => dashboardPage({ ...head, nonce }, body));
  });

  app.get<{ Params: { shareId: string } }>('/dashboard/files/:shareId/preview', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    return web ? sendPreview(ctx, web.session.userId, request, reply) : reply;
  });

  app.post('/dashboard/files/delete', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const ids = [...new Set(formOf(request).getAll('id'))];
    if (ids.length === 0 || ids.length > 200)
      return sendMessage(request, reply, {
        status: 400,
        title: 'Nothing deleted',
        html: 'Select between 1 and 200 links.',
      });
    // every id is checked before anything is deleted: one that is not the user's (404) deletes none
    const uploads = [];
    for (const id of ids) {
      try {
        uploads.push(await ownUpload(ctx, web.session.userId, /^[0-9A-Za-z]{12}$/.test(id) ? id : ''));
      } catch {
        return sendMessage(request, reply, { status: 404, title: 'No such link', html: 'Nothing was deleted.' });
      }
    }
    for (const upload of uploads) await deleteLink(ctx, upload, request.log);
    return seeOther(reply, `/dashboard?deleted=${uploads.length}`);
  });

  app.get('/dashboard/sessions', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const now = ctx.now();
    const sessions = (await listSessions(ctx.db, web.session.userId, now)).map((s) =>
      toSessionEntry(s, web.session.id),
    );
    const csrf = csrfTokenOf(web.secret);
    const head = {
      title: 'Sessions',
      user: { name: web.session.userId, csrf, admin: await isAdmin(ctx.db, web.session.userId) },
      current: 'sessions' as const,
    };
    const body = sessionsPage(sessions, csrf, now);
    return sendDashboardPage(request, reply, 200, (nonce) => dashboardPage({ ...head, nonce }, body));
  });

  app.post<{ Params: { sessionId: string } }>('/dashboard/sessions/:sessionId/revoke', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const { sessionId } = request.params;
    if (!/^[0-9a-f]{64}$/.test(sessionId) || !(await revokeSession(ctx.db, web.session.userId, sessionId)))
      return sendMessage(request, reply, { status: 404, title: 'No such session', html: 'Nothing was changed.' });
    if (sessionId === web.session.id)
      reply.removeHeader('set-cookie').header('set-cookie', clearedSessionCookie(request));
    return seeOther(reply, sessionId === web.session.id ? '/dashboard' : '/dashboard/sessions');
  });

  app.post('/dashboard/sign-out', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    await revokeSession(ctx.db, web.session.userId, web.session.id);
    reply.removeHeader('set-cookie').header('set-cookie', clearedSessionCookie(request));
    return seeOther(reply, '/dashboard');
  });

  registerLinkRoutes(app, ctx);
  registerAccountPages(app, ctx);
  registerAdminPages(app, ctx);
  registerSignInRoutes(app, ctx);
  app.get<{ Params: { secret: string } }>('/dashboard/sign-in/:secret', (request, reply) =>
    showSignIn(ctx, request, reply),
  );
  app.post<{ Params: { secret: string } }>('/dashboard/sign-in/:secret', (request, reply) =>
    useSignIn(ctx, request, reply),
  );
}
