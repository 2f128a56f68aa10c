/**
 * `jayu users`: organisations, accounts and case restrictions. Every subcommand but
 * `first-admin` logs a named user in and is allowed or refused by that user's role.
 */
import type { Command } from 'commander';
import { ROLES, type Role } from '../../protect/policy';
import { CliError, ExitCode } from '../exit-codes';
import {
  newSecret,
  printCredentials,
  storeOptions,
  withProtected,
  withUser,
  type StoreCliOptions,
} from './init';

function role(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) {
    throw new CliError(`--role must be one of ${ROLES.join(', ')}`, ExitCode.usage);
  }
  return text as Role;
}

export function register(program: Command): void {
  const users = program
    .command('users')
    .description('Organisations, user accounts and case restrictions');

  storeOptions(
    users
      .command('add-org')
      .description('Create an organisation and its data keys (administrator)'),
    { login: true },
  )
    .argument('<id>', 'organisation id (letters, digits, _ . -)')
    .requiredOption('--name <name>', 'display name')
    .action(async (id: string, opts: StoreCliOptions & { name: string }) => {
      await withUser(opts, async (session) => {
        await session.createOrganisation({ id, name: opts.name });
        process.stdout.write(`organisation ${id} created\n`);
      });
    });

  storeOptions(
    users.command('add').description('Create an account with one-time credentials (administrator)'),
    { login: true },
  )
    .argument('<username>', 'lower-case login name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
    .option('--org <id>', 'organisation (every role but administrator and coordinator)')
    .action(async (username: string, opts: StoreCliOptions & { role: Role; org?: string }) => {
      await withUser(opts, async (session) => {
        const creds = await session.createUser({
          username,
          role: opts.role,
          organisationId: opts.org ?? null,
        });
        process.stdout.write(
          `account created (${opts.role}${opts.org ? ` of ${opts.org}` : ''}):\n`,
        );
        printCredentials(creds);
      });
    });

  storeOptions(users.command('list').description('Accounts, roles and state (administrator)'), {
    login: true,
  }).action(async (opts: StoreCliOptions) => {
    await withUser(opts, async (session) => {
      for (const u of await session.listUsers()) {
        const state = u.disabled ? 'disabled' : u.locked ? 'locked' : 'active';
        process.stdout.write(`${u.username}\t${u.role}\t${u.organisationId ?? '-'}\t${state}\n`);
      }
    });
  });

  storeOptions(
    users
      .command('reset')
      .description('New one-time password and authenticator secret (administrator)'),
    { login: true },
  )
    .argument('<username>')
    .action(async (username: string, opts: StoreCliOptions) => {
      await withUser(opts, async (session) => {
        printCredentials(await session.resetCredentials(username));
      });
    });

  storeOptions(
    users.command('disable').description('Disable an account and end its sessions (administrator)'),
    { login: true },
  )
    .argument('<username>')
    .action(async (username: string, opts: StoreCliOptions) => {
      await withUser(opts, async (session) => {
        await session.disableUser(username);
        process.stdout.write(`${username} disabled\n`);
      });
    });

  storeOptions(
    users.command('passwd').description('Change your own password (JAYU_NEW_PASSWORD or prompt)'),
    { login: true },
  ).action(async (opts: StoreCliOptions) => {
    await withUser(opts, async (session) => {
      const current = process.env.JAYU_PASSWORD ?? '';
      await session.changePassword(current, await newSecret('JAYU_NEW_PASSWORD', 'password'));
      process.stdout.write('password changed\n');
    });
  });

  storeOptions(
    users
      .command('first-admin')
      .description(
        'Create an administrator when none exists (key holder only, e.g. after an interrupted init)',
      ),
  )
    .argument('<username>')
    .action(async (username: string, opts: StoreCliOptions) => {
      await withProtected(opts, async (store) => {
        printCredentials(await store.createFirstAdministrator(username));
      });
    });

  storeOptions(
    users
      .command('restrict')
      .description('Restrict a case to named users of its organisation (documenter)'),
    {
      login: true,
    },
  )
    .argument('<case-id>')
    .option('--to <usernames>', 'comma-separated usernames; omit to lift the restriction', '')
    .action(async (caseId: string, opts: StoreCliOptions & { to: string }) => {
      await withUser(opts, async (session) => {
        const names = opts.to
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        await session.restrictCase(caseId, names);
        process.stdout.write(
          names.length
            ? `case ${caseId} restricted to ${names.length} users (and you)\n`
            : `case ${caseId} unrestricted\n`,
        );
      });
    });
}
