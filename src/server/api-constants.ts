/**
 * Closed lists the API and the web app share, kept free of zod so the browser bundle does not
 * carry the validator.
 */
export const ROLES = [
  'administrator',
  'coordinator',
  'documenter',
  'legal_officer',
  'analyst',
  'viewer',
] as const;

/** Roles of the installation, not of one organisation: their users have no organisation. */
export const INSTALLATION_ROLES: readonly (typeof ROLES)[number][] = [
  'administrator',
  'coordinator',
];

export const EVENT_TYPES = [
  'Recruitment',
  'BorderCrossing',
  'Sale',
  'Transit',
  'Exploitation',
  'Escape',
  'ArrestPRC',
  'DetentionPRC',
  'Repatriation',
  'InterrogationDPRK',
  'DetentionDPRK',
  'Release',
  'Death',
] as const;

export const CONSENT_PURPOSES = [
  'case_management',
  'legal_proceedings',
  'un_reporting',
  'aggregate_statistics',
] as const;

export const CASE_STATUSES = ['draft', 'open', 'urgent', 'closed'] as const;

export const INTERVENTION_KINDS = [
  'un_urgent_appeal',
  'un_working_group',
  'legal_aid',
  'family_contact',
  'referral',
  'legal_action',
] as const;

export const INTERVENTION_STATUSES = ['planned', 'open', 'sent', 'answered', 'closed'] as const;

export const ASSESSMENT_STATUSES = [
  'unassessed',
  'supported',
  'contested',
  'insufficient',
] as const;

export const FACETS = ['violation', 'province', 'year', 'source', 'status'] as const;
export type Facet = (typeof FACETS)[number];
