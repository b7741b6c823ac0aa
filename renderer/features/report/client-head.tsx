import { Badge, Group, Paper, Title } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { ReportActions } from './report-actions';
import { certName } from './report-format';
import { TimelineWaterfall } from './timeline-waterfall';

/** What the client saw at a glance: TLS version, the broker's CN, what we sent, and the timeline. */
export function ClientHead({ report }: { report: ConnectReport }) {
  const leaf = report.tls?.peerChain[0];
  return (
    <>
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
    </>
  );
}
