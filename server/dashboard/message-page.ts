/** A page with one message (signed out, refused, a used sign-in link): the dashboard's status pages. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { esc } from '../share/html.ts';
import { sendDashboardPage } from './send-page.ts';
import { dashboardPage } from './layout.ts';

export interface Message {
  status: number;
  title: string;
  /** Trusted markup (our own text; nothing from the request). */
  html: string;
}

export function sendMessage(request: FastifyRequest, reply: FastifyReply, m: Message): FastifyReply {
  return sendDashboardPage(request, reply, m.status, (nonce) =>
    dashboardPage({ title: m.title, nonce }, `<div class="card center"><h1>${esc(m.title)}</h1><p>${m.html}</p></div>`),
  );
}
