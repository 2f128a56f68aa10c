/**
 * What the server writes to its log. Rule 6 of the domain: nothing identifying in logs. A URL can
 * carry an id or a search term and a body carries testimony, so neither is logged: a request is
 * logged as its method, its route *pattern* (`/api/cases/:id`, never the id), status and time.
 * Error messages are not logged either (a driver error can quote a value): only class and code.
 * Client addresses are not logged (GlobaLeaks practice: no IP logs).
 */
import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';

/** Paths pino blanks even if some code passes a whole object to the logger. */
export const REDACT_PATHS = [
  'req',
  'res',
  'err.message',
  'err.stack',
  'body',
  'query',
  'params',
  'headers',
  'cookie',
  'cookies',
  'password',
  'totp',
  'names',
  'person',
  'q',
];

export function loggerOptions(
  level: string | false,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  if (level === false) return false;
  return { level, stream, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}

function errorShape(error: unknown): { errClass?: string; errCode?: string } {
  const e = error as { name?: string; code?: string } | null | undefined;
  return { errClass: e?.name, errCode: e?.code };
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? '(unmatched)';
}

/** Fastify's own log lines, rewritten to carry no URL, body, address or error message. */
export class SafeLogController extends LogController {
  override incomingRequest(): void {
    // One line per request is written on completion; nothing on arrival.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ...(error ? errorShape(error) : {}),
    };
    if (error) reply.log.error(line, 'request errored');
    else reply.log.info(line, 'request');
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, route: routeOf(request), ...errorShape(error) };
    if (reply.statusCode >= 500) reply.log.error(line, 'request failed');
    else reply.log.info(line, 'request refused');
  }

  override streamError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ route: routeOf(request), ...errorShape(error) }, 'response stream error');
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ method: request.method }, 'route not found');
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ route: routeOf(request), ...errorShape(error) }, 'writeHead failed');
  }

  override serializerError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.error(
      { route: routeOf(request), ...errorShape(error) },
      'response serialisation failed',
    );
  }
}
