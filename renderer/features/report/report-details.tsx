import { Accordion, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { AccessPanel } from './access-panel';
import { CertChainPanel } from './cert-chain-panel';
import { ConnackPanel } from './connack-panel';
import { EvidencePanel } from './evidence-panel';
import { SentPanel } from './sent-panel';
import { chainTrust } from './report-format';
import { TlsPanel } from './tls-panel';
import { useT } from '../../i18n/use-t';
import { formatDate, formatTime } from '../../i18n/format';

/** One panel per layer, those that explain the cause open. */
export function ReportDetails({ report, open }: { report: ConnectReport; open: string[] }) {
  const { t } = useT('report');
  return (
    <>
      <Accordion key={report.id} multiple variant="contained" defaultValue={open} order={3}>
        {report.tls && (
          <Accordion.Item value="chain">
            <Accordion.Control>{t('details.chain', { count: report.tls.peerChain.length })}</Accordion.Control>
            <Accordion.Panel>
              <CertChainPanel
                chain={report.tls.peerChain}
                trust={{ state: chainTrust(report), reason: report.tls.authorizationError ?? report.tls.verificationFinding }}
              />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="sent">
          <Accordion.Control>{t('details.sent')}</Accordion.Control>
          <Accordion.Panel>
            <SentPanel report={report} />
          </Accordion.Panel>
        </Accordion.Item>
        {report.tls && (
          <Accordion.Item value="tls">
            <Accordion.Control>{t('details.tls')}</Accordion.Control>
            <Accordion.Panel>
              <TlsPanel tls={report.tls} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="connack">
          <Accordion.Control>{t('details.connack')}</Accordion.Control>
          <Accordion.Panel>
            <ConnackPanel report={report} />
          </Accordion.Panel>
        </Accordion.Item>
        {report.access && (
          <Accordion.Item value="access">
            <Accordion.Control>{t('details.access')}</Accordion.Control>
            <Accordion.Panel>
              <AccessPanel access={report.access} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="evidence">
          <Accordion.Control>{t('details.evidence')}</Accordion.Control>
          <Accordion.Panel>
            <EvidencePanel evidence={report.evidence} />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Text fz="xs" c="dimmed">
        {t('details.attempt', { id: report.id, when: `${formatDate(report.startedAt)} ${formatTime(report.startedAt)}` })}
      </Text>
    </>
  );
}
