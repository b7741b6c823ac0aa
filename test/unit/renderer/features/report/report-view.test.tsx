// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { causeFocus, causeTitle, verdictStyle } from '../../../../../renderer/features/report/cause-text';
import { ReportView } from '../../../../../renderer/features/report/report-view';
import { Cause, Verdict, type ConnectReport } from '../../../../../shared/connect/report';
import { report } from '../../fixtures';

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

  it('lists warnings', () => {
    show(report('ok-server-unverified', { warnings: [{ code: 'verify-off', message: 'The chain was not checked.' }] }));
    expect(within(screen.getByTestId('report-warnings')).getByText('The chain was not checked.')).toBeTruthy();
  });

  it('renders a report for every cause, with a headline and somewhere to look', () => {
    for (const cause of Cause.options) {
      const r = report(cause);
      expect(Verdict.options).toContain(r.verdict);
      expect(causeTitle(cause).length).toBeGreaterThan(0);
      expect(causeFocus(cause).panels.length).toBeGreaterThan(0);
      const { unmount } = show(r);
      expect(banner().getAttribute('data-cause')).toBe(cause);
      expect(screen.getByTestId('report-explanation').textContent).toBe(`Explanation for ${cause}.`);
      unmount();
    }
  });
});
