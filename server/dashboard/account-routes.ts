/**
 * The dashboard's Devices, Usage and Settings pages and their forms, for every signed-in user. Each form calls
 * the function its /v1 route calls (routes/devices.ts, routes/settings.ts), so the web and the app agree.
 */
import type { FastifyInstance } from 'fastify';
import { csrfTokenOf } from '../auth/session-csrf.ts';
import type { AppContext } from '../context.ts';
import { summarizeUser } from '../db/usage.ts';
import { listUserTokens, revokeUserToken } from '../db/user-tokens.ts';
import { requireUser } from '../db/users.ts';
import { deviceLabel, pairDevice, toDeviceEntry } from '../devices/pair-device.ts';
import { badRequest, notFound } from '../errors.ts';
import { getSettings, putSettings } from '../settings/user-settings.ts';
import { verifyDomain } from '../settings/verify-domain.ts';
import { devicesPage, pairedPage } from './devices-page.ts';
import { pageSession } from './page-session.ts';
import { settingsFromForm, settingsPage } from './settings-page.ts';
import { usagePage } from './usage-page.ts';
import { formOf, seeOther, sendRefusal, sendUserPage } from './user-page.ts';

const SETTINGS_NOTICES: Record<string, string> = {
  saved: 'Settings saved.',
  verified: 'Domain verified: your links use it now.',
  unverified: 'Not verified yet: neither the HTTP check nor the DNS record answered with the token.',
};

export function registerAccountPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/dashboard/devices', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const devices = (await listUserTokens(ctx.db, web.session.userId)).map((t) => toDeviceEntry(t, null));
    const body = devicesPage(devices, csrfTokenOf(web.secret), ctx.now());
    return sendUserPage(ctx, request, reply, web, { title: 'Devices', current: 'devices' }, body);
  });

  app.post('/dashboard/devices/pair', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    try {
      const paired = await pairDevice(ctx, web.session.userId, deviceLabel(formOf(request).get('label') ?? undefined));
      return sendUserPage(ctx, request, reply, web, { title: 'Pair a device', current: 'devices' }, pairedPage(paired));
    } catch (error) {
      return sendRefusal(request, reply, error, '/dashboard/devices');
    }
  });

  app.post<{ Params: { tokenId: string } }>('/dashboard/devices/:tokenId/revoke', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const { tokenId } = request.params;
    const mine =
      /^[0-9a-f]{12}$/.test(tokenId) && (await revokeUserToken(ctx.db, web.session.userId, tokenId, ctx.now()));
    if (!mine) return sendRefusal(request, reply, notFound(`no device with id ${tokenId}`), '/dashboard/devices');
    return seeOther(reply, '/dashboard/devices');
  });

  app.get('/dashboard/usage', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    await ctx.stats.flush(); // the last second's downloads count too
    const now = ctx.now();
    const summary = await summarizeUser(ctx.db, await requireUser(ctx.db, web.session.userId), now);
    return sendUserPage(ctx, request, reply, web, { title: 'Usage', current: 'usage' }, usagePage(summary, now));
  });

  app.get<{ Querystring: { done?: string } }>('/dashboard/settings', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const settings = await getSettings(ctx, web.session.userId);
    const notice = SETTINGS_NOTICES[request.query.done ?? ''] ?? null;
    const body = settingsPage(settings, ctx.config.allowedExpiry, csrfTokenOf(web.secret), notice);
    return sendUserPage(ctx, request, reply, web, { title: 'Settings', current: 'settings' }, body);
  });

  app.post('/dashboard/settings', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    try {
      let settings;
      try {
        settings = settingsFromForm(formOf(request));
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      await putSettings(ctx, web.session.userId, settings);
    } catch (error) {
      return sendRefusal(request, reply, error, '/dashboard/settings');
    }
    return seeOther(reply, '/dashboard/settings?done=saved');
  });

  app.post('/dashboard/settings/verify', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    try {
      const result = await verifyDomain(ctx, web.session.userId);
      return seeOther(reply, `/dashboard/settings?done=${result.verified ? 'verified' : 'unverified'}`);
    } catch (error) {
      return sendRefusal(request, reply, error, '/dashboard/settings');
    }
  });
}
