// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { causeFocus, causeTitle, verdictStyle } from '../../../../../renderer/features/report/cause-text';
import { marksFromReport } from '../../../../../renderer/features/report/phase-marks';
import { chainTrust, judgedClientCertificate } from '../../../../../renderer/features/report/report-format';
import { ReportView } from '../../../../../renderer/features/report/report-view';
import { VerdictBanner } from '../../../../../renderer/features/report/verdict-banner';
import { Cause, Verdict, type ConnectReport } from '../../../../../shared/connect/report';
import { report } from '../../../../support/renderer/fixtures';

afterEach(cleanup);

function show(r: ConnectReport) {
  return render(
    <MantineProvider env="test">
      <ReportView report={r} />
    </MantineProvider>,
  );
}

const banner = () => screen.getByTestId('verdict-banner');

describe('ReportView', () => {
  it.each([
    ['accepted', 'ok', 'Accepted', 'green'],
    ['accepted-with-warnings', 'ok-server-unverified', 'Accepted with warnings', 'yellow'],
    ['rejected', 'connack-not-authorized', 'Rejected', 'red'],
    ['failed', 'tcp-refused', 'Failed', 'gray'],
  ] as const)('shows the %s verdict with its explanation', (verdict, cause, label, color) => {
    show(report(cause, { verdict, explanation: `Because ${cause} happened.` }));
    expect(banner().getAttribute('data-verdict')).toBe(verdict);
    expect(within(banner()).getByText(label)).toBeTruthy();
    expect(screen.getByTestId('report-explanation').textContent).toBe(`Because ${cause} happened.`);
    expect(verdictStyle(verdict).color).toBe(color);
  });

  it('names a client certificate rejection and opens what we sent and the evidence', () => {
    show(report('client-cert-unknown-ca'));
    expect(screen.getByTestId('report-title').textContent).toBe(causeTitle('client-cert-unknown-ca'));
    expect(screen.getByTestId('report-hint').textContent).toContain('issued by the CA the broker is configured with');
    expect(screen.getByTestId('evidence-error-code').textContent).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    expect(screen.getByText('48 unknown_ca (received)')).toBeTruthy();
    expect(screen.getByTestId('report-broker-cn').textContent).toBe('broker: broker.test');
    expect(screen.getByTestId('report-tls-version').textContent).toBe('TLSv1.3');
  });

  it('says a preflight failure never reached the network', () => {
    show(report('key-passphrase-wrong', { explanation: 'The passphrase does not decrypt the key.' }));
    expect(banner().getAttribute('data-cause')).toBe('key-passphrase-wrong');
    expect(screen.getByTestId('report-no-network')).toBeTruthy();
    expect(screen.queryByTestId('peer-chain')).toBeNull();
  });

  it('shows the CONNACK code of an MQTT refusal', () => {
    show(report('connack-not-authorized'));
    expect(screen.getByTestId('connack-code').textContent).toBe('0x87');
    expect(screen.getByText('Not authorized', { selector: 'td' })).toBeTruthy();
    expect(screen.queryByTestId('report-no-network')).toBeNull();
  });

  it("lists the broker's chain for a server certificate problem", () => {
    show(report('server-cert-untrusted'));
    const chain = screen.getByTestId('peer-chain');
    expect(
      within(chain)
        .getAllByTestId('peer-cert-cn')
        .map((e) => e.textContent),
    ).toEqual(['broker.test', 'Keyhole Test CA']);
  });

  it('lists warnings with their codes and counts them in the banner', () => {
    show(report('ok-server-unverified', { warnings: [{ code: 'verification-off', message: 'The chain was not checked.' }] }));
    expect(within(screen.getByTestId('report-warnings')).getByText('The chain was not checked.')).toBeTruthy();
    expect(within(screen.getByTestId('report-warnings')).getByText('verification-off')).toBeTruthy();
    expect(screen.getByTestId('report-warning-count').textContent).toBe('1 warning');
    expect(banner().getAttribute('data-warnings')).toBe('1');
  });

  it('lists notes apart from warnings, uncounted and without the warning colour', () => {
    show(
      report('ok', {
        notes: [
          { code: 'client-cert-not-from-ca', message: 'Issued by a separate client CA.' },
          { code: 'access-not-checked', message: 'Access not checked.' },
        ],
      }),
    );
    expect(banner().getAttribute('data-verdict')).toBe('accepted');
    const notes = screen.getByTestId('report-notes');
    expect(within(notes).getByText('Issued by a separate client CA.')).toBeTruthy();
    expect(screen.queryByTestId('report-warnings')).toBeNull();
    expect(screen.queryByTestId('report-warning-count')).toBeNull();
    expect(banner().getAttribute('data-warnings')).toBe('0');
    // Grey, not amber: the list carries Mantine's dimmed colour, the warning list its yellow.
    expect(notes.querySelector('ul')?.getAttribute('style') ?? '').toContain('dimmed');
  });

  it('says "access not checked" in the verdict line, and the Access phase reads "not checked"', () => {
    const r = report('ok');
    show(r);
    expect(screen.getByTestId('report-access-not-checked').textContent).toContain('access not checked');
    expect(marksFromReport(r).access).toMatchObject({ state: 'skipped', short: 'not checked' });
    cleanup();
    const checked = report('ok', {
      notes: [],
      access: { topic: 't', subscribe: { codes: [1], names: ['Granted QoS 1'], granted: true }, publish: null, echo: true, echoMs: 3 },
      timeline: [{ phase: 'access', startMs: 0, endMs: 3, ok: true, detail: 'echo' }],
    });
    show(checked);
    expect(screen.queryByTestId('report-access-not-checked')).toBeNull();
    expect(marksFromReport(checked).access?.state).toBe('passed');
  });

  it('does not mark client-auth as passed when no certificate was sent', () => {
    const base = report('ok');
    const noCert = report('ok', {
      tls: { ...base.tls!, clientCertificate: null, clientCertificateRequested: false },
      timeline: [{ phase: 'client-auth', startMs: 1, endMs: 1, ok: true, detail: 'the broker asked for no client certificate' }],
    });
    expect(marksFromReport(noCert)['client-auth']).toMatchObject({ state: 'skipped', short: 'not asked' });
    show(noCert);
    expect(screen.getByText('none: the broker asked for no client certificate')).toBeTruthy();
  });

  it('marks a preflight that raised warnings amber, not green', () => {
    const entry = { phase: 'preflight' as const, startMs: 0, endMs: 1, ok: true, detail: '1 CA certificate' };
    const warned = report('ok', { timeline: [{ ...entry, data: { warnings: 2 } }] });
    expect(marksFromReport(warned).preflight).toMatchObject({ state: 'warned', short: '2 warnings' });
    const clean = report('ok', { timeline: [{ ...entry, data: { warnings: 0 } }] });
    expect(marksFromReport(clean).preflight?.state).toBe('passed');
  });

  it('does not claim "we sent" when TLS stopped on our verdict on the broker, and marks its chain untrusted', () => {
    const base = report('server-cert-untrusted');
    const untrusted = report('server-cert-untrusted', {
      tls: {
        ...base.tls!,
        authorized: false,
        authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
        verificationFinding: 'SELF_SIGNED_CERT_IN_CHAIN',
      },
      timeline: base.timeline.map((t) => (t.phase === 'tls' ? { ...t, ok: false } : t)),
    });
    expect(judgedClientCertificate(untrusted)).toBeNull();
    expect(chainTrust(untrusted)).toBe('untrusted');
    show(untrusted);
    expect(screen.queryByTestId('report-we-sent')).toBeNull();
    expect(screen.getByText(/not judged: the attempt stopped at TLS .*device-1 was ready/)).toBeTruthy();
    expect(screen.getByTestId('peer-chain').getAttribute('data-trust')).toBe('untrusted');
    // Two certificates, each in its row and in its (collapsed) details.
    expect(screen.getAllByTestId('peer-cert-trust').map((b) => b.textContent)).toEqual(Array(4).fill('untrusted'));
    expect(screen.queryByText('valid')).toBeNull();
    cleanup();
    // Under TLS 1.2 the broker refuses our certificate inside the handshake: phase tls, but judged.
    const refused = report('client-cert-unknown-ca', { phase: 'tls' });
    expect(judgedClientCertificate(refused)?.commonName).toBe('device-1');
    expect(chainTrust(refused)).toBe('trusted');
    show(refused);
    expect(screen.getByTestId('report-we-sent').textContent).toBe('we sent: device-1');
  });

  // One render holding every cause's banner (the part of the view that differs by cause); the
  // panels a cause opens are checked on causeFocus, and the whole view is rendered by the tests
  // above. Fifty full views took most of the test's time limit.
  it('renders a report for every cause, with a headline and somewhere to look', () => {
    const reports = Cause.options.map((cause) => report(cause));
    render(
      <MantineProvider env="test">
        {reports.map((r) => (
          <VerdictBanner key={r.id} report={r} />
        ))}
      </MantineProvider>,
    );
    const banners = screen.getAllByTestId('verdict-banner');
    expect(banners.map((b) => b.getAttribute('data-cause'))).toEqual(Cause.options);
    expect(screen.getAllByTestId('report-explanation').map((e) => e.textContent)).toEqual(
      Cause.options.map((c) => `Explanation for ${c}.`),
    );
    for (const cause of Cause.options) {
      expect(Verdict.options).toContain(reports[Cause.options.indexOf(cause)]!.verdict);
      expect(causeTitle(cause).length).toBeGreaterThan(0);
      expect(causeFocus(cause).panels.length).toBeGreaterThan(0);
    }
  });
});
