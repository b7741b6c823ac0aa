import { describe, expect, it } from 'vitest';
import {
  draftFromForm,
  formFromProfile,
  formsEqual,
  generateClientId,
  keyMatchesCert,
  shownMissing,
  validateForm,
  type FormValues,
} from '../../../../../renderer/features/profile-editor/profile-draft';
import { materialRef, profile } from '../../../../support/renderer/fixtures';

const ca = materialRef('ca', { id: 'ca1' });
const cert = materialRef('cert', { id: 'c1', publicKeyFingerprint: 'AA:BB' });
const key = materialRef('key', { id: 'k1', publicKeyFingerprint: 'AA:BB' });

function valid(overrides: Partial<FormValues> = {}): FormValues {
  return { ...formFromProfile(null), host: 'broker.test', material: { ca: [ca], cert, key, pfx: null }, ...overrides };
}

describe('profile editor values', () => {
  it('starts a new profile with sensible, valid defaults apart from its files', () => {
    const v = formFromProfile(null);
    expect(v.protocol).toBe('mqtts');
    expect(v.port).toBe(8883);
    expect(v.clientId).toMatch(/^keyhole[0-9a-f]{8}$/);
    expect(Object.keys(validateForm(v))).toEqual(['material.cert', 'material.ca']);
  });

  it('keeps the identity mode of files an import could not read, shows them missing and saves around them', () => {
    const missing = (slot: 'ca' | 'cert' | 'key') => ({ slot, fileName: `${slot}.pem`, path: `/gone/${slot}.pem`, reason: 'no such file' });
    const imported = profile('m', {
      material: { ca: [], cert: null, key: null, pfx: null },
      missingFiles: [missing('ca'), missing('cert'), missing('key')],
    });
    const v = formFromProfile(imported);
    expect(v.identity).toBe('pem');
    expect(shownMissing(v).map((f) => f.slot)).toEqual(['ca', 'cert', 'key']);
    // The missing slots say so themselves: no "load a certificate" errors block other edits.
    expect(validateForm(v)).toEqual({});
    const saved = draftFromForm({ ...v, material: { ...v.material, cert } }, 'm');
    expect(saved.ok && saved.draft.missingFiles?.map((f) => f.slot)).toEqual(['ca', 'key']);
    // Choosing no client certificate leaves only the CA missing.
    const none = draftFromForm({ ...v, identity: 'none' }, 'm');
    expect(none.ok && none.draft.missingFiles?.map((f) => f.slot)).toEqual(['ca']);
  });

  it('generates MQTT 3.1.1-safe client ids', () => {
    const id = generateClientId(() => 0.99);
    expect(id).toBe('keyholeffffffff');
    expect(id.length).toBeLessThanOrEqual(23);
  });

  it.each([
    [{ name: '  ' }, 'name', 'Give the connection a name'],
    [{ host: '' }, 'host', 'Enter the broker host name or IP address'],
    [{ host: 'mqtts://broker' }, 'host', 'Host only: no spaces and no scheme (pick the protocol separately)'],
    [{ port: 70000 }, 'port', 'Between 1 and 65535'],
    [{ port: '' }, 'port', 'Required'],
    [{ keepalive: 1.5 }, 'keepalive', 'Whole number'],
    [{ tlsMin: 'TLSv1.3', tlsMax: 'TLSv1.2' }, 'tlsMax', 'The TLS minimum version (TLSv1.3) is above the maximum (TLSv1.2).'],
    [{ willEnabled: true, willTopic: 'a/#' }, 'willTopic', 'The will topic "a/#" has a wildcard; a will is published to one topic.'],
    [{ receiveMaximum: 0 }, 'receiveMaximum', 'Between 1 and 65535'],
  ] as const)('names the field in error: %j', (patch, field, message) => {
    expect(validateForm(valid(patch as Partial<FormValues>))[field]).toBe(message);
  });

  it('checks that the files fit the chosen identity', () => {
    expect(validateForm(valid({ material: { ca: [ca], cert, key: null, pfx: null } }))['material.key']).toBe(
      'Load the private key of this certificate',
    );
    expect(
      validateForm(valid({ material: { ca: [ca], cert, key: { ...key, publicKeyFingerprint: 'CC:DD' }, pfx: null } }))['material.key'],
    ).toBe('This key does not belong to the certificate');
    expect(validateForm(valid({ identity: 'pfx' }))['material.pfx']).toBe('Load a PKCS#12 (.p12/.pfx) bundle');
    expect(validateForm(valid({ material: { ca: [], cert, key, pfx: null } }))['material.ca']).toMatch(/Load the CA/);
    expect(validateForm(valid({ material: { ca: [], cert, key, pfx: null }, useSystemCa: true }))['material.ca']).toBeUndefined();
    // Plain MQTT needs no files at all.
    expect(validateForm(valid({ protocol: 'mqtt', identity: 'pem', material: { ca: [], cert: null, key: null, pfx: null } }))).toEqual({});
  });

  it('tells whether a key belongs to its certificate, when it can', () => {
    expect(keyMatchesCert(cert, key)).toBe(true);
    expect(keyMatchesCert(cert, { ...key, publicKeyFingerprint: 'XX' })).toBe(false);
    expect(keyMatchesCert(cert, { ...key, publicKeyFingerprint: undefined, kind: 'encrypted-private-key' })).toBeNull();
  });

  it('builds the save request: settings, the files of the chosen identity, and the secret changes', () => {
    const out = draftFromForm(
      valid({
        identity: 'pem',
        material: { ca: [ca], cert, key, pfx: materialRef('pfx') },
        passphrase: 'pw',
        password: null,
        alpn: ['mqtt'],
        userProperties: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      }),
      'p1',
    );
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.draft.id).toBe('p1');
    expect(out.draft.material.pfx).toBeNull();
    expect(out.draft.material.cert?.id).toBe('c1');
    expect(out.draft.settings).toMatchObject({
      host: 'broker.test',
      port: 8883,
      alpn: ['mqtt'],
      properties: { userProperties: { a: ['1', '2'] } },
    });
    expect(out.draft.settings.username).toBeUndefined();
    // A new passphrase is written, the password is forgotten, the PKCS#12 password is kept.
    expect(out.secrets).toEqual({ passphrase: 'pw', password: null });
  });

  it('sends no MQTT 5 properties for MQTT 3.1.1 and no TLS options for plain MQTT', () => {
    const out = draftFromForm(
      valid({ mqttVersion: '3.1.1', sessionExpiryInterval: 60, protocol: 'mqtt', port: 1883, servername: 'x', alpn: ['mqtt'] }),
      undefined,
    );
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    expect(out.draft.settings.properties).toBeUndefined();
    expect(out.draft.settings.servername).toBeUndefined();
    expect(out.draft.settings.alpn).toBeUndefined();
    expect(out.draft.id).toBeUndefined();
  });

  it('refuses to build a request from invalid values', () => {
    const out = draftFromForm(valid({ host: '' }), undefined);
    expect(out.ok ? null : out.errors.host).toBe('Enter the broker host name or IP address');
  });

  it('reads a saved profile back to the same values it was saved from', () => {
    const out = draftFromForm(valid({ willEnabled: true, willTopic: 'dev/will', willPayload: 'bye', sessionExpiryInterval: 30 }), 'p1');
    if (!out.ok) throw new Error('invalid');
    const saved = profile('p1', { name: out.draft.name, settings: out.draft.settings, material: out.draft.material });
    const back = formFromProfile(saved);
    expect(back.willTopic).toBe('dev/will');
    expect(back.sessionExpiryInterval).toBe(30);
    expect(back.identity).toBe('pem');
    const again = draftFromForm(back, 'p1');
    expect(again.ok && again.draft).toEqual(out.draft);
    expect(formsEqual(back, formFromProfile(saved))).toBe(true);
    expect(formsEqual(back, { ...back, host: 'other' })).toBe(false);
  });
});
