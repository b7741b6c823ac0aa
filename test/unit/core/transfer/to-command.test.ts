// A profile as keyhole / mosquitto_sub / openssl lines: secrets only as environment variables,
// files named after the profile's own, and each line read back by Keyhole's own command-line
// reader gives the same connection settings (a round trip through the readers of the corpus).
import { describe, expect, it } from 'vitest';
import { defaultSettings, type ConnectSettings } from '../../../../shared/connect/settings';
import type { MaterialRef, Profile } from '../../../../shared/profile/profile';
import { parseConfigText } from '../../../../electron/core/transfer/config-import';
import { profileCommand, shellWord } from '../../../../electron/core/transfer/to-command';

const ref = (slot: MaterialRef['slot'], fileName: string, kind: MaterialRef['kind'] = 'certificate'): MaterialRef => ({
  id: `${slot}-${fileName}`,
  slot,
  kind,
  fileName,
  size: 100,
  importedAt: '2026-01-01T00:00:00.000Z',
});

function profile(
  settings: Partial<ConnectSettings>,
  material: Partial<Profile['material']> = {},
  secrets: Partial<Profile['secrets']> = {},
): Profile {
  return {
    id: 'p1',
    name: 'Device 1',
    groupId: null,
    settings: defaultSettings({ host: 'broker.example.com', ...settings }),
    material: { ca: [], cert: null, key: null, pfx: null, ...material },
    secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: false, ...secrets },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const device = profile(
  {
    port: 8884,
    clientId: '346a004d-1dab-4016-bb38-03cca7094415',
    username: 'device user',
    servername: 'mqtt.example.com',
    alpn: ['mqtt'],
    tlsMin: 'TLSv1.2',
    tlsMax: 'TLSv1.3',
    keepalive: 30,
    cleanStart: false,
    properties: { sessionExpiryInterval: 120, userProperties: { site: 'plant 7' } },
  },
  { ca: [ref('ca', 'ca.pem')], cert: ref('cert', 'device.crt'), key: ref('key', 'device.key', 'encrypted-private-key') },
  { hasPassphrase: true, hasPassword: true },
);

const ENV: Record<string, string> = { MQTT_PASSWORD: 'pw-from-env', KEY_PASS: 'key-from-env', PFX_PASSWORD: 'pfx-from-env' };
const readBack = async (text: string) => {
  const r = await parseConfigText(text, { env: (n) => ENV[n] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.candidates[0]!;
};

describe('profileCommand', () => {
  it('writes keyhole connect with every setting, secrets from the environment, and reads back the same profile', async () => {
    const c = profileCommand(device, 'keyhole');
    expect(c.text).toMatch(/^keyhole connect mqtts:\/\/broker\.example\.com:8884 \\\n/);
    expect(c.text).toContain('--passphrase-env KEY_PASS');
    expect(c.text).toContain('--password-env MQTT_PASSWORD');
    expect(c.env.map((e) => e.name)).toEqual(['KEY_PASS', 'MQTT_PASSWORD']);
    expect(c.files.map((f) => f.name)).toEqual(['ca.pem', 'device.crt', 'device.key']);
    const back = await readBack(c.text);
    expect(back.settings).toEqual(device.settings);
    expect(back.secrets).toEqual({ passphrase: 'key-from-env', password: 'pw-from-env' });
    expect(back.fileStatus.map((f) => [f.slot, f.fileName])).toEqual([
      ['ca', 'ca.pem'],
      ['cert', 'device.crt'],
      ['key', 'device.key'],
    ]);
  });

  it('writes a wss:// profile with its path, preset and key log as keyhole connect, and reads back the same profile', async () => {
    const wss = profile(
      {
        protocol: 'wss',
        port: 443,
        path: '/$iothub/websocket',
        preset: 'azure-iot-hub',
        keyLog: { file: '/tmp/hub.keylog' },
        mqttVersion: '3.1.1',
      },
      { ca: [ref('ca', 'ca.pem')], cert: ref('cert', 'device.crt'), key: ref('key', 'device.key', 'private-key') },
    );
    const c = profileCommand(wss, 'keyhole');
    expect(c.text).toMatch(/^keyhole connect 'wss:\/\/broker\.example\.com:443\/\$iothub\/websocket' \\\n/);
    expect(c.text).toContain('--preset azure-iot-hub');
    expect(c.text).toContain('--keylog /tmp/hub.keylog');
    expect((await readBack(c.text)).settings).toEqual(wss.settings);
    // mosquitto_sub has no WebSocket transport: its line says so instead of pretending.
    expect(profileCommand(wss, 'mosquitto_sub').notes.join(' ')).toContain('mosquitto_sub does not speak MQTT over WebSocket');
    expect(profileCommand(wss, 'openssl').notes.join(' ')).toContain('no WebSocket upgrade or MQTT CONNECT is sent');
  });

  it('writes mosquitto_sub with a step that decrypts the key, since the tool takes no passphrase', async () => {
    const c = profileCommand(device, 'mosquitto_sub');
    const [comment, decrypt, ...rest] = c.text.split('\n');
    expect(comment).toMatch(/^# mosquitto_sub cannot be given a key passphrase/);
    expect(decrypt).toBe('(umask 077 && openssl pkey -in device.key -passin env:KEY_PASS -out device.nopass.key)');
    const line = rest.join('\n');
    expect(line).toContain('-P "$MQTT_PASSWORD"');
    expect(line).toContain("-u 'device user'");
    expect(line).toContain('--key device.nopass.key');
    const back = await readBack(line);
    expect(back.settings).toMatchObject({
      host: 'broker.example.com',
      port: 8884,
      protocol: 'mqtts',
      mqttVersion: '5',
      clientId: device.settings.clientId,
      username: 'device user',
      keepalive: 30,
      cleanStart: false,
      alpn: ['mqtt'],
      verify: 'full',
      properties: { sessionExpiryInterval: 120, userProperties: { site: 'plant 7' } },
    });
    expect(back.secrets).toEqual({ password: 'pw-from-env' });
    expect(c.notes.join(' ')).toMatch(/server name mqtt\.example\.com is not used/);
  });

  it('writes openssl s_client with -pass env:, the verification the profile asks for, and reads back the TLS settings', async () => {
    const c = profileCommand(device, 'openssl');
    expect(c.text).toContain('-pass env:KEY_PASS');
    expect(c.text).toContain('-verify_return_error -verify_hostname mqtt.example.com');
    const back = await readBack(c.text);
    expect(back.settings).toMatchObject({
      host: 'broker.example.com',
      port: 8884,
      servername: 'mqtt.example.com',
      alpn: ['mqtt'],
      tlsMin: 'TLSv1.2',
      tlsMax: 'TLSv1.3',
      verify: 'full',
    });
    expect(back.secrets).toEqual({ passphrase: 'key-from-env' });
  });

  it('never writes a secret, and names files after the profile, disambiguating equal names and bundling CA files', () => {
    const p = profile(
      { verify: 'chain-only', host: '::1' },
      { ca: [ref('ca', 'chain.pem'), ref('ca', 'chain.pem')], cert: ref('cert', 'chain.pem'), key: ref('key', 'k.pem', 'private-key') },
      { hasPassword: true },
    );
    const k = profileCommand(p, 'keyhole');
    expect(k.files.map((f) => f.name)).toEqual(['chain.pem', 'ca-chain.pem', 'cert-chain.pem', 'k.pem']);
    expect(k.text).toContain('mqtts://[::1]:8883');
    expect(k.text).toContain('--verify chain-only');
    const o = profileCommand(p, 'openssl');
    expect(o.text).toContain("-connect '[::1]:8883'");
    expect(o.files[0]).toEqual({
      name: 'ca-bundle.pem',
      what: expect.stringMatching(/cat chain\.pem ca-chain\.pem > ca-bundle\.pem/),
      from: ['chain.pem', 'ca-chain.pem'],
    });
    expect(o.text).toContain('-verify_return_error -brief');
    expect(o.text).not.toContain('-verify_hostname');
    const m = profileCommand(p, 'mosquitto_sub');
    expect(m.text).toContain('--insecure');
    for (const c of [k, o, m]) expect(c.text).not.toMatch(/pass:|--password /);
  });

  it('takes a PKCS#12 bundle apart for mosquitto_sub and openssl, and passes it whole to keyhole', () => {
    const p = profile({}, { pfx: ref('pfx', 'device.p12', 'pkcs12') }, { hasPfxPassword: true });
    expect(profileCommand(p, 'keyhole').text).toContain('--pfx device.p12 --pfx-password-env PFX_PASSWORD');
    const m = profileCommand(p, 'mosquitto_sub');
    expect(m.text).toContain('openssl pkcs12 -in device.p12 -passin env:PFX_PASSWORD -nokeys -out device.crt');
    expect(m.text).toContain('(umask 077 && openssl pkcs12 -in device.p12 -passin env:PFX_PASSWORD -nocerts -nodes -out device.key)');
    expect(m.text).toContain('--cert device.crt --key device.key');
    expect(m.files.map((f) => f.name)).toEqual(['device.p12']);
    expect(profileCommand(p, 'openssl').text).toContain('-cert device.crt -key device.key');
  });

  it('quotes words a shell would split or expand', () => {
    expect(shellWord('plain-word_1.pem')).toBe('plain-word_1.pem');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(shellWord('#')).toBe("'#'");
    expect(shellWord('')).toBe("''");
  });
});
