import { Accordion, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { AccessPanel } from './access-panel';
import { CertChainPanel } from './cert-chain-panel';
import { ConnackPanel } from './connack-panel';
import { EvidencePanel } from './evidence-panel';
import { ReportActions } from './report-actions';
import { SentPanel } from './sent-panel';
import { TimelineWaterfall } from './timeline-waterfall';
import { TlsPanel } from './tls-panel';
import { VerdictBanner } from './verdict-banner';
import { certName } from './report-format';
import { causeFocus } from './cause-text';

/** The handshake report: verdict, timeline and one panel per layer; `children` go right under the verdict. */
export function ReportView({ report, children }: { report: ConnectReport; children?: ReactNode }) {
  const leaf = report.tls?.peerChain[0];
  // Open the panels that explain this cause; keyed by attempt so a new report resets them.
  const open = [...causeFocus(report.cause).panels];
  return (
    <Stack gap="md" data-testid="report-view" data-report-id={report.id}>
      <VerdictBanner report={report} />
      {children}
      <Group justify="space-between">
        <Group gap="xs">
          {report.tls?.protocol && (
            <Badge variant="light" data-testid="report-tls-version">
              {report.tls.protocol}
            </Badge>
          )}
          {leaf && (
            <Badge variant="light" color="grape" data-testid="report-broker-cn">
              broker: {certName(leaf)}
            </Badge>
          )}
          {report.tls?.clientCertificate && (
            <Badge variant="light" color="cyan">
              we sent: {certName(report.tls.clientCertificate)}
            </Badge>
          )}
        </Group>
        <ReportActions report={report} />
      </Group>
      {report.timeline.length > 0 && (
        <Paper withBorder p="sm" radius="md">
          <Title order={4} fz="sm" mb="xs">
            Timeline
          </Title>
          <TimelineWaterfall timeline={report.timeline} totalMs={report.durationMs} />
        </Paper>
      )}
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
    </Stack>
  );
}
