/**
 * All API routes, registered under /api. Each module registers one resource.
 */
import type { FastifyInstance, FastifyBaseLogger, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registerHealthRoutes } from './health';

export type ApiInstance = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApiDeps {}

export interface ApiContext extends ApiDeps {
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
}

export async function registerApiRoutes(app: ApiInstance, ctx: ApiContext): Promise<void> {
  registerHealthRoutes(app, ctx);
}
