import { z } from 'zod';
import type { ApiContext, ApiInstance } from './index';

export function registerHealthRoutes(app: ApiInstance, _ctx: ApiContext): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['meta'],
        summary: 'Liveness: the server answers',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
      config: { rateLimit: false },
    },
    async () => ({ status: 'ok' as const }),
  );
}
