/** Small rules about the vault (file bytes and secret values) that several profile operations share. */
import type { MaterialRef, MaterialSet, Profile, SecretFlags } from '../../../shared/profile/profile';
import type { SecretField, StoreData } from '../store/store-data';

/** Every file a profile names, CA files first. */
export const refsOf = (m: MaterialSet): MaterialRef[] => [...m.ca, m.cert, m.key, m.pfx].filter((r): r is MaterialRef => r !== null);

/** How many stored values this process could not decrypt. */
export const lockedCount = (d: StoreData) =>
  Object.keys(d.locked.files).length +
  Object.values(d.locked.secrets).reduce((n, s) => n + Object.keys(s).length, 0) +
  Object.keys(d.locked.workbench).length +
  Object.keys(d.locked.matrices).length;

/** Which secrets a profile holds, readable or locked (the renderer sees only these flags). */
export const flagsOf = (d: StoreData, profileId: string): SecretFlags => {
  const has = (field: SecretField) =>
    d.vault.secrets[profileId]?.[field] !== undefined || d.locked.secrets[profileId]?.[field] !== undefined;
  return { hasPassphrase: has('passphrase'), hasPassword: has('password'), hasPfxPassword: has('pfxPassword') };
};

/** Forgets one file's content, readable or locked. */
export const dropFile = (d: StoreData, id: string) => {
  delete d.vault.files[id];
  delete d.locked.files[id];
};

/** Removes a profile's files, secrets and locked values from the vault (not the profile itself). */
export const clearVault = (d: StoreData, p: Profile) => {
  for (const r of refsOf(p.material)) dropFile(d, r.id);
  delete d.vault.secrets[p.id];
  delete d.locked.secrets[p.id];
};
