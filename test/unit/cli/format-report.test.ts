import { describe, expect, it } from 'vitest';
import { correctedCommand, formatReport } from '../../../electron/cli/format-report';
import { report } from '../../support/renderer/fixtures';

describe('formatReport', () => {
  const findings = report('ok-server-unverified', {
    warnings: [{ code: 'verification-off', message: 'The chain was not checked.' }],
    notes: [
      { code: 'client-cert-not-from-ca', message: 'Issued by a separate client CA.' },
      { code: 'access-not-checked', message: 'Access not checked.' },
    ],
  });

  it('prints warnings in yellow with "!" and notes quieter, in grey with "·"', () => {
    const text = formatReport(findings, { color: true });
    expect(text).toContain('  \x1b[33m!\x1b[0m The chain was not checked.');
    expect(text).toContain('\x1b[90m  · Issued by a separate client CA.\x1b[0m');
    // "access not checked" is in the verdict line, not repeated as a note.
    expect(text).not.toContain('· Access not checked.');
    expect(text).toContain(
      'ACCEPTED WITH WARNINGS (1)\x1b[0m  ok-server-unverified at done — Accepted, broker not verified; access not checked',
    );
  });

  it('marks a client-auth phase that judged nothing with a dash, not a tick', () => {
    const base = report('ok');
    const text = formatReport(
      report('ok', {
        tls: { ...base.tls!, clientCertificate: null, clientCertificateRequested: false },
        timeline: [{ phase: 'client-auth', startMs: 1, endMs: 1, ok: true, detail: 'the broker asked for no client certificate' }],
      }),
      { color: false },
    );
    expect(text).toContain('  – client-auth     0.0 ms  the broker asked for no client certificate');
    expect(text).toContain('sent no client certificate (none asked for)');
  });
});

describe('correctedCommand', () => {
  it('replaces the URL, keeps every other argument, and never prints a password', () => {
    expect(
      correctedCommand(['connect', 'mqtt://h:8883', '--ca', 'my ca.pem', '-u', 'dev', '--password', 's3cret', '--json'], {
        url: 'mqtts://h:8883',
      }),
    ).toBe("keyhole connect mqtts://h:8883 --ca 'my ca.pem' -u dev --ask-password --json");
    expect(correctedCommand(['connect', 'mqtt://h:1', '--password=s3cret'], { url: 'mqtts://h:1' })).toBe(
      'keyhole connect mqtts://h:1 --ask-password',
    );
  });

  it('adds the URL to a --profile run that had none, and replaces an earlier --access-check', () => {
    expect(correctedCommand(['connect', '--profile', "Bob's device"], { url: 'mqtts://h:8883' })).toBe(
      "keyhole connect mqtts://h:8883 --profile 'Bob'\\''s device'",
    );
    expect(correctedCommand(['connect', 'mqtts://h:8883', '--access-check', 'old'], { accessCheck: 'new/topic' })).toBe(
      'keyhole connect mqtts://h:8883 --access-check new/topic',
    );
  });
});
