// A configuration through the import machinery: previewed like an import file (with what was
// mapped and left out), files the host may not read given afterwards by the user, then applied
// as one new profile whose key opens with the passphrase the configuration held.
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../../shared/ipc/contract';
import { toProbeInput } from '../../../../electron/core/profiles/probe-input';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../../electron/core/store/store-data';
import { createTransferService } from '../../../../electron/core/transfer/transfer-service';
import { CA_PEM, CERT_PEM, ENCRYPTED_KEY_PEM, KEY_PASSPHRASE } from '../../../support/fixture-material';

const unwrap = <T>(r: ApiResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

const CONFIG = `bridges.mqtt.edge {
  server = "tls+mqtt-tcp://127.0.0.1:8883"
  proto_ver = 5
  clientid = "edge-1"
  username = "edge"
  password = "bridge-password-Q1"
  ssl {
    key_password = "${KEY_PASSPHRASE}"
    keyfile = "/etc/nanomq/certs/edge.key"
    certfile = "/etc/nanomq/certs/edge.crt"
    cacertfile = "/etc/nanomq/certs/ca.pem"
  }
}
bridges.mqtt.other { server = "mqtt-tcp://10.0.0.1:1883" }
`;

async function setup() {
  const profiles = await openProfileService({ store: createMemoryStore() });
  const transfer = createTransferService({ profiles, app: { name: 'Keyhole', version: 'test' }, readReferencedFiles: false });
  return { profiles, transfer };
}

const bytes = (b: Buffer) => async () => ({ ok: true as const, value: { fileName: 'x', bytes: b } });

describe('a configuration through the import preview', () => {
  it('previews each bridge with its settings and mapping, reading no path where the host must not', async () => {
    const { transfer } = await setup();
    const preview = unwrap(await transfer.previewConfig({ text: CONFIG }));
    expect(preview.source).toBe('config');
    expect(preview.items.map((i) => [i.name, i.target])).toEqual([
      ['NanoMQ bridge edge', 'mqtts://127.0.0.1:8883'],
      ['NanoMQ bridge other', 'mqtt://10.0.0.1:1883'],
    ]);
    const edge = preview.items[0]!;
    expect(edge.settings).toMatchObject({ clientId: 'edge-1', username: 'edge', mqttVersion: '5', verify: 'full' });
    expect(edge.mapping?.mapped.map((m) => m.source)).toContain('ssl.key_password');
    expect(edge.files.map((f) => f.status)).toEqual(['unreadable', 'unreadable', 'unreadable']);
    expect(edge.files[0]!.reason).toMatch(/this host does not read files a configuration names/);
    expect(edge.secrets).toEqual({ included: ['mqtt-password', 'key-passphrase'], missing: ['private-key'] });
    expect(JSON.stringify(preview)).not.toContain('bridge-password-Q1');
    expect(JSON.stringify(preview)).not.toContain(KEY_PASSPHRASE);
  });

  it('takes the files the user gives, then stores the profile under the name chosen; the key opens with the passphrase', async () => {
    const { transfer, profiles } = await setup();
    const preview = unwrap(await transfer.previewConfig({ text: CONFIG, bridge: 'edge' }));
    expect(preview.items).toHaveLength(1);
    const given = [ENCRYPTED_KEY_PEM, CERT_PEM, CA_PEM];
    let latest = preview;
    for (const [index, b] of given.entries()) {
      latest = unwrap(
        await transfer.attachFile({
          token: preview.token,
          key: 'c0',
          index,
          load: async (slot) => ({ ok: true, value: { fileName: `${slot}-given.pem`, bytes: b } }),
        }),
      );
    }
    expect(latest.token).toBe(preview.token);
    expect(latest.items[0]!.files.map((f) => [f.slot, f.fileName, f.status])).toEqual([
      ['key', 'key-given.pem', 'included'],
      ['cert', 'cert-given.pem', 'included'],
      ['ca', 'ca-given.pem', 'included'],
    ]);
    expect(latest.items[0]!.secrets.missing).toEqual([]);
    const result = unwrap(await transfer.apply({ token: preview.token, choices: [{ key: 'c0', choice: 'keep-both', name: 'Edge 1' }] }));
    expect(result.added.map((a) => a.name)).toEqual(['Edge 1']);
    const stored = unwrap(profiles.resolve(result.added[0]!.profileId));
    expect(stored.secrets).toEqual({ password: 'bridge-password-Q1', passphrase: KEY_PASSPHRASE });
    expect(stored.files.key!.bytes.equals(ENCRYPTED_KEY_PEM)).toBe(true);
    // Opened with the passphrase at import: the key is known to belong to the certificate.
    expect(stored.profile.material.key!.publicKeyFingerprint).toBe(stored.profile.material.cert!.publicKeyFingerprint);
  });

  it('keeps the files it could not read as missing slots, so the profile stays mutual TLS and a connect names them', async () => {
    const { transfer, profiles } = await setup();
    const preview = unwrap(await transfer.previewConfig({ text: CONFIG, bridge: 'edge' }));
    const result = unwrap(await transfer.apply({ token: preview.token, choices: [{ key: 'c0', choice: 'keep-both', name: 'Edge' }] }));
    const edge = profiles.listProfiles().find((p) => p.id === result.added[0]!.profileId)!;
    expect(edge.material).toMatchObject({ ca: [], cert: null, key: null });
    expect(edge.missingFiles?.map((m) => [m.slot, m.fileName, m.path])).toEqual([
      ['key', 'edge.key', '/etc/nanomq/certs/edge.key'],
      ['cert', 'edge.crt', '/etc/nanomq/certs/edge.crt'],
      ['ca', 'ca.pem', '/etc/nanomq/certs/ca.pem'],
    ]);
    expect(edge.missingFiles?.[0]?.reason).toMatch(/this host does not read files a configuration names/);
    expect(toProbeInput(unwrap(profiles.resolve(edge.id))).missingFiles?.map((m) => m.fileName)).toEqual([
      'edge.key',
      'edge.crt',
      'ca.pem',
    ]);
  });

  it('marks no file missing that was given before the import was applied', async () => {
    const { transfer, profiles } = await setup();
    const preview = unwrap(await transfer.previewConfig({ text: CONFIG, bridge: 'edge' }));
    unwrap(await transfer.attachFile({ token: preview.token, key: 'c0', index: 2, load: bytes(CA_PEM) }));
    const result = unwrap(await transfer.apply({ token: preview.token, choices: [{ key: 'c0', choice: 'keep-both', name: 'Edge' }] }));
    const edge = profiles.listProfiles().find((p) => p.id === result.added[0]!.profileId)!;
    expect(edge.material.ca).toHaveLength(1);
    expect(edge.missingFiles?.map((m) => m.slot)).toEqual(['key', 'cert']);
  });

  it('refuses a file for an item or place the preview does not have, and a preview that is gone', async () => {
    const { transfer } = await setup();
    const preview = unwrap(await transfer.previewConfig({ text: CONFIG }));
    const bad = await transfer.attachFile({ token: preview.token, key: 'c0', index: 7, load: bytes(CA_PEM) });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const gone = await transfer.attachFile({ token: 'nope', key: 'c0', index: 0, load: bytes(CA_PEM) });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('names the line and column of a malformed configuration in the error', async () => {
    const { transfer } = await setup();
    const r = await transfer.previewConfig({ text: 'bridges.mqtt.x {\n  server = mqtt-tcp://a:1\n}' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-file',
        issues: [{ path: 'line 2, column 12', message: expect.stringMatching(/URL must be in double quotes/) }],
      },
    });
  });
});
