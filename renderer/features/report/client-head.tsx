import { Badge, Group, Paper, Title } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { ReportActions } from './report-actions';
import { certName, judgedClientCertificate } from './report-format';
import { TimelineWaterfall } from './timeline-waterfall';
import { useT } from '../../i18n/use-t';

/** What the client saw at a glance: TLS version, the broker's CN, what we sent, and the timeline. */
export function ClientHead({ report }: { report: ConnectReport }) {
  const { t } = useT('report');
  const leaf = report.tls?.peerChain[0];
  const sent = judgedClientCertificate(report);
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
              {t('head.broker', { name: certName(leaf) })}
            </Badge>
          )}
          {sent && (
            <Badge variant="light" color="cyan" data-testid="report-we-sent">
              {t('head.weSent', { name: certName(sent) })}
            </Badge>
          )}
        </Group>
        <ReportActions report={report} />
      </Group>
      {report.timeline.length > 0 && (
        <Paper withBorder p="sm" radius="md">
          <Title order={4} fz="sm" mb="xs">
            {t('head.timeline')}
          </Title>
          <TimelineWaterfall timeline={report.timeline} totalMs={report.durationMs} />
        </Paper>
      )}
    </>
  );
}
