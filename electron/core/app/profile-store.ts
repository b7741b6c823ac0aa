/**
 * Where profiles live between runs. One interface (`load`/`save` of a whole document) so the
 * format and protection of the file (versioning, sealing of secrets) can change in
 * electron/core/store without touching the services that use it.
 */
export {
  createMemoryStore,
  emptyStore,
  SECRET_FIELDS,
  StoredSecrets,
  type LockedValue,
  type ProfileStore,
  type SecretField,
  type StoreData,
  type StoreError,
  type StoreState,
} from '../store/store-data';
export { createJsonFileStore, STORE_FILE_NAME, type JsonFileStoreOptions } from '../store/json-store';
