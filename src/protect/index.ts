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
