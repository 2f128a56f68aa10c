/** Aggregates for the dashboard (small cells suppressed, consent for statistics required). */
import { activeSessionOf } from '../auth';
import { problemSchema } from '../problem';
import { dashboardSchema } from '../schemas';
import { dashboard } from '../stats';
import type { ApiContext, ApiInstance } from './index';

export function registerStatsRoutes(app: ApiInstance, ctx: ApiContext): void {
  app.get(
    '/stats/dashboard',
    {
      schema: {
        tags: ['stats'],
        summary: 'Violations by type and year, cases by province, repatriations by year',
        response: { 200: dashboardSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, ctx.protect);
      return dashboard(ctx.protect, session);
    },
  );
}
