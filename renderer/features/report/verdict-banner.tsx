import { Alert, Badge, Code, Group, List, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { causeFocus, causeTitle, verdictStyle } from './cause-text';
import { formatMs } from './report-format';

/** The headline of a report: verdict colour, cause, the core's explanation and hint. */
export function VerdictBanner({ report }: { report: ConnectReport }) {
  const v = verdictStyle(report.verdict);
  const title = causeTitle(report.cause);
  const focus = causeFocus(report.cause);
  return (
    <Alert
      data-testid="verdict-banner"
      data-verdict={report.verdict}
      data-cause={report.cause}
      color={v.color}
      variant="light"
      radius="md"
      title={
        <Group gap="sm" wrap="wrap">
          <Badge color={v.color} variant="filled" size="lg">
            {v.label}
          </Badge>
          {/* "Accepted" twice says nothing; the cause title shows when it adds something. */}
          {title.toLowerCase() !== v.label.toLowerCase() && (
            <Text fw={600} fz="lg" data-testid="report-title">
              {title}
            </Text>
          )}
        </Group>
      }
    >
      <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="report-explanation">
        {report.explanation}
      </Text>
      {report.hint && (
        <Text fz="sm" mt="xs" data-testid="report-hint">
          <Text span fw={600}>
            Hint:{' '}
          </Text>
          {report.hint}
        </Text>
      )}
      {!focus.networkTouched && (
        <Text fz="xs" mt="xs" c="dimmed" data-testid="report-no-network">
          Stopped before any network traffic: nothing was sent to the broker.
        </Text>
      )}
      {report.warnings.length > 0 && (
        <List size="sm" mt="xs" data-testid="report-warnings">
          {report.warnings.map((w) => (
            <List.Item key={w.code}>
              <Code>{w.code}</Code> {w.message}
            </List.Item>
          ))}
        </List>
      )}
      <Group gap="md" mt="sm" fz="xs" c="dimmed">
        <Text span fz="xs">
          cause <Code fz="xs">{report.cause}</Code>
        </Text>
        <Text span fz="xs">
          phase <Code fz="xs">{report.phase}</Code>
        </Text>
        <Text span fz="xs">
          {report.target.url}
          {report.target.address ? ` (${report.target.address})` : ''}
        </Text>
        <Text span fz="xs">
          {formatMs(report.durationMs)}
        </Text>
      </Group>
    </Alert>
  );
}
