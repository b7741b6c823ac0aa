// Every cause with the verdict it leads to and the phase where it is decided, written out: a
// cause that changes its verdict or moves to another phase must change this table too.
import { describe, expect, it } from 'vitest';
import { CAUSE_INFO, isLocalCause } from '../../../../shared/connect/cause-catalog';
import { Cause, type Phase, type Verdict } from '../../../../shared/connect/report';

const TABLE: [Cause, Verdict, Phase | 'any'][] = [
  ['ca-invalid', 'failed', 'preflight'],
  ['cert-invalid', 'failed', 'preflight'],
  ['key-invalid', 'failed', 'preflight'],
  ['key-passphrase-missing', 'failed', 'preflight'],
  ['key-passphrase-wrong', 'failed', 'preflight'],
  ['key-cert-mismatch', 'failed', 'preflight'],
  ['pkcs12-invalid', 'failed', 'preflight'],
  ['pkcs12-password-wrong', 'failed', 'preflight'],
  ['pkcs12-unsupported-encryption', 'failed', 'preflight'],
  ['config-invalid', 'failed', 'preflight'],
  ['material-missing', 'failed', 'preflight'],
  ['dns-not-found', 'failed', 'resolve'],
  ['tcp-refused', 'failed', 'tcp'],
  ['tcp-unreachable', 'failed', 'tcp'],
  ['tcp-timeout', 'failed', 'tcp'],
  ['server-cert-untrusted', 'failed', 'tls'],
  ['server-cert-self-signed', 'failed', 'tls'],
  ['server-cert-hostname-mismatch', 'failed', 'tls'],
  ['server-cert-expired', 'failed', 'tls'],
  ['server-cert-not-yet-valid', 'failed', 'tls'],
  ['tls-not-spoken', 'failed', 'tls'],
  ['tls-protocol-mismatch', 'failed', 'tls'],
  ['tls-alpn-rejected', 'failed', 'tls'],
  ['tls-handshake-failed', 'failed', 'tls'],
  ['tls-timeout', 'failed', 'tls'],
  ['websocket-not-found', 'failed', 'websocket'],
  ['websocket-unauthorized', 'rejected', 'websocket'],
  ['websocket-forbidden', 'rejected', 'websocket'],
  ['websocket-refused', 'failed', 'websocket'],
  ['websocket-not-spoken', 'failed', 'websocket'],
  ['websocket-subprotocol-refused', 'failed', 'websocket'],
  ['websocket-timeout', 'failed', 'websocket'],
  ['client-cert-required', 'rejected', 'client-auth'],
  ['client-cert-unknown-ca', 'rejected', 'client-auth'],
  ['client-cert-expired', 'rejected', 'client-auth'],
  ['client-cert-bad', 'rejected', 'client-auth'],
  ['client-cert-revoked', 'rejected', 'client-auth'],
  ['client-cert-rejected', 'rejected', 'client-auth'],
  ['connack-not-authorized', 'rejected', 'connack'],
  ['connack-bad-credentials', 'rejected', 'connack'],
  ['connack-client-id-rejected', 'rejected', 'connack'],
  ['connack-protocol-unsupported', 'rejected', 'connack'],
  ['connack-server-unavailable', 'rejected', 'connack'],
  ['connack-refused-other', 'rejected', 'connack'],
  ['closed-before-connack', 'rejected', 'connack'],
  ['connack-timeout', 'failed', 'connack'],
  ['not-mqtt', 'failed', 'connack'],
  ['tls-required', 'failed', 'connack'],
  ['access-subscribe-denied', 'rejected', 'access'],
  ['access-publish-denied', 'rejected', 'access'],
  ['access-no-echo', 'rejected', 'access'],
  ['access-timeout', 'failed', 'access'],
  ['aborted', 'failed', 'any'],
  ['internal-error', 'failed', 'any'],
  ['ok', 'accepted', 'done'],
  ['ok-server-unverified', 'accepted-with-warnings', 'done'],
];

describe('the cause catalogue', () => {
  it('lists every cause exactly once in this table', () => {
    expect(TABLE.map(([cause]) => cause).sort()).toEqual([...Cause.options].sort());
  });

  it.each(TABLE)('%s: %s, decided at %s', (cause, verdict, phase) => {
    expect({ verdict: CAUSE_INFO[cause].verdict, phase: CAUSE_INFO[cause].layer }).toEqual({ verdict, phase });
    expect(CAUSE_INFO[cause].title.length).toBeGreaterThan(3);
    expect(CAUSE_INFO[cause].hint.length).toBeGreaterThan(10);
  });
});

describe('local causes', () => {
  it('are exactly the ones decided in preflight: nothing was sent for them', () => {
    const local = Cause.options.filter(isLocalCause);
    expect(local.sort()).toEqual(
      TABLE.filter(([, , phase]) => phase === 'preflight')
        .map(([c]) => c)
        .sort(),
    );
    expect(local).not.toContain('aborted');
    expect(local).toContain('config-invalid');
  });
});
