// The workbench over a real JSON file store: CAs and what they issued survive a restart, their
// keys are sealed on disk, identities become profiles, revocation signs CRLs, files are held for
// download, and nothing secret is in what a renderer gets.
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { createWorkbenchService } from '../../../../electron/core/workbench/workbench-service';
import { inspectInputs } from '../../../../electron/core/certs/inspect';
import { useTempDirs, unwrap } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const window = (fromDays: number, toDays: number) => ({
  notBefore: new Date(Date.now() + fromDays * DAY).toISOString(),
  notAfter: new Date(Date.now() + toDays * DAY).toISOString(),
});

async function open(dir: string) {
  const profiles = await openProfileService({ store: createJsonFileStore(dir) });
  return { profiles, workbench: createWorkbenchService({ profiles }) };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('the workbench service', () => {
  it('keeps CAs, issued identities and their sealed keys across a restart; makes a profile from one', async () => {
    const dir = await tempDir();
    const first = await open(dir);
    const root = unwrap(
      await first.workbench.createCa({ subject: { commonName: 'Lab Root' }, key: 'ec-p256', validity: window(-1, 3650) }),
    );
    expect(root.ca.record.crlNumber).toBe(1);
    expect(root.ca.keyAvailable).toBe(true);
    const inter = unwrap(
      await first.workbench.createCa({
        parentId: root.ca.id,
        subject: { commonName: 'Devices' },
        key: 'ec-p384',
        validity: window(-1, 1000),
      }),
    );
    expect(inter.ca.parentId).toBe(root.ca.id);
    const device = unwrap(
      await first.workbench.issue({
        caId: inter.ca.id,
        profile: 'client',
        subject: { commonName: 'device-1' },
        key: 'ec-p256',
        validity: window(-1, 365),
        keyPassphrase: 'key pass 1',
        generatePassword: true,
        pkcs12: true,
      }),
    );
    expect(device.certificate.extKeyUsage).toEqual(['clientAuth']);
    expect(device.output.files.map((f) => [f.path, f.secret])).toEqual([
      ['device-1.pem', false],
      ['device-1-key.pem', true],
      ['ca.pem', false],
      ['device-1.p12', true],
      ['device-1-password.txt', true],
    ]);
    // The zip holds the files; the device file carries the intermediate after the leaf.
    const zip = unzipSync(first.workbench.outputs.zip(device.output.id)!);
    expect(text(zip['device-1.pem']!).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(text(zip['device-1-key.pem']!)).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const password = text(zip['device-1-password.txt']!).trim();
    expect(password).toHaveLength(24);
    await first.profiles.flush();

    // On disk: no key body, no passphrase, no password in clear.
    const onDisk = await readFile(`${dir}/profiles.json`, 'utf8');
    const keyBody = text(zip['device-1-key.pem']!).split('\n')[1]!;
    expect(onDisk).not.toContain(keyBody);
    expect(onDisk).not.toContain('key pass 1');
    expect(onDisk).not.toContain(password);
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(first.workbench.listCas())).not.toContain('PRIVATE KEY');
    // Read back as a second process would (read-only: the first still holds the folder's lock).
    const again = await openProfileService({ store: createJsonFileStore(dir, { readOnly: true }) });
    const wb2 = createWorkbenchService({ profiles: again });
    const cas = wb2.listCas();
    expect(cas.map((c) => c.record.commonName)).toEqual(['Lab Root', 'Devices']);
    expect(cas[0]!.record.issued.map((r) => r.commonName)).toEqual(['Devices']);
    expect(cas[1]!.record.issued.map((r) => r.commonName)).toEqual(['device-1']);
    expect(cas[1]!.kept).toEqual([{ serialNumber: device.serialNumber, hasPassphrase: true, hasPassword: true, hasPkcs12: true }]);

    const profile = unwrap(await first.workbench.makeProfile({ caId: inter.ca.id, serialNumber: device.serialNumber, port: 18883 }));
    expect(profile.name).toBe('device-1');
    expect(profile.settings).toMatchObject({ host: '127.0.0.1', port: 18883, clientId: 'device-1', username: 'device-1' });
    expect(profile.secrets).toEqual({ hasPassphrase: true, hasPassword: true, hasPfxPassword: false });
    expect(profile.material.key?.kind).toBe('encrypted-private-key');
    expect(profile.material.key?.publicKeyFingerprint).toBe(profile.material.cert?.publicKeyFingerprint);
    expect(profile.material.ca[0]?.summary?.commonName).toBe('Lab Root');
    const resolved = unwrap(first.profiles.resolve(profile.id));
    expect(resolved.secrets).toEqual({ passphrase: 'key pass 1', password });
  });

  it('revokes by serial, signs a CRL that lists it, and refuses a serial it never issued', async () => {
    const { workbench } = await open(await tempDir());
    const ca = unwrap(await workbench.createCa({ subject: { commonName: 'Revoking CA' }, key: 'ec-p256', validity: window(-1, 100) }));
    const a = unwrap(
      await workbench.issue({ caId: ca.ca.id, profile: 'client', subject: { commonName: 'a' }, key: 'ec-p256', validity: window(-1, 10) }),
    );
    unwrap(
      await workbench.issue({ caId: ca.ca.id, profile: 'client', subject: { commonName: 'b' }, key: 'ec-p256', validity: window(-1, 10) }),
    );
    const missing = await workbench.revoke({ caId: ca.ca.id, serialNumbers: ['ABCDEF'] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const crl = unwrap(await workbench.revoke({ caId: ca.ca.id, serialNumbers: [a.serialNumber], reason: 'keyCompromise' }));
    expect(crl.revoked).toBe(1);
    expect(crl.ca.record.crlNumber).toBe(2);
    expect(crl.ca.record.issued.find((r) => r.commonName === 'a')?.revoked?.reason).toBe('keyCompromise');
    expect(crl.ca.record.issued.find((r) => r.commonName === 'b')?.revoked).toBeUndefined();
    const files = unzipSync(workbench.outputs.zip(crl.output.id)!);
    const [inspected] = await inspectInputs([
      { name: 'crl.pem', bytes: files['crl.pem']! },
      { name: 'ca.pem', bytes: unzipSync(workbench.outputs.zip(ca.output.id)!)['ca.pem']! },
    ]);
    const details = inspected!.items[0]!;
    if (details.kind !== 'crl') throw new Error('not a CRL');
    expect(details.revoked.map((r) => r.serialNumber)).toEqual([a.serialNumber]);
    expect(details.crlNumber).toBe('2');
    expect(details.verifiedBy?.commonName).toBe('Revoking CA');
  });

  it('issues a broker certificate with its snippet, a batch with progress, and deletes a CA with its secrets', async () => {
    const { workbench, profiles } = await open(await tempDir());
    const ca = unwrap(await workbench.createCa({ subject: { commonName: 'Batch CA' }, key: 'ec-p256', validity: window(-1, 100) }));
    const broker = unwrap(
      await workbench.issue({
        caId: ca.ca.id,
        profile: 'server',
        subject: { commonName: 'localhost' },
        key: 'ec-p256',
        validity: window(-1, 10),
        ipAddresses: ['127.0.0.1'],
      }),
    );
    expect(broker.certificate.subjectAltNames).toEqual(['IP:127.0.0.1']);
    expect(broker.snippet).toContain('certfile localhost.pem');
    expect(broker.output.files.map((f) => f.path)).toContain('crl.pem');
    const seen: number[] = [];
    const batch = unwrap(
      await workbench.batch({ caId: ca.ca.id, batch: { count: 5, validity: window(-1, 10) } }, (p) => seen.push(p.done)),
    );
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(batch.kept).toBe(5);
    expect(batch.ca.record.issued).toHaveLength(6);
    expect(batch.output.files.map((f) => f.path)).toEqual(expect.arrayContaining(['manifest.csv', 'redis-commands.txt', 'matrix.json']));
    const device = batch.ca.record.issued.find((r) => r.commonName === 'device-003')!;
    const made = unwrap(await workbench.makeProfile({ caId: ca.ca.id, serialNumber: device.serialNumber }));
    expect(made.secrets.hasPassword).toBe(true);
    expect(profiles.workbench().secrets).not.toEqual({});
    unwrap(await workbench.deleteCa(ca.ca.id));
    expect(workbench.listCas()).toEqual([]);
    expect(profiles.workbench().secrets).toEqual({});
    // The profile made from it stays.
    expect(profiles.listProfiles().map((p) => p.name)).toEqual(['device-003']);
  });

  it('says why it cannot: an unknown CA, a PKCS#12 without a password, a SAN that is not a name', async () => {
    const { workbench } = await open(await tempDir());
    expect(
      await workbench.issue({ caId: 'nope', profile: 'client', subject: { commonName: 'x' }, key: 'ec-p256', validity: window(0, 1) }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const ca = unwrap(await workbench.createCa({ subject: { commonName: 'CA' }, key: 'ec-p256', validity: window(-1, 100) }));
    const noPassword = await workbench.issue({
      caId: ca.ca.id,
      profile: 'client',
      subject: { commonName: 'x' },
      key: 'ec-p256',
      validity: window(0, 1),
      pkcs12: true,
    });
    expect(noPassword).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('PKCS#12') } });
    const badSan = await workbench.issue({
      caId: ca.ca.id,
      profile: 'server',
      subject: { commonName: 'broker' },
      key: 'ec-p256',
      validity: window(0, 1),
      dnsNames: ['not a name'],
    });
    expect(badSan).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('"not a name"') } });
  });
});
