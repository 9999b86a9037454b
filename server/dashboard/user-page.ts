/**
 * Sends a signed-in page of the dashboard with its top bar (the Admin item only for an admin; copy.js when asked), and turns a
 * refusal of a form (an HttpError: a bad size, an unknown id) into a page that says why, with nothing changed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAdmin } from '../admin/admin-gate.ts';
import type { WebSession } from '../auth/session-auth.ts';
import { csrfTokenOf } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { esc } from '../share/html.ts';
import { type DashboardHead, dashboardPage } from './layout.ts';
import { sendMessage } from './message-page.ts';
import { sendDashboardPage } from './send-page.ts';

export async function sendUserPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  web: WebSession,
  page: { title: string; current: NonNullable<DashboardHead['current']>; script?: boolean },
  body: string,
): Promise<FastifyReply> {
  const name = web.session.userId;
  const user = { name, csrf: csrfTokenOf(web.secret), admin: await isAdmin(ctx.db, name) };
  return sendDashboardPage(request, reply, 200, (nonce) => dashboardPage({ ...page, user, nonce }, body), {
    script: page.script === true,
  });
}

/** A refused form as a page (400, 404, 409: the error's own status and words); anything else is rethrown. */
export function sendRefusal(request: FastifyRequest, reply: FastifyReply, error: unknown, back: string): FastifyReply {
  if (!(error instanceof HttpError)) throw error;
  return sendMessage(request, reply, {
    status: error.statusCode,
    title: error.statusCode === 404 ? 'Not found' : 'Not saved',
    html: `${esc(error.message)}. Nothing was changed. <a href="${esc(back)}">Back</a>`,
  });
}

export const seeOther = (reply: FastifyReply, location: string): FastifyReply =>
  reply.code(303).header('location', location).header('cache-control', 'no-store').send();

export const formOf = (request: FastifyRequest): URLSearchParams =>
  request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
