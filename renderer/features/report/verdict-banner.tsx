import { Alert, Badge, Code, Group, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { causeFocus, causeTitle, verdictStyle } from './cause-text';
import { FindingList } from './finding-list';
import { accessNotChecked, formatMs, listedNotes } from './report-format';

/**
 * The headline of a report: verdict colour, cause, the core's explanation and hint, then the
 * warnings (counted: only they downgrade a verdict) and the notes (facts, in quiet grey).
 */
export function VerdictBanner({ report }: { report: ConnectReport }) {
  const v = verdictStyle(report.verdict);
  const title = causeTitle(report.cause);
  const focus = causeFocus(report.cause);
  const warnings = report.warnings.length;
  const notes = listedNotes(report);
  return (
    <Alert
      data-testid="verdict-banner"
      data-verdict={report.verdict}
      data-cause={report.cause}
      data-warnings={warnings}
      color={v.color}
      variant="light"
      radius="md"
      title={
        <Group gap="sm" wrap="wrap">
          <Badge color={v.color} variant="filled" size="lg">
            {v.label}
          </Badge>
          {/* "Accepted" twice says nothing ("Accepted with warnings" says it already); the cause title shows when it adds something. */}
          {!v.label.toLowerCase().startsWith(title.toLowerCase()) && (
            <Text fw={600} fz="lg" data-testid="report-title">
              {title}
            </Text>
          )}
          {accessNotChecked(report) && (
            <Text fz="sm" fw={500} c="dimmed" data-testid="report-access-not-checked">
              · access not checked
            </Text>
          )}
          {warnings > 0 && (
            <Badge color="yellow" variant="light" data-testid="report-warning-count">
              {warnings} warning{warnings === 1 ? '' : 's'}
            </Badge>
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
      {warnings > 0 && <FindingList testId="report-warnings" heading="Warnings" findings={report.warnings} tone="warning" />}
      {notes.length > 0 && <FindingList testId="report-notes" heading="Notes" findings={notes} tone="note" />}
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
