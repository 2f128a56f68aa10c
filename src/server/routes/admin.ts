/** Administration: organisations, users, key status, audit verification (administrators only). */
import { z } from 'zod';
import { activeSessionOf } from '../auth';
import { listOrganisations } from '../directory';
import { problemSchema } from '../problem';
import {
  auditVerifySchema,
  keyStatusSchema,
  newOrganisationSchema,
  newUserSchema,
  oneTimeCredentialsSchema,
  organisationSchema,
  userSchema,
} from '../schemas';
import type { ApiContext, ApiInstance } from './index';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const usernameParam = z.object({ username: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/) });

export function registerAdminRoutes(app: ApiInstance, ctx: ApiContext): void {
  const { protect } = ctx;

  app.get(
    '/admin/organisations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Organisations of this installation',
        response: { 200: z.array(organisationSchema), ...errors },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      return listOrganisations(protect, session);
    },
  );

  app.post(
    '/admin/organisations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an organisation and its data keys',
        body: newOrganisationSchema,
        response: { 201: organisationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      await session.createOrganisation(request.body);
      return reply.code(201).send(request.body);
    },
  );

  app.get(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Users and their roles',
        response: { 200: z.array(userSchema), ...errors },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      const users = await session.listUsers();
      return users.map((u) => ({
        username: u.username,
        role: u.role,
        organisation: u.organisationId ?? undefined,
        disabled: u.disabled,
        locked: u.locked,
      }));
    },
  );

  app.post(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user; answers the one-time password and TOTP secret, once',
        body: newUserSchema,
        response: { 201: oneTimeCredentialsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      const creds = await session.createUser({
        username: request.body.username,
        role: request.body.role,
        organisationId: request.body.organisation ?? null,
      });
      // Never cached by the browser or anything in between.
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({
        username: creds.username,
        oneTimePassword: creds.oneTimePassword,
        totpSecret: creds.totpSecret,
        totpUri: creds.totpUri,
      });
    },
  );

  app.post(
    '/admin/users/:username/disable',
    {
      schema: {
        tags: ['admin'],
        summary: 'Disable a user and end their sessions',
        params: usernameParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      await session.disableUser(request.params.username);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/admin/users/:username/reset',
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue a new one-time password and TOTP secret',
        params: usernameParam,
        response: { 200: oneTimeCredentialsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = await activeSessionOf(request, protect);
      const creds = await session.resetCredentials(request.params.username);
      reply.header('cache-control', 'no-store');
      return {
        username: creds.username,
        oneTimePassword: creds.oneTimePassword,
        totpSecret: creds.totpSecret,
        totpUri: creds.totpUri,
      };
    },
  );

  app.get(
    '/admin/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Data key version of each organisation (never the keys)',
        response: { 200: z.array(keyStatusSchema), ...errors },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      await session.require('key.manage');
      return protect.keyring.organisations().map((organisation) => ({
        organisation,
        keyVersion: protect.keyring.currentVersion(organisation),
      }));
    },
  );

  app.post(
    '/admin/audit/verify',
    {
      schema: {
        tags: ['admin'],
        summary: 'Verify the tamper-evident audit log',
        response: { 200: auditVerifySchema, ...errors },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      const v = await session.verifyAudit();
      return {
        ok: v.ok,
        entries: v.entries,
        checkpointsChecked: v.checkpointsChecked,
        rootHash: v.rootHash,
        problems: v.problems.map((p) => ({ kind: p.kind, seq: p.seq, message: p.message })),
        moreProblems: v.moreProblems,
      };
    },
  );
}
