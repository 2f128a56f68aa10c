/**
 * RFC 9457 problem details. Every error the API returns is one of these, and none of them carries
 * a value from the request: a leaked name in an error message can reach a log, a screenshot or a
 * support ticket. Validation problems name the field paths that failed, never what was sent.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProtectionError } from '../protect/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references into the API's own namespace (no outside host). */
export type ProblemKind =
  | 'validation'
  | 'unauthenticated'
  | 'second-factor-required'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'csrf'
  | 'rate-limited'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal';

const TITLES: Record<ProblemKind, { status: number; title: string }> = {
  validation: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  'second-factor-required': { status: 401, title: 'The second factor is required' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The record changed or already exists' },
  csrf: { status: 403, title: 'Missing or wrong anti-forgery token' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'payload-too-large': { status: 413, title: 'The request is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  internal: { status: 500, title: 'Internal error' },
};

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    /** For validation problems: the failing field paths and issue codes, never the values. */
    errors: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

/**
 * An error a route throws on purpose. `detail` must be a fixed sentence written by us: callers
 * never interpolate request or stored values into it.
 */
export class HttpProblem extends Error {
  readonly kind: ProblemKind;
  readonly detail?: string;
  readonly errors?: Problem['errors'];
  constructor(kind: ProblemKind, detail?: string, errors?: Problem['errors']) {
    super(detail ?? TITLES[kind].title);
    this.name = 'HttpProblem';
    this.kind = kind;
    this.detail = detail;
    this.errors = errors;
  }
}

export function problem(kind: ProblemKind, detail?: string, errors?: Problem['errors']): Problem {
  const { status, title } = TITLES[kind];
  const p: Problem = { type: `/api/problems/${kind}`, title, status };
  if (detail) p.detail = detail;
  if (errors && errors.length > 0) p.errors = errors;
  return p;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(p));
}

/** Joins a validation path like ['events', 2, 'placeId'] into `events[2].placeId`. */
function joinPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}

/** Turns any thrown error into a problem, without the request's values or internal messages. */
export function toProblem(err: unknown): Problem {
  if (err instanceof HttpProblem) return problem(err.kind, err.detail, err.errors);
  if (err instanceof ProtectionError) {
    // The protection layer's messages name tables, operations and ids: useful in a terminal,
    // but an API answer keeps to fixed sentences.
    switch (err.kind) {
      case 'authentication':
        return problem('unauthenticated');
      case 'denied':
        return problem('forbidden');
      case 'not_found':
        return problem('not-found');
      case 'invalid':
        return problem('validation', 'The request was refused as invalid.');
      default:
        return problem('internal');
    }
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    const errors = err.validation.map((v) => {
      const segments = v.instancePath
        .split('/')
        .filter(Boolean)
        .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
      return { path: joinPath([where, ...segments]), code: String(v.keyword || 'invalid') };
    });
    return problem('validation', undefined, errors);
  }
  const fe = err as Partial<FastifyError> | undefined;
  const status = fe?.statusCode;
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413)
    return problem('payload-too-large');
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return problem('unsupported-media-type');
  if (status === 429) return problem('rate-limited');
  if (fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return problem('validation', 'The body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 401) return problem('unauthenticated');
    if (status === 403) return problem('forbidden');
    if (status === 404) return problem('not-found');
    if (status === 409) return problem('conflict');
    return problem('validation');
  }
  return problem('internal');
}

/** Fastify error handler: logs the error class and code only, answers with a problem. */
export function problemErrorHandler(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const p = toProblem(err);
  if (p.status >= 500) {
    // The message of an unexpected error may quote data (a driver error can echo a value), so
    // only its class and code are logged; the stack is kept for JAYU_DEBUG runs.
    const e = err as { name?: string; code?: string; stack?: string };
    request.log.error(
      {
        errClass: e?.name,
        errCode: e?.code,
        ...(process.env.JAYU_DEBUG ? { stack: e?.stack } : {}),
      },
      'request failed',
    );
  }
  return sendProblem(reply, p);
}
