/** Cases: search (POST, so names never sit in a URL), read, create, replace; interventions. */
import { z } from 'zod';
import { activeSessionOf } from '../auth';
import { CaseFacetIndex } from '../case-facet-index';
import { searchCases } from '../case-search';
import { API_PURPOSE, readCase, saveCase } from '../cases';
import { indexCaseNames } from '../name-index';
import { HttpProblem, problemSchema } from '../problem';
import {
  caseInputSchema,
  caseReadSchema,
  caseSearchResultSchema,
  caseSearchSchema,
  interventionInputSchema,
} from '../schemas';
import { updateIntervention, urgentCases } from '../stats';
import { urgentItemSchema } from '../schemas';
import type { ApiContext, ApiInstance } from './index';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const caseParams = z.object({ id: z.string().min(1).max(200) });

export function registerCaseRoutes(app: ApiInstance, ctx: ApiContext): void {
  const { protect } = ctx;
  const facetIndex = new CaseFacetIndex(protect.db);

  app.post(
    '/cases/search',
    {
      schema: {
        tags: ['cases'],
        summary: 'Search the organisation’s cases by name (any script) or record id, with facets',
        body: caseSearchSchema,
        response: { 200: caseSearchResultSchema, ...errors },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      return searchCases(protect, facetIndex, session, request.body);
    },
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'One case: identified for roles that may read it, else de-identified',
        params: caseParams,
        response: { 200: caseReadSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      reply.header('cache-control', 'no-store');
      return readCase(protect, session, request.params.id);
    },
  );

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Create a case (a draft or a complete testimony)',
        body: caseInputSchema,
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      await saveCase(protect, session, request.body, { create: true });
      return reply.code(201).send({ id: request.body.id });
    },
  );

  app.put(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Replace a case (drafts are saved this way as the documenter types)',
        params: caseParams,
        body: caseInputSchema,
        response: { 200: z.object({ id: z.string() }), ...errors },
      },
    },
    async (request) => {
      if (request.body.id !== request.params.id) {
        throw new HttpProblem('validation', 'The id in the body differs from the path.');
      }
      const session = await activeSessionOf(request, protect);
      await saveCase(protect, session, request.body, { create: false });
      return { id: request.params.id };
    },
  );

  app.post(
    '/cases/index-names',
    {
      schema: {
        tags: ['cases'],
        summary: 'Make imported cases searchable by name (opens their names, audited)',
        body: z.object({ limit: z.number().int().min(1).max(100_000).default(5000) }),
        response: {
          200: z.object({ indexed: z.number().int(), remaining: z.number().int() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      const organisationId = session.principal.organisationId;
      await session.require('case.update', { organisationId });
      const sealer = await session.sealerFor(organisationId ?? '', {
        purpose: API_PURPOSE,
        read: true,
      });
      try {
        return await indexCaseNames(protect.db, sealer, { limit: request.body.limit });
      } finally {
        await sealer.flush();
      }
    },
  );

  app.get(
    '/urgent',
    {
      schema: {
        tags: ['cases'],
        summary: 'People detained in China or at risk of forced repatriation, with interventions',
        response: { 200: z.array(urgentItemSchema), ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      reply.header('cache-control', 'no-store');
      return urgentCases(protect, session);
    },
  );

  app.put(
    '/cases/:id/interventions/:interventionId',
    {
      schema: {
        tags: ['cases'],
        summary: 'Change an intervention’s status, responsible or deadline',
        params: caseParams.extend({ interventionId: z.string().min(1).max(100) }),
        body: interventionInputSchema.omit({ notes: true }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      await updateIntervention(
        protect,
        session,
        request.params.id,
        request.params.interventionId,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );
}
