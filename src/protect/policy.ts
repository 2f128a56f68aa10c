/**
 * Who may do what: the one table of roles and operations, and the one decision function every
 * door (CLI, API) goes through via Session.require. Pure: no database, no clock.
 *
 * Scope rules, in order:
 *  1. Installation operations (users, organisations, keys, backups, audit) are not tied to an
 *     organisation: administrators (and, for keys/backups/audit, the key-holding operator) only.
 *  2. Every other operation names an organisation: only that organisation's members may act,
 *     except a coordinator, whose (few, non-identifying) operations reach every organisation.
 *  3. A case restricted to named users is closed to everybody else, whatever their role.
 */
export const ROLES = [
  'administrator',
  'coordinator',
  'documenter',
  'legal_officer',
  'analyst',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the installation rather than of one organisation: their users have no organisation. */
export const INSTALLATION_ROLES: ReadonlySet<Role> = new Set<Role>([
  'administrator',
  'coordinator',
]);

/**
 * Roles whose operations apply to every organisation's data (rule 2). Only roles that read
 * nothing identifying belong here.
 */
export const CROSS_ORGANISATION_ROLES: ReadonlySet<Role> = new Set<Role>(['coordinator']);

export const OPERATIONS = [
  'case.create',
  'case.update',
  'case.delete',
  /** Names, aliases, exact dates, contacts, free text: audited, needs consent for the purpose. */
  'case.read_identifying',
  /** Record-level data without identifying fields (no names, no exact dates, no free text). */
  'case.read_deidentified',
  /** Aggregates (counts, tables) with small-cell suppression. */
  'stats.read',
  /** Export with identities (a legal package, a person list). */
  'case.export_identifying',
  /** Export of de-identified records (CTDC-style). */
  'case.export_deidentified',
  'case.restrict',
  'consent.update',
  'assessment.update',
  'evidence.add',
  'evidence.view',
  'evidence.export',
  'linkage.run',
  'user.manage',
  'org.manage',
  'key.manage',
  'backup.create',
  'backup.restore',
  'audit.read',
  'audit.verify',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Operations on the installation as a whole rather than on one organisation's data. */
export const INSTALLATION_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'user.manage',
  'org.manage',
  'key.manage',
  'backup.create',
  'backup.restore',
  'audit.read',
  'audit.verify',
]);

const ROLE_OPERATIONS: Record<Role, ReadonlySet<Operation>> = {
  // Runs the installation; reads no case data, not even aggregates.
  administrator: new Set<Operation>([
    'user.manage',
    'org.manage',
    'key.manage',
    'backup.create',
    'backup.restore',
    'audit.read',
    'audit.verify',
  ]),
  documenter: new Set<Operation>([
    'case.create',
    'case.update',
    'case.delete',
    'case.read_identifying',
    'case.read_deidentified',
    'stats.read',
    'case.restrict',
    'consent.update',
    'evidence.add',
    'evidence.view',
  ]),
  legal_officer: new Set<Operation>([
    'case.read_identifying',
    'case.read_deidentified',
    'stats.read',
    'case.export_identifying',
    'case.export_deidentified',
    'assessment.update',
    'evidence.view',
    'evidence.export',
  ]),
  // The coordinator of several organisations (domain.md section 2): links the lists of several
  // organisations and reads the statistics made from them, "without any of them revealing
  // identities": linkage opens names only inside protect (src/protect/linkage.ts), in memory,
  // and nothing identifying leaves it; no record-level read, no export, no identifying read.
  coordinator: new Set<Operation>(['linkage.run', 'stats.read']),
  analyst: new Set<Operation>([
    'case.read_deidentified',
    'case.export_deidentified',
    'stats.read',
    'linkage.run',
  ]),
  viewer: new Set<Operation>(['stats.read']),
};

/**
 * The key holder at the command line (holding the master key file or passphrase) without a user
 * login: may run the installation's key, backup and audit operations, never read case data.
 */
const OPERATOR_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'key.manage',
  'backup.create',
  'backup.restore',
  'audit.read',
  'audit.verify',
]);

export interface Principal {
  kind: 'user' | 'operator';
  /** User id, or 'local' for the operator. */
  id: string;
  username: string;
  role: Role | 'operator';
  /** Null for installation roles (administrator, coordinator) and the operator. */
  organisationId: string | null;
}

export interface Resource {
  /** The organisation whose data it is (required for every non-installation operation). */
  organisationId?: string | null;
  caseId?: string;
  /** Users a case is restricted to (empty or absent: not restricted). */
  restrictedTo?: readonly string[];
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function actorOf(p: Principal): string {
  return p.kind === 'operator' ? `operator:${p.id}` : `user:${p.id}`;
}

export function roleAllows(role: Role | 'operator', op: Operation): boolean {
  return role === 'operator' ? OPERATOR_OPERATIONS.has(op) : ROLE_OPERATIONS[role].has(op);
}

export function decide(p: Principal, op: Operation, resource: Resource = {}): Decision {
  if (!roleAllows(p.role, op))
    return { allowed: false, reason: `the ${p.role} role may not ${op}` };
  if (INSTALLATION_OPERATIONS.has(op)) return { allowed: true };
  if (!resource.organisationId) {
    return { allowed: false, reason: `${op} needs an organisation` };
  }
  const crossOrganisation = p.role !== 'operator' && CROSS_ORGANISATION_ROLES.has(p.role);
  if (!crossOrganisation && p.organisationId !== resource.organisationId) {
    return { allowed: false, reason: `${op} on another organisation's data` };
  }
  if (
    resource.restrictedTo &&
    resource.restrictedTo.length > 0 &&
    !resource.restrictedTo.includes(p.id)
  ) {
    return {
      allowed: false,
      reason: `case ${resource.caseId ?? ''} is restricted to named users`.replace('  ', ' '),
    };
  }
  return { allowed: true };
}
