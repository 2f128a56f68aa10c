/**
 * The HTTP server: security headers, cookies, anti-forgery, rate limits, validation, problem
 * details, the OpenAPI document, the API routes and the web app. `buildServer` returns a Fastify
 * instance that is not yet listening, so tests can drive it with `inject`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerCsrf } from './csrf';
import { loggerOptions, SafeLogController } from './logging';
import { analyseStaleTables } from './planner-stats';
import { problemErrorHandler } from './problem';
import { registerStatic, DEFAULT_WEB_ROOT } from './static';
import { registerApiRoutes, type ApiDeps } from './routes';

export interface ServerOptions {
  /** Folder of the built web app; null serves the API only. */
  webRoot?: string | null;
  /** Mark cookies Secure and send HSTS (behind TLS). Off for plain-HTTP localhost use. */
  secureCookies?: boolean;
  /** Requests per minute per client for the whole API; false turns the limit off (benchmarks). */
  rateLimitPerMinute?: number | false;
  /** Sign-in attempts per minute per client. */
  loginRateLimitPerMinute?: number;
  /** pino level, or false for no log. */
  logLevel?: string | false;
  /** Where log lines go (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** Largest accepted request body, bytes. */
  bodyLimit?: number;
  /**
   * How often to look for tables whose planner statistics are stale (planner-stats.ts), in ms,
   * besides once at start; false never. Default 5 minutes.
   */
  plannerStatisticsEveryMs?: number | false;
}

export type ServerDeps = ApiDeps & { options?: ServerOptions };

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
};

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const options = deps.options ?? {};
  const secure = options.secureCookies ?? false;
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? false, options.logStream),
    logController: new SafeLogController(),
    bodyLimit: options.bodyLimit ?? 2 * 1024 * 1024,
    // Query strings are parsed but the API takes no identifying value in them (searches are POST).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);

  // Helmet's headers on every response. Its middleware is made once here: @fastify/helmet made
  // it anew on every request (the policy parsed again, 5 us against 1 us once made), and ran a
  // second, async hook, for per-route options and nonces this server does not use. Same headers,
  // in the same order.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: secure
        ? { ...CONTENT_SECURITY_POLICY, 'upgrade-insecure-requests': [] }
        : CONTENT_SECURITY_POLICY,
    },
    hsts: secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: true,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  await app.register(fastifyCookie);
  registerCsrf(app, { secure });
  if (options.rateLimitPerMinute !== false) {
    await app.register(fastifyRateLimit, {
      global: true,
      max: options.rateLimitPerMinute ?? 600,
      timeWindow: '1 minute',
      // The limiter keeps addresses in memory only, to count; they are never logged.
      errorResponseBuilder: () => ({ statusCode: 429, code: 'RATE_LIMITED' }),
    });
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jayu API',
        version: '0.1.0',
        description:
          'Documentation of trafficking testimonies. Every unsafe request needs the x-csrf-token ' +
          'header equal to the jayu_csrf cookie; errors are RFC 9457 problem details.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jayu_session' },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () =>
    app.swagger(),
  );
  await app.register(
    async (scope) => {
      await registerApiRoutes(scope.withTypeProvider<ZodTypeProvider>(), {
        ...deps,
        secureCookies: secure,
        loginRateLimitPerMinute: options.loginRateLimitPerMinute ?? 10,
      });
    },
    { prefix: '/api' },
  );
  await registerStatic(app, options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot);
  keepPlannerStatistics(app, deps, options.plannerStatisticsEveryMs ?? 5 * 60_000);
  return app;
}

/**
 * Analyses stale tables once the server is ready and then at intervals, in the background: the
 * embedded store has no autovacuum to do it (planner-stats.ts).
 */
function keepPlannerStatistics(
  app: FastifyInstance,
  deps: ServerDeps,
  everyMs: number | false,
): void {
  if (everyMs === false) return;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    running = running
      .then(() => analyseStaleTables(deps.protect.db))
      .then(
        (tables) => {
          if (tables.length > 0) {
            app.log.info({ tables: tables.map((t) => t.table) }, 'planner statistics refreshed');
          }
        },
        (err: unknown) => app.log.warn({ err }, 'planner statistics not refreshed'),
      );
  };
  app.addHook('onReady', async () => {
    refresh();
    timer = setInterval(refresh, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
