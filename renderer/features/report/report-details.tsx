import { Accordion, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { AccessPanel } from './access-panel';
import { CertChainPanel } from './cert-chain-panel';
import { ConnackPanel } from './connack-panel';
import { EvidencePanel } from './evidence-panel';
import { SentPanel } from './sent-panel';
import { TlsPanel } from './tls-panel';

/** One panel per layer, those that explain the cause open. */
export function ReportDetails({ report, open }: { report: ConnectReport; open: string[] }) {
  return (
    <>
      <Accordion key={report.id} multiple variant="contained" defaultValue={open} order={3}>
        {report.tls && (
          <Accordion.Item value="chain">
            <Accordion.Control>Broker's certificate chain ({report.tls.peerChain.length})</Accordion.Control>
            <Accordion.Panel>
              <CertChainPanel chain={report.tls.peerChain} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="sent">
          <Accordion.Control>What we sent</Accordion.Control>
          <Accordion.Panel>
            <SentPanel report={report} />
          </Accordion.Panel>
        </Accordion.Item>
        {report.tls && (
          <Accordion.Item value="tls">
            <Accordion.Control>TLS parameters</Accordion.Control>
            <Accordion.Panel>
              <TlsPanel tls={report.tls} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="connack">
          <Accordion.Control>MQTT CONNACK</Accordion.Control>
          <Accordion.Panel>
            <ConnackPanel report={report} />
          </Accordion.Panel>
        </Accordion.Item>
        {report.access && (
          <Accordion.Item value="access">
            <Accordion.Control>Access check</Accordion.Control>
            <Accordion.Panel>
              <AccessPanel access={report.access} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="evidence">
          <Accordion.Control>Raw evidence</Accordion.Control>
          <Accordion.Panel>
            <EvidencePanel evidence={report.evidence} />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Text fz="xs" c="dimmed">
        Attempt {report.id} · started {report.startedAt}
      </Text>
    </>
  );
}
