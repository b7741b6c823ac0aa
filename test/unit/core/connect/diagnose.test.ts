import { describe, expect, it } from 'vitest';
import { CAUSE_INFO } from '../../../../shared/connect/cause-catalog';
import { Cause, ConnectReport, type Phase } from '../../../../shared/connect/report';
import { defaultSettings } from '../../../../shared/connect/settings';
import { diagnose } from '../../../../electron/core/connect/diagnose';
import type { Failure, Observations } from '../../../../electron/core/connect/observations';
import type { IdentityFacts } from '../../../../electron/core/certs/material';
import { receivedAlert } from '../../../../electron/core/connect/classify';
import { hintFor } from '../../../../electron/core/connect/explain';

const tls13 = {
  protocol: 'TLSv1.3',
  cipher: { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384', version: 'TLSv1.3' },
  alpn: null,
  sniSent: 'localhost',
  verification: 'full' as const,
  authorized: true,
  authorizationError: null,
  hostnameMatches: true,
  verificationFinding: null,
  peerChain: [],
  clientCertificate: null,
  clientCertificateRequested: null,
};

function obs(failure: Failure | null, reached: Phase, extra: Partial<Observations> = {}): Observations {
  return {
    id: 'a',
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    settings: defaultSettings({ host: 'localhost', port: 8883, clientId: 'c' }),
    address: '127.0.0.1',
    reached,
    failure,
    timeline: [],
    tls: reached === 'preflight' || reached === 'resolve' || reached === 'tcp' ? null : tls13,
    mqtt: null,
    access: null,
    findings: [],
    clientCertConfigured: true,
    tlsMaterialGiven: true,
    identity: null,
    tlsCheck: null,
    websocket: null,
    ...extra,
  };
}

const plain = (port = 8883) => defaultSettings({ host: 'broker.test', port, protocol: 'mqtt', clientId: 'c' });
const speaksTls = { port: 8883, speaksTls: true, answer: 'a TLSv1.3 ServerHello', protocol: 'TLSv1.3', durationMs: 3 };
const noTls = { port: 8883, speaksTls: false, answer: 'ECONNRESET', protocol: null, durationMs: 1 };

const err = (phase: Phase, code: string | undefined, message = 'x'): Failure => ({ kind: 'error', phase, error: { code, message } });

// observations → [cause, phase, verdict]
const table: Array<[string, Observations, Cause, Phase, ConnectReport['verdict']]> = [
  ['accepted', obs(null, 'connack'), 'ok', 'done', 'accepted'],
  [
    'accepted, a warning',
    obs(null, 'connack', { findings: [{ code: 'client-cert-expiring-soon', message: 'w' }] }),
    'ok',
    'done',
    'accepted-with-warnings',
  ],
  [
    'accepted, only notes',
    obs(null, 'connack', {
      findings: [
        { code: 'client-cert-not-from-ca', message: 'n' },
        { code: 'address-used', message: 'n' },
      ],
    }),
    'ok',
    'done',
    'accepted',
  ],
  [
    'verification off',
    obs(null, 'connack', { tls: { ...tls13, verification: 'off' } }),
    'ok-server-unverified',
    'done',
    'accepted-with-warnings',
  ],
  [
    'wrong passphrase',
    obs({ kind: 'preflight', cause: 'key-passphrase-wrong', file: 'k.pem', message: 'm', hint: '' }, 'preflight'),
    'key-passphrase-wrong',
    'preflight',
    'failed',
  ],
  ['dns', obs(err('resolve', 'ENOTFOUND'), 'resolve'), 'dns-not-found', 'resolve', 'failed'],
  ['refused', obs(err('tcp', 'ECONNREFUSED'), 'tcp'), 'tcp-refused', 'tcp', 'failed'],
  ['unreachable', obs(err('tcp', 'EHOSTUNREACH'), 'tcp'), 'tcp-unreachable', 'tcp', 'failed'],
  ['tcp timeout', obs({ kind: 'timeout', phase: 'tcp', afterMs: 5000 }, 'tcp'), 'tcp-timeout', 'tcp', 'failed'],
  ['tls timeout', obs({ kind: 'timeout', phase: 'tls', afterMs: 5000 }, 'tls'), 'tls-timeout', 'tls', 'failed'],
  ['reset in handshake', obs(err('tls', 'ECONNRESET'), 'tls'), 'tls-not-spoken', 'tls', 'failed'],
  ['wrong version number', obs(err('tls', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'tls'), 'tls-not-spoken', 'tls', 'failed'],
  ['closed in handshake', obs({ kind: 'closed', phase: 'tls' }, 'tls'), 'tls-not-spoken', 'tls', 'failed'],
  [
    'protocol version alert',
    obs(err('tls', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'SSL alert number 70'), 'tls'),
    'tls-protocol-mismatch',
    'tls',
    'failed',
  ],
  ['local unsupported protocol', obs(err('tls', 'ERR_SSL_UNSUPPORTED_PROTOCOL'), 'tls'), 'tls-protocol-mismatch', 'tls', 'failed'],
  [
    'untrusted',
    obs({ kind: 'verify', finding: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'm' }, 'tls'),
    'server-cert-untrusted',
    'tls',
    'failed',
  ],
  [
    'self-signed',
    obs({ kind: 'verify', finding: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'm' }, 'tls'),
    'server-cert-self-signed',
    'tls',
    'failed',
  ],
  ['expired', obs({ kind: 'verify', finding: 'CERT_HAS_EXPIRED', message: 'm' }, 'tls'), 'server-cert-expired', 'tls', 'failed'],
  [
    'not yet valid',
    obs({ kind: 'verify', finding: 'CERT_NOT_YET_VALID', message: 'm' }, 'tls'),
    'server-cert-not-yet-valid',
    'tls',
    'failed',
  ],
  [
    'hostname',
    obs({ kind: 'verify', finding: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'm' }, 'tls'),
    'server-cert-hostname-mismatch',
    'tls',
    'failed',
  ],
  [
    '1.3 certificate_required',
    obs(err('client-auth', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'SSL alert number 116'), 'client-auth', {
      clientCertConfigured: false,
    }),
    'client-cert-required',
    'client-auth',
    'rejected',
  ],
  [
    '1.2 handshake_failure, no cert',
    obs(err('tls', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'SSL alert number 40'), 'tls', { clientCertConfigured: false }),
    'client-cert-required',
    'tls',
    'rejected',
  ],
  [
    '1.2 handshake_failure, cert sent',
    obs(err('tls', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'SSL alert number 40'), 'tls'),
    'tls-handshake-failed',
    'tls',
    'failed',
  ],
  [
    'unknown_ca',
    obs(err('client-auth', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'SSL alert number 48'), 'client-auth'),
    'client-cert-unknown-ca',
    'client-auth',
    'rejected',
  ],
  [
    'certificate_expired',
    obs(err('tls', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'SSL alert number 45'), 'tls'),
    'client-cert-expired',
    'tls',
    'rejected',
  ],
  [
    'bad_certificate',
    obs(err('client-auth', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'SSL alert number 42'), 'client-auth'),
    'client-cert-bad',
    'client-auth',
    'rejected',
  ],
  [
    'certificate_revoked',
    obs(err('client-auth', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED', 'SSL alert number 44'), 'client-auth'),
    'client-cert-revoked',
    'client-auth',
    'rejected',
  ],
  [
    'certificate_unknown',
    obs(err('client-auth', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'SSL alert number 46'), 'client-auth'),
    'client-cert-rejected',
    'client-auth',
    'rejected',
  ],
  // The EPROTO write error carries the alert only in OpenSSL's string (DESIGN §4 facts).
  [
    'EPROTO with alert number only',
    obs(
      err('tls', 'EPROTO', 'error:0A000418:SSL routines::tlsv1 alert unknown ca:ssl/record/rec_layer_s3.c:1605:SSL alert number 48'),
      'tls',
    ),
    'client-cert-unknown-ca',
    'tls',
    'rejected',
  ],
  [
    'no_application_protocol',
    obs(err('tls', 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL', 'SSL alert number 120'), 'tls'),
    'tls-alpn-rejected',
    'tls',
    'failed',
  ],
  [
    'v3 rc 5',
    obs({ kind: 'connack', code: 5 }, 'connack', { settings: defaultSettings({ host: 'h', mqttVersion: '3.1.1' }) }),
    'connack-not-authorized',
    'connack',
    'rejected',
  ],
  [
    'v3 rc 4',
    obs({ kind: 'connack', code: 4 }, 'connack', { settings: defaultSettings({ host: 'h', mqttVersion: '3.1.1' }) }),
    'connack-bad-credentials',
    'connack',
    'rejected',
  ],
  [
    'v3 rc 2',
    obs({ kind: 'connack', code: 2 }, 'connack', { settings: defaultSettings({ host: 'h', mqttVersion: '3.1.1' }) }),
    'connack-client-id-rejected',
    'connack',
    'rejected',
  ],
  [
    'v3 rc 1',
    obs({ kind: 'connack', code: 1 }, 'connack', { settings: defaultSettings({ host: 'h', mqttVersion: '3.1.1' }) }),
    'connack-protocol-unsupported',
    'connack',
    'rejected',
  ],
  [
    'v3 rc 3',
    obs({ kind: 'connack', code: 3 }, 'connack', { settings: defaultSettings({ host: 'h', mqttVersion: '3.1.1' }) }),
    'connack-server-unavailable',
    'connack',
    'rejected',
  ],
  ['v5 0x87', obs({ kind: 'connack', code: 0x87, reasonString: 'nope' }, 'connack'), 'connack-not-authorized', 'connack', 'rejected'],
  ['v5 0x86', obs({ kind: 'connack', code: 0x86 }, 'connack'), 'connack-bad-credentials', 'connack', 'rejected'],
  ['v5 0x85', obs({ kind: 'connack', code: 0x85 }, 'connack'), 'connack-client-id-rejected', 'connack', 'rejected'],
  ['v5 0x84', obs({ kind: 'connack', code: 0x84 }, 'connack'), 'connack-protocol-unsupported', 'connack', 'rejected'],
  ['v5 0x89', obs({ kind: 'connack', code: 0x89 }, 'connack'), 'connack-server-unavailable', 'connack', 'rejected'],
  ['v5 0x97', obs({ kind: 'connack', code: 0x97 }, 'connack'), 'connack-refused-other', 'connack', 'rejected'],
  [
    'closed before connack',
    obs({ kind: 'closed', phase: 'client-auth' }, 'client-auth'),
    'closed-before-connack',
    'client-auth',
    'rejected',
  ],
  ['reset before connack', obs(err('connack', 'ECONNRESET'), 'connack'), 'closed-before-connack', 'connack', 'rejected'],
  [
    'connack timeout',
    obs({ kind: 'timeout', phase: 'client-auth', afterMs: 10 }, 'client-auth'),
    'connack-timeout',
    'client-auth',
    'failed',
  ],
  ['garbage', obs({ kind: 'not-mqtt', firstBytesHex: '48 54 54 50' }, 'connack'), 'not-mqtt', 'connack', 'failed'],
  [
    'plain, closed, port speaks TLS',
    obs({ kind: 'closed', phase: 'connack' }, 'connack', { settings: plain(), tls: null, tlsCheck: speaksTls }),
    'tls-required',
    'connack',
    'failed',
  ],
  [
    'plain, TLS alert bytes, port speaks TLS',
    obs({ kind: 'not-mqtt', firstBytesHex: '15 03 03 00 02 02 46' }, 'connack', { settings: plain(), tls: null, tlsCheck: speaksTls }),
    'tls-required',
    'connack',
    'failed',
  ],
  [
    'plain, reset, port does not speak TLS',
    obs(err('connack', 'ECONNRESET'), 'connack', { settings: plain(), tls: null, tlsCheck: noTls }),
    'closed-before-connack',
    'connack',
    'rejected',
  ],
  [
    'subscribe denied',
    obs({ kind: 'access', cause: 'access-subscribe-denied' }, 'access'),
    'access-subscribe-denied',
    'access',
    'rejected',
  ],
  ['publish denied', obs({ kind: 'access', cause: 'access-publish-denied' }, 'access'), 'access-publish-denied', 'access', 'rejected'],
  ['no echo', obs({ kind: 'access', cause: 'access-no-echo' }, 'access'), 'access-no-echo', 'access', 'rejected'],
  ['aborted', obs({ kind: 'aborted', phase: 'tcp' }, 'tcp'), 'aborted', 'tcp', 'failed'],
  ['bug', obs({ kind: 'internal', error: { message: 'boom' } }, 'tls'), 'internal-error', 'tls', 'failed'],
];

describe('diagnose: observations → report', () => {
  it.each(table)('%s', (_name, o, cause, phase, verdict) => {
    const report = diagnose(o);
    expect({ cause: report.cause, phase: report.phase, verdict: report.verdict }).toEqual({ cause, phase, verdict });
    expect(ConnectReport.safeParse(report).success).toBe(true);
    expect(report.explanation.length).toBeGreaterThan(10);
    expect(report.hint).toBe(hintFor(cause, o));
    expect(report.hint.length).toBeGreaterThan(10);
  });

  it('takes the hint from the catalogue unless the report knows something more specific', () => {
    expect(diagnose(obs(err('tcp', 'ECONNREFUSED'), 'tcp')).hint).toBe(CAUSE_INFO['tcp-refused'].hint);
    const preflight = diagnose(
      obs({ kind: 'preflight', cause: 'key-passphrase-wrong', file: 'k.pem', message: 'm', hint: 'Type it again.' }, 'preflight'),
    );
    expect(preflight.hint).toBe('Type it again.');
  });

  it('records the TLS alert as evidence, number and name', () => {
    const report = diagnose(
      obs(
        err(
          'client-auth',
          'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
          'ssl3_read_bytes:tlsv13 alert certificate required:SSL alert number 116',
        ),
        'client-auth',
      ),
    );
    expect(report.evidence.tlsAlert).toEqual({ number: 116, name: 'certificate_required', direction: 'received' });
  });

  it('names the CONNACK code and its reason string', () => {
    const report = diagnose(obs({ kind: 'connack', code: 0x87, reasonString: 'CN not allowed' }, 'connack'));
    expect(report.evidence.connack).toMatchObject({ version: '5', code: 0x87, name: 'Not authorized', reasonString: 'CN not allowed' });
    expect(report.explanation).toContain('0x87');
    expect(report.explanation).toContain('CN not allowed');
  });

  it('says what verification would have found when it was off', () => {
    const report = diagnose(
      obs(null, 'connack', { tls: { ...tls13, verification: 'off', verificationFinding: 'DEPTH_ZERO_SELF_SIGNED_CERT' } }),
    );
    expect(report.verdict).not.toBe('accepted');
    expect(report.explanation).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('has a title and hint for every cause', () => {
    for (const cause of Cause.options) {
      expect(CAUSE_INFO[cause].title, cause).not.toBe('');
      expect(CAUSE_INFO[cause].hint, cause).not.toBe('');
    }
  });
});

describe('receivedAlert', () => {
  it.each([
    [{ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: '' }, 48, 'unknown_ca'],
    [{ code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', message: '' }, 42, 'bad_certificate'],
    [{ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: '' }, 116, 'certificate_required'],
    [{ code: 'EPROTO', message: 'blah:SSL alert number 45' }, 45, 'certificate_expired'],
    [{ code: 'EPROTO', message: 'SSL alert number 199' }, 199, 'alert_199'],
  ])('%o → %i %s', (error, number, name) => {
    expect(receivedAlert(error)).toEqual({ number, name });
  });
  it('is null without an alert', () => {
    expect(receivedAlert({ code: 'ECONNRESET', message: 'socket hang up' })).toBeNull();
  });
});

const leafSummary = (cn: string, issuer: string) => ({
  subject: `CN=${cn}`,
  commonName: cn,
  subjectAltNames: [],
  issuer: `CN=${issuer}`,
  issuerCommonName: issuer,
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2030-01-01T00:00:00.000Z',
  serialNumber: '01',
  fingerprint256: 'AA',
  keyType: 'EC P-256',
  isCA: false,
  selfSigned: false,
  extKeyUsage: ['clientAuth'],
});

const facts = (overrides: Partial<IdentityFacts> = {}): IdentityFacts => ({
  leaf: leafSummary('device-7', 'Device CA'),
  issuerName: 'Device CA',
  loadedCas: [{ ...leafSummary('Server CA', 'Server CA'), isCA: true, selfSigned: true }],
  chainsToLoadedCa: false,
  unsentIssuer: 'Device CA',
  clientAuthProblem: null,
  validity: 'valid',
  ...overrides,
});

describe('diagnose: warnings, notes and what was not checked', () => {
  it('splits findings by the catalogue, keeps their order and drops repeats', () => {
    const report = diagnose(
      obs(null, 'connack', {
        findings: [
          { code: 'client-cert-not-from-ca', message: 'separate client CA' },
          { code: 'verification-chain-only', message: 'chain only' },
          { code: 'client-cert-not-from-ca', message: 'separate client CA' },
          { code: 'address-used', message: 'localhost → 127.0.0.1' },
        ],
      }),
    );
    expect(report.warnings.map((w) => w.code)).toEqual(['verification-chain-only']);
    expect(report.notes.map((n) => n.code)).toEqual(['client-cert-not-from-ca', 'address-used', 'access-not-checked']);
    expect(report.verdict).toBe('accepted-with-warnings');
  });

  it('says an accepted report did not check access, as a note that keeps the verdict, with a hint to check it', () => {
    const report = diagnose(obs(null, 'connack'));
    expect(report.verdict).toBe('accepted');
    expect(report.notes.map((n) => n.code)).toEqual(['access-not-checked']);
    expect(report.hint).toContain('Access was not checked');
    expect(report.hint).not.toContain('Nothing to do');
    const checked = diagnose(
      obs(null, 'access', {
        access: { topic: 't', subscribe: { codes: [1], names: ['Granted QoS 1'], granted: true }, publish: null, echo: true, echoMs: 2 },
      }),
    );
    expect(checked.notes).toEqual([]);
    expect(checked.hint).toBe(CAUSE_INFO.ok.hint);
    // A rejection is no place for "not checked": the attempt never got that far.
    expect(diagnose(obs({ kind: 'connack', code: 0x87 }, 'connack')).notes).toEqual([]);
  });

  it('names the TLS port, the exact mqtts:// URL, and the TLS material left unused', () => {
    const withMaterial = diagnose(
      obs({ kind: 'closed', phase: 'connack' }, 'connack', { settings: plain(), tls: null, tlsCheck: speaksTls }),
    );
    expect(withMaterial.explanation).toContain('Port 8883 on broker.test speaks TLS');
    expect(withMaterial.explanation).toContain('a TLSv1.3 ServerHello');
    expect(withMaterial.explanation).toContain('were not used');
    expect(withMaterial.hint).toContain('mqtts://broker.test:8883');
    expect(withMaterial.evidence.tlsCheck).toEqual(speaksTls);
    const without = diagnose(
      obs({ kind: 'closed', phase: 'connack' }, 'connack', { settings: plain(), tls: null, tlsCheck: speaksTls, tlsMaterialGiven: false }),
    );
    expect(without.explanation).not.toContain('not used');
    expect(without.hint).toContain("load the CA that issued the broker's certificate");
    const v6 = diagnose(
      obs({ kind: 'closed', phase: 'connack' }, 'connack', {
        settings: defaultSettings({ host: '::1', port: 8883, protocol: 'mqtt', clientId: 'c' }),
        tls: null,
        tlsCheck: speaksTls,
      }),
    );
    expect(v6.hint).toContain('mqtts://[::1]:8883');
  });

  it('keeps closed-before-connack when the port does not speak TLS either, and says so', () => {
    const report = diagnose(obs(err('connack', 'ECONNRESET'), 'connack', { settings: plain(), tls: null, tlsCheck: noTls }));
    expect(report.cause).toBe('closed-before-connack');
    expect(report.explanation).toContain('does not speak TLS either');
  });

  it('explains unknown_ca with the issuer, the loaded CAs, and an intermediate the chain lacks', () => {
    const alert48 = err('client-auth', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'SSL alert number 48');
    const separate = diagnose(
      obs(alert48, 'client-auth', { identity: facts({ chainsToLoadedCa: true, unsentIssuer: null, issuerName: 'Server CA' }) }),
    );
    expect(separate.explanation).toContain('it does not trust "Server CA", the CA that issued it');
    expect(separate.explanation).toContain('the broker trusts a different CA for client certificates');
    const foreign = diagnose(obs(alert48, 'client-auth', { identity: facts() }));
    expect(foreign.explanation).toContain('"device-7"');
    expect(foreign.explanation).toContain('"Device CA"');
    expect(foreign.explanation).toContain(
      'No CA loaded here ("Server CA") issued it either; if "Device CA" is an intermediate CA, the chain we sent lacks it.',
    );
    const nothingLoaded = diagnose(obs(alert48, 'client-auth', { identity: facts({ loadedCas: [] }) }));
    expect(nothingLoaded.explanation).toMatch(
      /the CA that issued it\. If "Device CA" is an intermediate CA, the chain we sent lacks it\.$/,
    );
    expect(foreign.hint).toContain('If "Device CA" is an intermediate CA, add it to the certificate file');
    const none = diagnose(obs(alert48, 'client-auth', { identity: facts({ loadedCas: [], unsentIssuer: null }) }));
    expect(none.hint).toBe(CAUSE_INFO['client-cert-unknown-ca'].hint);
  });

  it('explains alert 43 with the usage that does not allow client authentication', () => {
    const report = diagnose(
      obs(err('tls', 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE', 'SSL alert number 43'), 'tls', {
        tls: null,
        identity: facts({ clientAuthProblem: 'its extended key usage allows only serverAuth, not clientAuth' }),
      }),
    );
    expect(report.cause).toBe('client-cert-rejected');
    expect(report.explanation).toContain('"device-7"');
    expect(report.explanation).toContain('its extended key usage allows only serverAuth, not clientAuth');
    expect(report.hint).toContain('extendedKeyUsage clientAuth');
  });

  it('does not claim the broker took a certificate it never asked for', () => {
    const report = diagnose(obs(null, 'connack', { tls: { ...tls13, clientCertificate: null, clientCertificateRequested: false } }));
    expect(report.explanation).toContain('it asked for no client certificate');
  });
});

describe('timeouts in explanations', () => {
  it('are whole milliseconds', () => {
    const report = diagnose(obs({ kind: 'timeout', phase: 'tcp', afterMs: 2000.9158080000002 }, 'tcp'));
    expect(report.explanation).toContain('within 2001 ms.');
    expect(report.explanation).not.toMatch(/\d\.\d/);
  });
});
