/** The public face of src/protect: what ingest, server, cli and the other layers import. */
export type { RecordSealer } from './contracts';
export { ProtectionError, type ProtectionErrorKind } from './errors';
export { createKeyring, Keyring, type WrappedDataKey } from './keyring';
export {
  createKeyFile,
  defaultKeyFilePath,
  MasterKey,
  masterKeyFromPassphrase,
  newPassphraseKdf,
  readKeyFile,
  type PassphraseKdf,
} from './master-key';
export { BLIND_INDEX_BYTES, FieldSealer } from './sealer';
export {
  addOrganisation,
  initialiseKeys,
  readKeyHeader,
  rotateFieldKey,
  rotateMasterKey,
  unlockKeyring,
} from './key-store';
export { recordRef, type AuditEntry, type AuditEvent } from './audit-entry';
export {
  AuditLog,
  verifyConsistencyExport,
  verifyInclusionExport,
  type AuditProblem,
  type AuditVerification,
  type ConsistencyProofExport,
  type InclusionProofExport,
} from './audit-log';
export { AuditedSealer } from './audited-sealer';
export {
  CONSENT_PURPOSES,
  caseConsentCondition,
  personConsentCondition,
  type ConsentChange,
  type ConsentTarget,
} from './consent';
export {
  LINKAGE_PURPOSE,
  STRATUM_FIELDS,
  UNKNOWN_STRATUM,
  linkageRuns,
  linkedCaptureHistories,
  linkedPersonKeys,
  recordLinkageDecision,
  runStoreLinkage,
  type CaptureHistories,
  type LinkedPersonKeys,
  type PatternCount,
  type StoreDecision,
  type StoredLinkageRun,
  type StoreLinkageOptions,
  type StoreLinkageProgress,
  type StoreLinkageSummary,
  type StratumField,
  type WithheldCounts,
} from './linkage';
export {
  CROSS_ORGANISATION_ROLES,
  INSTALLATION_ROLES,
  OPERATIONS,
  ROLES,
  decide,
  type Operation,
  type Principal,
  type Resource,
  type Role,
} from './policy';
export {
  openProtected,
  ProtectedStore,
  Session,
  type LoginRequest,
  type ProtectedOptions,
} from './protected-store';
export type { OneTimeCredentials } from './accounts';
export { totpCode } from './credentials';
