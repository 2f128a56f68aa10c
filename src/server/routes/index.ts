/**
 * All API routes, registered under /api. Each module registers one resource.
 */
import type { FastifyInstance, FastifyBaseLogger, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProtectedStore } from '../../protect/protected-store';
import { registerAdminRoutes } from './admin';
import { registerCaseRoutes } from './cases';
import { registerHealthRoutes } from './health';
import { registerReferenceRoutes } from './reference';
import { registerSessionRoutes } from './session';
import { registerStatsRoutes } from './stats';

export type ApiInstance = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ApiDeps {
  /** The protection layer: the API's only door to stored data. */
  protect: ProtectedStore;
}

export interface ApiContext extends ApiDeps {
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
}

export async function registerApiRoutes(app: ApiInstance, ctx: ApiContext): Promise<void> {
  registerHealthRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerReferenceRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
  registerStatsRoutes(app, ctx);
}
