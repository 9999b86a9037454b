/**
 * The admin page under /dashboard/admin: 404 for anyone not a signed-in admin (signed out included, on every
 * page and form, before the CSRF check or anything else is looked at). The forms call what /v1/admin calls
 * (server/admin/admin-actions.ts, invite-link.ts), so the page and the API enforce the same rules. Unlinking a
 * sign-in identity asks first, on a page of its own (admin-identities.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { USER_ID_PATTERN } from '../../common/share-key.ts';
import {
  changeDisabled,
  changeQuota,
  changeRole,
  createUserAsAdmin,
  identityOf,
  revokeAnyToken,
  showUser,
  tokensOf,
  unlinkUserIdentity,
} from '../admin/admin-actions.ts';
import { isAdmin } from '../admin/admin-gate.ts';
import { adminEntries, totalsOf } from '../admin/user-entries.ts';
import { sessionOf, type WebSession } from '../auth/session-auth.ts';
import { clearedSessionCookie } from '../auth/session-cookie.ts';
import { csrfTokenOf } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { toDeviceEntry } from '../devices/pair-device.ts';
import { badRequest, notFound } from '../errors.ts';
import { ERROR_HEADERS } from '../http/safety-headers.ts';
import { DEFAULT_INVITE_EXPIRY, inviteTtl, issueInvite } from '../admin/invite-link.ts';
import { adminPage, invitedPage } from './admin-page.ts';
import { unlinkConfirmPage } from './admin-identities.ts';
import { adminUserPage } from './admin-user-page.ts';
import { pageSession } from './page-session.ts';
import { formOf, seeOther, sendRefusal, sendUserPage } from './user-page.ts';

type Named = { Params: { name: string } };

const NOTICES: Record<string, string> = {
  created: 'User created.',
  quota: 'Limits saved.',
  disabled: 'Account disabled.',
  enabled: 'Account enabled.',
  role: 'Role changed.',
  revoked: 'Device token revoked.',
  unlinked: 'Sign-in identity unlinked; the sessions it signed in have ended.',
};

/** The admin's session (CSRF checked for a form), or null once a 404 was sent. */
async function adminSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<WebSession | null> {
  const web = await sessionOf(ctx, request);
  if (!web || !(await isAdmin(ctx.db, web.session.userId))) {
    reply.code(404).headers(ERROR_HEADERS).type('text/plain; charset=utf-8').send('Not found.\n');
    return null;
  }
  return pageSession(ctx, request, reply);
}

const userPath = (name: string): string => `/dashboard/admin/users/${encodeURIComponent(name)}`;
const validName = (name: string): string => {
  if (!USER_ID_PATTERN.test(name)) throw notFound(`no user named ${name}`);
  return name;
};

export function registerAdminPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/dashboard/admin', async (request, reply) => {
    const web = await adminSession(ctx, request, reply);
    if (!web) return reply;
    await ctx.stats.flush();
    const now = ctx.now();
    const users = await adminEntries(ctx.db, now);
    const body = adminPage(users, totalsOf(users, now), csrfTokenOf(web.secret), now);
    return sendUserPage(ctx, request, reply, web, { title: 'Admin', current: 'admin' }, body);
  });

  app.post('/dashboard/admin/users', async (request, reply) => {
    const web = await adminSession(ctx, request, reply);
    if (!web) return reply;
    const form = formOf(request);
    try {
      const user = await createUserAsAdmin(ctx, {
        name: form.get('name') ?? '',
        email: form.get('email'),
        admin: form.get('admin') === '1',
      });
      return seeOther(reply, `${userPath(user.name)}?done=created`);
    } catch (error) {
      return sendRefusal(request, reply, error, '/dashboard/admin');
    }
  });

  app.post('/dashboard/admin/invites', async (request, reply) => {
    const web = await adminSession(ctx, request, reply);
    if (!web) return reply;
    const form = formOf(request);
    const expires = form.get('expires') ?? DEFAULT_INVITE_EXPIRY;
    let ttlMs: number;
    try {
      ttlMs = inviteTtl(expires);
    } catch (error) {
      return sendRefusal(request, reply, badRequest(`The expiry ${(error as Error).message}`), '/dashboard/admin');
    }
    const invite = await issueInvite(ctx.db, {
      admin: form.get('admin') === '1',
      ttlMs,
      now: ctx.now(),
      shareBaseUrl: ctx.config.shareBaseUrl,
    });
    const page = { title: 'Invite link', current: 'admin' as const, script: true };
    return sendUserPage(ctx, request, reply, web, page, invitedPage(invite, ctx.now()));
  });

  app.get<Named & { Querystring: { done?: string } }>('/dashboard/admin/users/:name', async (request, reply) => {
    const web = await adminSession(ctx, request, reply);
    if (!web) return reply;
    try {
      const name = validName(request.params.name);
      await ctx.stats.flush();
      const user = await showUser(ctx, name);
      const tokens = (await tokensOf(ctx, name)).map((t) => toDeviceEntry(t, null));
      const notice = NOTICES[request.query.done ?? ''] ?? null;
      const body = adminUserPage(user, tokens, csrfTokenOf(web.secret), ctx.now(), notice);
      return await sendUserPage(ctx, request, reply, web, { title: `User ${name}`, current: 'admin' }, body);
    } catch (error) {
      return sendRefusal(request, reply, error, '/dashboard/admin');
    }
  });

  /** One form on a user's page: the change, then back to the page with a notice. */
  const userForm = (
    action: string,
    change: (web: WebSession, name: string, form: URLSearchParams, request: FastifyRequest) => Promise<string>,
  ) =>
    app.post<Named>(`/dashboard/admin/users/:name/${action}`, async (request, reply) => {
      const web = await adminSession(ctx, request, reply);
      if (!web) return reply;
      try {
        const name = validName(request.params.name);
        const done = await change(web, name, formOf(request), request);
        return seeOther(reply, `${userPath(name)}?done=${done}`);
      } catch (error) {
        return sendRefusal(request, reply, error, userPath(request.params.name));
      }
    });

  userForm('quota', async (_web, name, form) => {
    const text = (key: string) => form.get(key) ?? undefined;
    await changeQuota(ctx, name, { storage: text('storage'), transfer: text('transfer'), maxFile: text('maxFile') });
    return 'quota';
  });
  for (const disabled of [true, false])
    userForm(disabled ? 'disable' : 'enable', async (web, name, _form, request) => {
      await changeDisabled(ctx, web.session.userId, name, disabled, request.log);
      return disabled ? 'disabled' : 'enabled';
    });
  for (const role of ['admin', 'user'] as const)
    userForm(`role-${role}`, async (web, name) => {
      await changeRole(ctx, web.session.userId, name, role);
      return 'role';
    });

  // Unlink… asks first (a page of its own); the form there posts to the same path
  app.get<Named & { Querystring: { issuer?: string; subject?: string } }>(
    '/dashboard/admin/users/:name/identities/unlink',
    async (request, reply) => {
      const web = await adminSession(ctx, request, reply);
      if (!web) return reply;
      const { issuer, subject } = request.query;
      try {
        const name = validName(request.params.name);
        const identity = await identityOf(ctx, name, { issuer: issuer ?? '', subject: subject ?? '' });
        const body = unlinkConfirmPage(name, identity, userPath(name), csrfTokenOf(web.secret));
        return await sendUserPage(
          ctx,
          request,
          reply,
          web,
          { title: 'Unlink a sign-in identity', current: 'admin' },
          body,
        );
      } catch (error) {
        return sendRefusal(request, reply, error, userPath(request.params.name));
      }
    },
  );
  app.post<Named>('/dashboard/admin/users/:name/identities/unlink', async (request, reply) => {
    const web = await adminSession(ctx, request, reply);
    if (!web) return reply;
    const form = formOf(request);
    try {
      const name = validName(request.params.name);
      await unlinkUserIdentity(ctx, name, { issuer: form.get('issuer') ?? '', subject: form.get('subject') ?? '' });
      // an admin who unlinked the identity their own session came from has just ended that session too
      if (!(await sessionOf(ctx, request))) {
        reply.removeHeader('set-cookie').header('set-cookie', clearedSessionCookie(request));
        return seeOther(reply, '/dashboard/sign-in');
      }
      return seeOther(reply, `${userPath(name)}?done=unlinked`);
    } catch (error) {
      return sendRefusal(request, reply, error, userPath(request.params.name));
    }
  });

  app.post<Named & { Params: { tokenId: string } }>(
    '/dashboard/admin/users/:name/tokens/:tokenId/revoke',
    async (request, reply) => {
      const web = await adminSession(ctx, request, reply);
      if (!web) return reply;
      const { name, tokenId } = request.params;
      try {
        validName(name);
        // the token must be this user's: the page's own row, never another's id under this user's name
        const owned = (await tokensOf(ctx, name)).some((t) => t.id === tokenId);
        if (!owned) throw notFound(`${name} has no device token with id ${tokenId}`);
        await revokeAnyToken(ctx, tokenId);
        return seeOther(reply, `${userPath(name)}?done=revoked`);
      } catch (error) {
        return sendRefusal(request, reply, error, userPath(name));
      }
    },
  );
}
