// The app's "Lab" group: one ready profile per demo identity, its files imported into the profile
// and its secrets sealed like any other, named after what it shows ("rogue-device — refused: CN
// not allowed"). Made again (after a regeneration, or when the lab moved to another port), the
// same profiles are replaced in place (same ids, so their attempt history stays); no other
// profile is touched.
import { Buffer } from 'node:buffer';
import { X509Certificate, randomUUID } from 'node:crypto';
import type { MaterialSlot, Profile } from '../../../shared/profile/profile';
import { inspectMaterial } from '../certs/material-file';
import type { ImportEntry } from '../profiles/import-apply';
import type { DemoFile, DemoProfile } from './demo-profiles';

export const LAB_GROUP = 'Lab';

/** A demo profile's name: the identity and what connecting it shows. */
export const labProfileName = (p: Pick<DemoProfile, 'name' | 'outcome'>) => `${p.name} — ${p.outcome}`;

function entryOf(p: DemoProfile, replaceId: string | null, now: Date): ImportEntry {
  const file = (slot: MaterialSlot, f: DemoFile, secret?: string) => ({
    ref: inspectMaterial(slot, f.fileName, f.bytes, now, randomUUID(), secret),
    base64: Buffer.from(f.bytes).toString('base64'),
  });
  const files = [
    ...p.files.ca.map((f) => file('ca', f)),
    ...(p.files.cert ? [file('cert', p.files.cert)] : []),
    ...(p.files.key ? [file('key', p.files.key, p.secrets.passphrase)] : []),
    ...(p.files.pfx ? [file('pfx', p.files.pfx, p.secrets.pfxPassword)] : []),
  ];
  return {
    key: p.name,
    choice: replaceId === null ? 'keep-both' : 'replace',
    replaceId,
    name: labProfileName(p),
    groupName: LAB_GROUP,
    settings: p.settings,
    files,
    secrets: p.secrets,
    expect: p.expect,
    notes: `Keyhole lab identity "${p.name}": ${p.about}. Made by the Lab section; made again when the lab is regenerated or moves to another port.`,
  };
}

/** The import entries that make (or make again) the Lab group; `existing` maps identity names to profile ids made earlier. */
export function labProfileEntries(demo: DemoProfile[], existing: Record<string, string>, profiles: Profile[], now: Date): ImportEntry[] {
  const live = new Set(profiles.map((p) => p.id));
  return demo.map((p) => {
    const id = existing[p.name];
    return entryOf(p, id !== undefined && live.has(id) ? id : null, now);
  });
}

/** Whether the lab's profiles no longer fit the running lab: another port, or a CA from an earlier lab. */
export function labProfilesStale(ids: readonly string[], profiles: Profile[], port: number, caPem: string): boolean {
  const fingerprint = new X509Certificate(caPem).fingerprint256.toUpperCase();
  return profiles
    .filter((p) => ids.includes(p.id))
    .some(
      (p) =>
        p.settings.port !== port ||
        p.material.ca.some((ca) => ca.fingerprint !== undefined && ca.fingerprint.toUpperCase() !== fingerprint),
    );
}
