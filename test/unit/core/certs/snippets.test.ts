// The snippets use only the options each broker documents (mosquitto.conf(5), NanoMQ
// listeners.ssl, EMQX ssl_options); mosquitto's is also started for real in the integration tests.
import { describe, expect, it } from 'vitest';
import { SNIPPET_OPTIONS, brokerSnippet } from '../../../../electron/core/certs/snippets';

const base = { caFile: '/pki/ca.pem', certFile: '/pki/broker.pem', keyFile: '/pki/broker-key.pem', crlFile: '/pki/crl.pem' };

function keysOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l !== '}' && !l.endsWith('{'))
    .map((l) => l.split(/[ =]/)[0] ?? '');
}

describe('broker snippets', () => {
  it('writes a mosquitto listener with every TLS option', () => {
    const snippet = brokerSnippet({ broker: 'mosquitto', port: 8883, bind: '127.0.0.1', ...base });
    if (!snippet.ok) throw new Error(snippet.error.message);
    expect(snippet.value.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'listener 8883 127.0.0.1',
      'cafile /pki/ca.pem',
      'certfile /pki/broker.pem',
      'keyfile /pki/broker-key.pem',
      'require_certificate true',
      'use_identity_as_username true',
      'crlfile /pki/crl.pem',
      '',
    ]);
  });

  it('refuses what mosquitto cannot read: an encrypted key, a path with a line break', () => {
    expect(brokerSnippet({ broker: 'mosquitto', ...base, keyPassword: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'key-password-unsupported' },
    });
    expect(brokerSnippet({ broker: 'mosquitto', ...base, caFile: '/a\nlistener 1' })).toMatchObject({
      ok: false,
      error: { code: 'path-unsupported' },
    });
  });

  it.each(['mosquitto', 'nanomq', 'emqx'] as const)('%s uses only its documented option names', (broker) => {
    const snippet = brokerSnippet({ broker, ...base, ...(broker === 'mosquitto' ? {} : { keyPassword: 'pa"ss' }) });
    if (!snippet.ok) throw new Error(snippet.error.message);
    const keys = keysOf(snippet.value);
    expect(keys.length).toBeGreaterThan(4);
    for (const key of keys) expect(SNIPPET_OPTIONS[broker]).toContain(key);
  });

  it('writes NanoMQ and EMQX blocks with quoted paths and the key password', () => {
    const nano = brokerSnippet({ broker: 'nanomq', ...base, keyPassword: 'pa"ss' });
    expect(nano.ok && nano.value).toContain('key_password = "pa\\"ss"');
    expect(nano.ok && nano.value).toContain('verify_peer = true');
    expect(nano.ok && nano.value).toContain('fail_if_no_peer_cert = true');
    const emqx = brokerSnippet({ broker: 'emqx', ...base, requireCertificate: false });
    expect(emqx.ok && emqx.value).toContain('verify = verify_none');
    expect(emqx.ok && emqx.value).toContain('cacertfile = "/pki/ca.pem"');
    expect(emqx.ok && emqx.value).not.toContain('peer_cert_as_username');
  });
});
