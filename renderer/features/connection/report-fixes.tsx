import { useState } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { brokerUrl } from '../../../shared/connect/settings';
import { useActions } from '../../store/store-context';
import { AccessCheckOffer } from '../report/access-check-offer';
import { TlsSwitchOffer } from '../report/tls-switch-offer';
import { accessNotChecked } from '../report/report-format';

/** The one-click fixes a connection's own latest report offers: TLS for a TLS port, an access check for an unchecked success. */
export function ReportFixes({ profileId, report }: { profileId: string; report: ConnectReport }) {
  const { reconnectWith } = useActions();
  const [busy, setBusy] = useState(false);
  const run = (change: Parameters<typeof reconnectWith>[1]) => {
    setBusy(true);
    void reconnectWith(profileId, change).finally(() => setBusy(false));
  };
  if (report.cause === 'tls-required') {
    return (
      <TlsSwitchOffer
        url={brokerUrl('mqtts', report.target.host, report.target.port)}
        busy={busy}
        onSwitch={() => run({ protocol: 'mqtts' })}
      />
    );
  }
  if (accessNotChecked(report)) return <AccessCheckOffer busy={busy} onCheck={(topic) => run({ accessCheckTopic: topic })} />;
  return null;
}
