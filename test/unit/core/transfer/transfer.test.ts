// Export and import: round trip with and without secrets, the passphrase, conflicts and the
// per-profile choices. Real stores on disk (key-file box), real scrypt and AES-GCM.
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import { EMPTY_MATERIAL } from '../../../../shared/profile/profile';
import { KeyholeExport } from '../../../../shared/profile/transfer';
import { inspectMaterial } from '../../../../electron/core/certs/material-file';
import { openProfileService, type ProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { createTransferService, type TransferService } from '../../../../electron/core/transfer/transfer-service';
import { CA_PEM, CERT_PEM, ENCRYPTED_KEY_PEM, KEY_PASSPHRASE, pemBodyLines } from '../../../support/fixture-material';

const PASSWORD = 'transfer-mqtt-password';
const EXPORT_PASSPHRASE = 'export passphrase 42';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

interface Host {
  dir: string;
  profiles: ProfileService;
  transfer: TransferService;
}

async function host(): Promise<Host> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-transfer-'));
  dirs.push(dir);
  const profiles = await openProfileService({ store: createJsonFileStore(dir) });
  // A low scrypt cost keeps these tests fast; the default cost has its own test.
  const transfer = createTransferService({
    profiles,
    app: { name: 'Keyhole', version: 'test' },
    readReferencedFiles: true,
    scrypt: { N: 1024, r: 8, p: 1 },
  });
  return { dir, profiles, transfer };
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

async function addDevice(h: Host, name = 'Device', host = '127.0.0.1') {
  const group = unwrap(await h.profiles.saveGroup({ name: 'Lab' }));
  const file = (slot: 'ca' | 'cert' | 'key', fileName: string, bytes: Buffer) => {
    const ref = inspectMaterial(slot, fileName, bytes, new Date(), undefined, slot === 'key' ? KEY_PASSPHRASE : undefined);
    h.profiles.stageFile(ref, bytes);
    return ref;
  };
  const p = unwrap(
    await h.profiles.saveProfile({
      name,
      groupId: group.id,
      settings: defaultSettings({ host, port: 8883, clientId: 'device-1', username: 'device-user' }),
      material: {
        ca: [file('ca', 'ca.pem', CA_PEM)],
        cert: file('cert', 'client.pem', CERT_PEM),
        key: file('key', 'client.key', ENCRYPTED_KEY_PEM),
        pfx: null,
      },
      notes: 'bench 3',
    }),
  );
  unwrap(await h.profiles.setSecrets(p.id, { passphrase: KEY_PASSPHRASE, password: PASSWORD }));
  return p;
}

describe('export', () => {
  it('without secrets lists what is missing and carries only public material', async () => {
    const a = await host();
    const p = await addDevice(a);
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: false }));
    expect(out.fileName).toBe('Device.keyhole.json');
    expect(out.missingSecrets).toEqual([{ profileId: p.id, name: 'Device', missing: ['private-key', 'key-passphrase', 'mqtt-password'] }]);
    const doc = KeyholeExport.parse(JSON.parse(out.json));
    expect(doc.encryptedSecrets).toBeUndefined();
    expect(doc.profiles[0]!.secrets).toEqual({ included: [], missing: ['private-key', 'key-passphrase', 'mqtt-password'] });
    expect(doc.profiles[0]!.files.map((f) => [f.slot, f.fileName, f.secret, f.data !== undefined])).toEqual([
      ['ca', 'ca.pem', false, true],
      ['cert', 'client.pem', false, true],
      ['key', 'client.key', true, false],
    ]);
    for (const secret of [KEY_PASSPHRASE, PASSWORD, ...pemBodyLines(ENCRYPTED_KEY_PEM)]) expect(out.json).not.toContain(secret);
  });

  it('treats a DER private key in the CA slot as the secret it is: sealed in the store, left out of an export without secrets', async () => {
    const a = await host();
    const derKey = createPrivateKey({ key: ENCRYPTED_KEY_PEM, passphrase: KEY_PASSPHRASE }).export({ type: 'pkcs8', format: 'der' });
    const ref = inspectMaterial('ca', 'ca.der', derKey, new Date());
    a.profiles.stageFile(ref, derKey);
    const p = unwrap(
      await a.profiles.saveProfile({
        name: 'Key as CA',
        groupId: null,
        settings: defaultSettings({ host: '127.0.0.1', port: 8883 }),
        material: { ...EMPTY_MATERIAL, ca: [ref] },
        notes: '',
      }),
    );
    await a.profiles.flush();
    const b64 = derKey.toString('base64');
    expect(await readFile(join(a.dir, 'profiles.json'), 'utf8')).not.toContain(b64.slice(0, 60));
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: false }));
    expect(out.json).not.toContain(b64.slice(0, 60));
    expect(out.missingSecrets).toEqual([{ profileId: p.id, name: 'Key as CA', missing: ['private-key'] }]);
  });

  it('with secrets seals them with scrypt + AES-256-GCM and records the parameters', async () => {
    const a = await host();
    await addDevice(a);
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: true, passphrase: EXPORT_PASSPHRASE }));
    expect(out.missingSecrets).toEqual([]);
    const doc = KeyholeExport.parse(JSON.parse(out.json));
    expect(doc.encryptedSecrets!.kdf).toMatchObject({ name: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 });
    expect(Buffer.from(doc.encryptedSecrets!.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(doc.encryptedSecrets!.cipher.iv, 'base64')).toHaveLength(12);
    expect(doc.profiles[0]!.secrets.included.sort()).toEqual(['key-passphrase', 'mqtt-password', 'private-key']);
    for (const secret of [KEY_PASSPHRASE, PASSWORD, ...pemBodyLines(ENCRYPTED_KEY_PEM), ENCRYPTED_KEY_PEM.toString('base64').slice(0, 60)])
      expect(out.json).not.toContain(secret);
  });

  it('refuses secrets without a passphrase, and unknown profiles', async () => {
    const a = await host();
    await addDevice(a);
    expect(await a.transfer.exportProfiles({ withSecrets: true })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await a.transfer.exportProfiles({ withSecrets: false, profileIds: ['nope'] })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('import of a Keyhole export', () => {
  it('round-trips every file and secret into a fresh store', async () => {
    const a = await host();
    const original = await addDevice(a);
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: true, passphrase: EXPORT_PASSPHRASE }));

    const b = await host();
    const preview = unwrap(await b.transfer.preview({ text: out.json, passphrase: EXPORT_PASSPHRASE }));
    expect(preview).toMatchObject({ source: 'keyhole', encrypted: true, secretsSkipped: false, notes: [] });
    expect(preview.items).toEqual([
      expect.objectContaining({
        name: 'Device',
        target: 'mqtts://127.0.0.1:8883',
        groupName: 'Lab',
        conflict: null,
        keepBothName: 'Device',
        defaultChoice: 'keep-both',
        notes: [],
      }),
    ]);
    expect(preview.items[0]!.files.map((f) => f.status)).toEqual(['included', 'included', 'included']);
    const result = unwrap(await b.transfer.apply({ token: preview.token }));
    expect(result.added).toHaveLength(1);
    expect(result.replaced).toEqual([]);

    const imported = unwrap(b.profiles.getProfile(result.added[0]!.profileId));
    expect(imported).toMatchObject({
      name: 'Device',
      notes: 'bench 3',
      secrets: { hasPassphrase: true, hasPassword: true, hasPfxPassword: false },
    });
    expect(imported.settings).toEqual(original.settings);
    expect(b.profiles.listGroups().map((g) => g.name)).toEqual(['Lab']);
    // The files were inspected again on the way in: the encrypted key opened with the imported passphrase.
    expect(imported.material.key!.publicKeyFingerprint).toBe(imported.material.cert!.publicKeyFingerprint);
    const before = unwrap(a.profiles.resolve(original.id));
    const after = unwrap(b.profiles.resolve(imported.id));
    expect(after.secrets).toEqual(before.secrets);
    expect(after.files.key!.bytes.equals(before.files.key!.bytes)).toBe(true);
    expect(after.files.ca.map((f) => f.bytes.toString())).toEqual(before.files.ca.map((f) => f.bytes.toString()));
  });

  it('without secrets adds the profile and names what must be entered again', async () => {
    const a = await host();
    await addDevice(a);
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: false }));
    const b = await host();
    const preview = unwrap(await b.transfer.preview({ text: out.json }));
    expect(preview.encrypted).toBe(false);
    expect(preview.notes).toEqual([expect.stringMatching(/made without secrets/)]);
    const item = preview.items[0]!;
    expect(item.secrets).toEqual({ included: [], missing: ['private-key', 'key-passphrase', 'mqtt-password'] });
    expect(item.files.find((f) => f.slot === 'key')).toEqual({
      slot: 'key',
      fileName: 'client.key',
      status: 'missing',
      reason: expect.stringMatching(/without secrets/),
    });
    expect(item.notes).toEqual([
      expect.stringMatching(/key passphrase is not in the export/),
      expect.stringMatching(/MQTT password is not in the export/),
    ]);
    const id = unwrap(await b.transfer.apply({ token: preview.token })).added[0]!.profileId;
    const p = unwrap(b.profiles.getProfile(id));
    expect(p.material.key).toBeNull();
    expect(p.material.cert?.fileName).toBe('client.pem');
    expect(p.secrets).toEqual({ hasPassphrase: false, hasPassword: false, hasPfxPassword: false });
  });

  it('asks for the passphrase, refuses a wrong one clearly and changes nothing; or leaves the secrets out on request', async () => {
    const a = await host();
    await addDevice(a);
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: true, passphrase: EXPORT_PASSPHRASE }));
    const b = await host();
    expect(await b.transfer.preview({ text: out.json })).toMatchObject({ ok: false, error: { code: 'passphrase-required' } });
    expect(await b.transfer.preview({ text: out.json, passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'passphrase-wrong', message: expect.stringMatching(/passphrase is wrong.*Nothing was imported/) },
    });
    // A changed ciphertext is caught the same way (GCM authenticates it).
    const doc = JSON.parse(out.json) as { encryptedSecrets: { ciphertext: string } };
    const c = Buffer.from(doc.encryptedSecrets.ciphertext, 'base64');
    c[0] = c[0]! ^ 1;
    doc.encryptedSecrets.ciphertext = c.toString('base64');
    expect(await b.transfer.preview({ text: JSON.stringify(doc), passphrase: EXPORT_PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'passphrase-wrong' },
    });
    expect(b.profiles.listProfiles()).toEqual([]);

    const skipped = unwrap(await b.transfer.preview({ text: out.json, skipSecrets: true }));
    expect(skipped).toMatchObject({ encrypted: true, secretsSkipped: true });
    expect(skipped.items[0]!.secrets.included).toEqual([]);
  });

  it('refuses files it cannot read, saying what they are not', async () => {
    const b = await host();
    expect(await b.transfer.preview({ text: 'certainly not json' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-file', message: expect.stringMatching(/not JSON/) },
    });
    expect(await b.transfer.preview({ text: '{"some":"thing"}' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-file', message: expect.stringMatching(/neither a Keyhole export nor an MQTT X/) },
    });
    expect(await b.transfer.preview({ text: JSON.stringify({ format: 'keyhole-profiles', formatVersion: 7 }) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-file', message: expect.stringMatching(/newer Keyhole \(format 7\)/) },
    });
    expect(await b.transfer.preview({ text: JSON.stringify({ format: 'keyhole-profiles', formatVersion: 1, profiles: 3 }) })).toMatchObject(
      { ok: false, error: { code: 'invalid-file', message: expect.stringMatching(/damaged/) } },
    );
  });
});

describe('import conflicts', () => {
  async function exported() {
    const a = await host();
    const p = await addDevice(a);
    unwrap(
      await a.profiles.saveProfile({
        name: 'Other',
        groupId: null,
        settings: defaultSettings({ host: 'other.example' }),
        material: EMPTY_MATERIAL,
      }),
    );
    const out = unwrap(await a.transfer.exportProfiles({ withSecrets: true, passphrase: EXPORT_PASSPHRASE, profileIds: [p.id] }));
    return { a, p, json: out.json };
  }

  it('shows the collision with the same profile, and keep-both adds a renamed copy', async () => {
    const { a, p, json } = await exported();
    const preview = unwrap(await a.transfer.preview({ text: json, passphrase: EXPORT_PASSPHRASE }));
    expect(preview.items[0]).toMatchObject({
      conflict: { by: 'id-and-name', profileId: p.id, profileName: 'Device' },
      keepBothName: 'Device (2)',
      defaultChoice: 'keep-both',
    });
    const result = unwrap(await a.transfer.apply({ token: preview.token, choices: [{ key: preview.items[0]!.key, choice: 'keep-both' }] }));
    expect(result.added.map((x) => x.name)).toEqual(['Device (2)']);
    expect(result.added[0]!.profileId).not.toBe(p.id);
    expect(a.profiles.listProfiles().map((x) => x.name)).toEqual(['Device', 'Other', 'Device (2)']);
    expect(a.profiles.listGroups().map((g) => g.name)).toEqual(['Lab']);
    // The preview is used up.
    expect(await a.transfer.apply({ token: preview.token })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('replace puts the imported profile in place of the existing one, keeping its id and position', async () => {
    const { a, p, json } = await exported();
    unwrap(await a.profiles.setSecrets(p.id, { password: 'changed locally' }));
    unwrap(
      await a.profiles.saveProfile({
        id: p.id,
        name: 'Device',
        groupId: null,
        settings: defaultSettings({ host: 'changed.example' }),
        material: EMPTY_MATERIAL,
      }),
    );
    const preview = unwrap(await a.transfer.preview({ text: json, passphrase: EXPORT_PASSPHRASE }));
    const result = unwrap(await a.transfer.apply({ token: preview.token, choices: [{ key: preview.items[0]!.key, choice: 'replace' }] }));
    expect(result.replaced).toEqual([{ key: preview.items[0]!.key, profileId: p.id, name: 'Device' }]);
    expect(a.profiles.listProfiles().map((x) => x.name)).toEqual(['Device', 'Other']);
    const back = unwrap(a.profiles.resolve(p.id));
    expect(back.settings.host).toBe('127.0.0.1');
    expect(back.secrets.password).toBe(PASSWORD);
    expect(back.files.key).not.toBeNull();
    expect(back.profile.createdAt).toBe(p.createdAt);
  });

  it('skip leaves everything as it was; a name collision with another profile is replaced only when asked', async () => {
    const { json } = await exported();
    const b = await host();
    const mine = unwrap(
      await b.profiles.saveProfile({
        name: 'Device',
        groupId: null,
        settings: defaultSettings({ host: 'mine.example' }),
        material: EMPTY_MATERIAL,
      }),
    );
    const preview = unwrap(await b.transfer.preview({ text: json, passphrase: EXPORT_PASSPHRASE }));
    expect(preview.items[0]!.conflict).toEqual({ by: 'name', profileId: mine.id, profileName: 'Device' });
    const skipped = unwrap(await b.transfer.apply({ token: preview.token, choices: [{ key: preview.items[0]!.key, choice: 'skip' }] }));
    expect(skipped).toEqual({ added: [], replaced: [], skipped: [{ key: preview.items[0]!.key, name: 'Device' }] });
    expect(b.profiles.listProfiles().map((x) => x.settings.host)).toEqual(['mine.example']);

    // Without a choice, nothing existing is touched: the default is keep-both.
    const again = unwrap(await b.transfer.preview({ text: json, passphrase: EXPORT_PASSPHRASE }));
    unwrap(await b.transfer.apply({ token: again.token }));
    expect(b.profiles.listProfiles().map((x) => [x.name, x.settings.host])).toEqual([
      ['Device', 'mine.example'],
      ['Device (2)', '127.0.0.1'],
    ]);

    const third = unwrap(await b.transfer.preview({ text: json, passphrase: EXPORT_PASSPHRASE }));
    unwrap(await b.transfer.apply({ token: third.token, choices: [{ key: third.items[0]!.key, choice: 'replace' }] }));
    expect(b.profiles.listProfiles().map((x) => [x.id === mine.id, x.name, x.settings.host])).toEqual([
      [true, 'Device', '127.0.0.1'],
      [false, 'Device (2)', '127.0.0.1'],
    ]);
  });

  it('refuses choices for items the preview does not have', async () => {
    const { a, json } = await exported();
    const preview = unwrap(await a.transfer.preview({ text: json, passphrase: EXPORT_PASSPHRASE }));
    expect(await a.transfer.apply({ token: preview.token, choices: [{ key: 'zz', choice: 'replace' }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });
});
