/**
 * Builds the Traydrop server as a Fastify instance: the credential broker (/v1, device token or dashboard
 * session), the web dashboard (/dashboard, main share host only) and the share gateway. No side effects at import; server.ts listens.
 */
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { ApiError } from '../common/broker-api.ts';
import { registerDeviceAuth } from './auth/device-auth.ts';
import type { ServerConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { type Database, openDatabase } from './db/open-database.ts';
import { HttpError } from './errors.ts';
import { answerClientError } from './http/client-error.ts';
import { answerFrameworkError } from './http/framework-errors.ts';
import { sendUnavailable } from './http/unavailable.ts';
import { isDatabaseUnavailable } from './db/unavailable.ts';
import { isStorageUnreachable, storageUnavailable } from './s3/storage-unreachable.ts';
import { HTTP_SERVER_OPTIONS, protectHttpServer } from './http/http-server.ts';
import { registerRequestGuard } from './http/request-guard.ts';
import { registerDashboardRoutes } from './dashboard/routes.ts';
import { ERROR_CSP, ERROR_HEADERS } from './http/safety-headers.ts';
import { type LoggerOption, loggerOptions } from './logger.ts';
import { registerRequestLog } from './request-log.ts';
import { serverSecret } from './db/settings.ts';
import { StatsBuffer } from './db/stats-buffer.ts';
import { ReservedLookups } from './share/reserved-lookup.ts';
import { AttemptLimiter } from './share/attempt-limiter.ts';
import { defaultVerifiers, type DomainVerifier } from './domains/verify.ts';
import { registerCredentialsRoute } from './routes/credentials.ts';
import { registerDomainPublicRoutes } from './routes/domain-public.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerSettingsRoutes } from './routes/settings.ts';
import { registerMeRoute } from './routes/me.ts';
import { registerMultipartRoutes } from './routes/multipart.ts';
import { registerReplaceRoutes } from './routes/replace.ts';
import { registerNotificationRoute } from './notifications/route.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerDeviceRoutes } from './routes/devices.ts';
import { registerShareRoutes } from './routes/share.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import { registerUploadEndpoint } from './routes/upload-form.ts';
import { createObjectReader, type ObjectReader } from './s3/object-get.ts';
import { createOwnerS3 } from './s3/owner-s3.ts';
import { createStsClient } from './sts/assume-role.ts';
import { startSweeper } from './maintenance/sweep.ts';
import { registerPublicThumbnail, registerThumbnailApi } from './routes/thumbnail.ts';
import { startThumbnailSweeper } from './thumbnails/sweeper.ts';
import { Thumbnailer } from './thumbnails/thumbnailer.ts';

export interface BuildAppOptions {
  config: ServerConfig;
  /** Defaults to openDatabase(DATABASE_URL or DATABASE_PATH); closed with the app only when opened here. */
  db?: Database;
  now?: () => Date;
  /** Off by default. */
  logger?: LoggerOption;
  /** Defaults to createObjectReader(config); destroyed with the app only when made here. */
  objects?: ObjectReader;
  /** Custom-domain verifiers; defaults to HTTP token then DNS TXT (server/domains/verify.ts). */
  domainVerifiers?: DomainVerifier[];
  /** The background thumbnail sweep's interval (server/thumbnails/sweeper.ts); 0: none (a test that sweeps itself). */
  thumbnailSweepMs?: number;
}

function errorBody(error: FastifyError | HttpError): { status: number; body: ApiError } {
  if (error instanceof HttpError)
    return { status: error.statusCode, body: { error: error.code, message: error.message, ...error.details } };
  if (error.validation)
    return { status: 400, body: { error: 'bad_request', message: `invalid request: ${error.message}` } };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, body: { error: 'bad_request', message: error.message } };
  return { status: 500, body: { error: 'internal', message: 'internal server error; the server log has details' } };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const db =
    options.db ??
    (await openDatabase({
      url: config.databaseUrl,
      path: config.databasePath,
      preparedStatements: config.databasePreparedStatements,
    }));
  const ctx: AppContext = {
    config,
    db,
    s3: createOwnerS3(config),
    sts: createStsClient(config),
    objects: options.objects ?? createObjectReader(config),
    stats: new StatsBuffer(db),
    passwordAttempts: new AttemptLimiter(db),
    // the server's own clock only where a test gave one: the wall clock may step back, performance.now() never does
    reservedLookups: new ReservedLookups(options.now ? { now: () => options.now!().getTime() } : {}),
    now: options.now ?? (() => new Date()),
    passwordSecret: await serverSecret(db, 'link-access'),
    domainVerifiers: options.domainVerifiers ?? defaultVerifiers(),
  };
  // maxParamLength: link names are up to MAX_NAME_BYTES (120) of UTF-8, up to 3x that once percent-encoded
  const app = Fastify({
    logger: loggerOptions(options.logger),
    logController: new LogController({ disableRequestLogging: true }), // request-log.ts: one line per request instead
    // no bound on a whole request: POST /v1/upload of a large file from a phone takes minutes (Node's default
    // headersTimeout still wants the head within 60 s, the 2-minute idle cut below ends a stalled body, the 1 MiB
    // bodyLimit bounds JSON, and an upload is bounded by the user's quota)
    requestTimeout: 0,
    // behind Caddy or another proxy: the client's address comes from X-Forwarded-For, that many hops deep
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    // a download whose client stopped reading (or vanished) for 2 minutes is cut, as nginx's send_timeout does
    connectionTimeout: 120_000,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 1024 },
    // every answer carries the safety headers, also those written before any hook runs (server/http/)
    http: HTTP_SERVER_OPTIONS,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  protectHttpServer(app.server);

  registerRequestGuard(app); // first: no hook or route reads a Host or target the guard refused
  registerRequestLog(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // an HttpError is an answer a route chose (a 503 storage_unavailable carries its S3 cause): only the rest is asked
    if (!(error instanceof HttpError) && isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable: answered 503');
      return sendUnavailable(request, reply);
    }
    const { status, body } = errorBody(isStorageUnreachable(error) ? storageUnavailable(error) : error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).header('content-security-policy', ERROR_CSP).send(body);
  });
  const sweeper = startSweeper(ctx, app.log);
  const thumbnails = new Thumbnailer(ctx, app.log);
  const thumbnailSweeper = startThumbnailSweeper(thumbnails, app.log, options.thumbnailSweepMs);
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await thumbnailSweeper.stop();
    thumbnails.stop();
    await thumbnails.idle(); // the files list's background thumbnails
    await ctx.stats.close();
    ctx.sts.destroy();
    ctx.s3.destroy();
    if (!options.objects) ctx.objects.destroy();
    if (!options.db) await db.destroy();
  });

  registerHealthRoute(app, ctx); // outside the v1 plugin: no device token needed
  await app.register(async (v1) => {
    registerDeviceAuth(v1, ctx);
    registerMeRoute(v1, ctx);
    registerCredentialsRoute(v1, ctx);
    registerMultipartRoutes(v1, ctx);
    registerUploadRoutes(v1, ctx);
    registerFileRoutes(v1, ctx);
    registerReplaceRoutes(v1, ctx);
    registerSettingsRoutes(v1, ctx);
    registerThumbnailApi(v1, ctx, thumbnails);
    registerSessionRoutes(v1, ctx);
    registerDeviceRoutes(v1, ctx);
    await v1.register(async (admin) => registerAdminRoutes(admin, ctx)); // its own scope: the admin-only hook
  });
  await registerUploadEndpoint(app, ctx); // POST /v1/upload (ShareX, scripts, phones) and its deletion URLs
  const { notificationSecret } = config;
  if (notificationSecret)
    await app.register(async (internal) => registerNotificationRoute(internal, ctx, notificationSecret));
  registerDomainPublicRoutes(app, ctx);
  await app.register(async (dashboard) => registerDashboardRoutes(dashboard, ctx, thumbnails));
  await app.register(async (share) => registerShareRoutes(share, ctx));
  registerPublicThumbnail(app, ctx, thumbnails);
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).headers(ERROR_HEADERS).type('text/plain; charset=utf-8').send('Not found.\n'),
  );
  return app;
}
