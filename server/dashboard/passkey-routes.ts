/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registered from the dashboard's Passkeys page and used on the
 * sign-in page. The relying party is the main share host (RP ID = SHARE_BASE_URL's host name, the only host the
 * dashboard answers on) and every answer must come from SHARE_BASE_URL's origin. Credentials are discoverable
 * (resident keys), so sign-in asks for no name. Challenges are stored and work once (webauthn-challenges.ts);
 * the signature counter only moves forward (passkeys.ts). Registration needs the session and its CSRF token; the
 * sign-in refuses another site's Origin (login CSRF).
 */
import type * as SimpleWebAuthn from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenOf, originOf } from '../auth/session-csrf.ts';
import { isActiveUser } from '../auth/session-user.ts';
import type { AppContext } from '../context.ts';
import { addPasskey, advanceCounter, findPasskey, listPasskeys, removePasskey, renamePasskey } from '../db/passkeys.ts';
import { saveChallenge, takeChallenge } from '../db/webauthn-challenges.ts';
import { dashboardPage } from './layout.ts';
import { sendMessage } from './message-page.ts';
import { pageSession } from './page-session.ts';
import { passkeysPage } from './passkeys-page.ts';
import { PASSKEY_SCRIPT, webauthnBundle } from './passkey-script.ts';
import { sendDashboardPage } from './send-page.ts';
import { startSession } from './start-session.ts';

/**
 * @simplewebauthn/server (with its CBOR, ASN.1 and crypto helpers) is the largest package the server would load at
 * start, about 4 MiB of V8 heap and 10 MiB of resident memory for a feature most requests never touch: it is
 * loaded by the first passkey request instead (bench/dashboard/server-idle.ts measures the server at rest).
 */
let webauthnLoading: Promise<typeof SimpleWebAuthn> | undefined;
const webauthn = (): Promise<typeof SimpleWebAuthn> => (webauthnLoading ??= import('@simplewebauthn/server'));

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const refuse = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).header('cache-control', 'no-store').send({ error: 'passkey', message });

const nameOf = (value: unknown, fallback: string): string => {
  const name = typeof value === 'string' ? value.trim().slice(0, 64) : '';
  return name === '' ? fallback : name;
};

export function registerPasskeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const origin = new URL(ctx.config.shareBaseUrl).origin;
  const rpID = new URL(ctx.config.shareBaseUrl).hostname;
  const script = (body: string | Promise<string>) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(await body);
  app.get('/dashboard/passkeys.js', script(PASSKEY_SCRIPT));
  app.get('/dashboard/webauthn.js', (request, reply) => script(webauthnBundle())(request, reply));

  app.get<{ Querystring: { added?: string } }>('/dashboard/passkeys', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const { userId } = web.session;
    const csrf = csrfTokenOf(web.secret);
    const body = passkeysPage(
      await listPasskeys(ctx.db, userId),
      csrf,
      ctx.now(),
      request.query.added ? 'Passkey added.' : null,
    );
    const head = { title: 'Passkeys', user: { name: userId, csrf }, current: 'passkeys' as const, passkeys: true };
    return sendDashboardPage(request, reply, 200, (nonce) => dashboardPage({ ...head, nonce }, body), {
      script: true,
      fetch: true,
    });
  });

  app.post('/dashboard/passkeys/options', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const { userId } = web.session;
    const existing = await listPasskeys(ctx.db, userId);
    const options = await (
      await webauthn()
    ).generateRegistrationOptions({
      rpName: 'Traydrop',
      rpID,
      userName: userId,
      userID: new TextEncoder().encode(userId),
      attestationType: 'none',
      excludeCredentials: existing.map((k) => ({ id: k.id })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await saveChallenge(ctx.db, options.challenge, userId, ctx.now());
    return reply.header('cache-control', 'no-store').send(options);
  });

  app.post<{ Body: { name?: unknown; response?: unknown } }>('/dashboard/passkeys', async (request, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const { userId } = web.session;
    const now = ctx.now();
    let verification;
    try {
      verification = await (
        await webauthn()
      ).verifyRegistrationResponse({
        response: request.body?.response as Parameters<typeof SimpleWebAuthn.verifyRegistrationResponse>[0]['response'],
        expectedChallenge: (challenge) => takeChallenge(ctx.db, challenge, userId, now),
        expectedOrigin: origin,
        expectedRPID: rpID,
      });
    } catch (error) {
      return refuse(reply, 400, (error as Error).message);
    }
    if (!verification.verified || !verification.registrationInfo) return refuse(reply, 400, 'not verified');
    const { credential } = verification.registrationInfo;
    if (await findPasskey(ctx.db, credential.id)) return refuse(reply, 409, 'this passkey is already registered');
    const count = (await listPasskeys(ctx.db, userId)).length;
    await addPasskey(ctx.db, {
      id: credential.id,
      userId,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: nameOf(request.body?.name, `Passkey ${count + 1}`),
      createdAt: now.toISOString(),
    });
    request.log.info({ userId }, 'passkey added');
    return reply.header('cache-control', 'no-store').send({ ok: true });
  });

  app.post('/dashboard/passkeys/:id/rename', async (request: IdRequest, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    if (!(await renamePasskey(ctx.db, web.session.userId, request.params.id, nameOf(form.get('name'), 'Passkey'))))
      return sendMessage(request, reply, { status: 404, title: 'No such passkey', html: 'Nothing was changed.' });
    return reply.code(303).header('location', '/dashboard/passkeys').header('cache-control', 'no-store').send();
  });

  app.post('/dashboard/passkeys/:id/remove', async (request: IdRequest, reply) => {
    const web = await pageSession(ctx, request, reply);
    if (!web) return reply;
    if (!(await removePasskey(ctx.db, web.session.userId, request.params.id)))
      return sendMessage(request, reply, { status: 404, title: 'No such passkey', html: 'Nothing was changed.' });
    return reply.code(303).header('location', '/dashboard/passkeys').header('cache-control', 'no-store').send();
  });

  app.post('/dashboard/passkey-sign-in/options', async (request, reply) => {
    if (originOf(request) === 'foreign') return refuse(reply, 403, 'sign in from this site’s own page');
    const options = await (await webauthn()).generateAuthenticationOptions({ rpID, userVerification: 'required' });
    await saveChallenge(ctx.db, options.challenge, null, ctx.now());
    return reply.header('cache-control', 'no-store').send(options);
  });

  app.post<{ Body: { response?: { id?: unknown } } }>('/dashboard/passkey-sign-in', async (request, reply) => {
    if (originOf(request) === 'foreign') return refuse(reply, 403, 'sign in from this site’s own page');
    const response = request.body?.response;
    const id = typeof response?.id === 'string' ? response.id : '';
    const key = id === '' ? undefined : await findPasskey(ctx.db, id);
    if (!key) return refuse(reply, 401, 'this passkey is not registered here');
    const now = ctx.now();
    let verification;
    try {
      verification = await (
        await webauthn()
      ).verifyAuthenticationResponse({
        response: response as Parameters<typeof SimpleWebAuthn.verifyAuthenticationResponse>[0]['response'],
        expectedChallenge: (challenge) => takeChallenge(ctx.db, challenge, null, now),
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: {
          id: key.id,
          publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
          counter: key.counter,
          transports: key.transports as never,
        },
      });
    } catch (error) {
      return refuse(reply, 401, (error as Error).message);
    }
    const { newCounter } = verification.authenticationInfo;
    if (!verification.verified || !(await advanceCounter(ctx.db, key, newCounter, now)))
      return refuse(reply, 401, 'the passkey’s answer was refused (replayed or cloned)');
    if (!(await isActiveUser(ctx.db, key.userId))) return refuse(reply, 401, 'this account cannot sign in');
    await startSession(ctx, request, reply, key.userId, 'passkey');
    return reply.send({ ok: true, location: '/dashboard' });
  });
}
