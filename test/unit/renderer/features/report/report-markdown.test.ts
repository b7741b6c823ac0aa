import { describe, expect, it } from 'vitest';
import { reportFileName, reportToJson, reportToMarkdown } from '../../../../../renderer/features/report/report-markdown';
import { ConnectReport } from '../../../../../shared/connect/report';
import { report } from '../../../../support/renderer/fixtures';

describe('reportToMarkdown', () => {
  it('leads with the verdict, the cause and the explanation', () => {
    const md = reportToMarkdown(
      report('client-cert-unknown-ca', { explanation: 'The broker rejected device-1.\nIt does not trust its CA.' }),
    );
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Keyhole connection report: Rejected');
    expect(md).toContain('(`client-cert-unknown-ca`, phase `client-auth`)');
    expect(md).toContain('> The broker rejected device-1.\n> It does not trust its CA.');
    expect(md).toMatch(/> \*\*Hint:\*\* Use a client certificate issued by the CA/);
  });

  it('tabulates the timeline with durations and escapes table syntax in details', () => {
    const md = reportToMarkdown(report('ok'));
    expect(md).toContain('## Timeline');
    expect(md).toContain('| Phase | Start | Duration | Result | Detail |');
    expect(md).toContain('| TCP | 2.0 ms | 3.0 ms | ok | connected \\| port 8883 |');
    expect(md).toContain('| TLS | 5.0 ms | 15 ms | ok | TLSv1.3 |');
  });

  it("lists the broker's chain, what we sent and the CONNACK", () => {
    const md = reportToMarkdown(report('ok'));
    expect(md).toContain("## Broker's certificate chain");
    expect(md).toMatch(/\| 0 \| broker\.test \| Keyhole Test CA \|/);
    expect(md).toContain('- Client certificate: device-1 (issuer Keyhole Test CA');
    expect(md).toContain('- Client id: `keyhole-1`');
    expect(md).toContain('| Code | 0 |');
    expect(md).toContain('"topicAliasMaximum": 10');
  });

  it('keeps the raw evidence as JSON', () => {
    const md = reportToMarkdown(report('client-cert-unknown-ca'));
    expect(md).toContain('## Evidence\n\n```json\n{\n  "errorCode": "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA"');
    expect(md).toContain('"name": "unknown_ca"');
  });

  it('says no client certificate was sent, and skips TLS sections, for a preflight failure', () => {
    const md = reportToMarkdown(report('key-passphrase-wrong'));
    expect(md).toContain('# Keyhole connection report: Failed');
    expect(md).toContain('- Client certificate: none');
    expect(md).not.toContain('## TLS');
    expect(md).not.toContain('## CONNACK');
  });

  it('lists warnings, notes and the access check', () => {
    const md = reportToMarkdown(
      report('access-no-echo', {
        warnings: [{ code: 'verification-off', message: 'Verification was off.' }],
        notes: [{ code: 'client-cert-not-from-ca', message: 'Issued by a separate client CA.' }],
        access: {
          topic: 'keyhole/check',
          subscribe: { codes: [1], names: ['Granted QoS 1'], granted: true },
          publish: { code: 0, name: 'Success', ok: true },
          echo: false,
          echoMs: null,
        },
      }),
    );
    expect(md).toContain('## Warnings (1)\n\n- `verification-off`: Verification was off.');
    expect(md).toContain('## Notes\n\n- `client-cert-not-from-ca`: Issued by a separate client CA.');
    expect(md).toContain('| Subscribe | granted (Granted QoS 1) |');
    expect(md).toContain('| Echo received | no |');
  });

  it('says an accepted report did not check access', () => {
    expect(reportToMarkdown(report('ok'))).toContain('**Accepted**, access not checked (`ok`, phase `done`)');
    expect(reportToMarkdown(report('ok', { notes: [] }))).not.toContain('access not checked');
  });

  it('is a pure function of the report', () => {
    const r = report('ok');
    expect(reportToMarkdown(r)).toBe(reportToMarkdown(structuredClone(r)));
  });
});

describe('reportToJson and reportFileName', () => {
  it('round-trips the report through its schema', () => {
    const r = report('connack-not-authorized');
    expect(ConnectReport.parse(JSON.parse(reportToJson(r)))).toEqual(r);
  });

  it('names the file after host, verdict and time, safe for any file system', () => {
    const r = report('ok', { target: { url: 'mqtts://[::1]:8883', protocol: 'mqtts', host: '::1', port: 8883, address: '::1' } });
    expect(reportFileName(r, 'md')).toBe('keyhole-report-__1-accepted-2025-06-01T12-00-00-000Z.md');
  });
});
