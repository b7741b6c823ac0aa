import { Alert, Badge, Code, Group, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';
import { causeFocus, causeTitle, verdictLabel, verdictStyle } from './cause-text';
import { FindingList } from './finding-list';
import { accessNotChecked, formatMs, listedNotes } from './report-format';

/**
 * The headline of a report: verdict colour, cause, the core's explanation and hint, then the
 * warnings (counted: only they downgrade a verdict) and the notes (facts, in quiet grey).
 */
export function VerdictBanner({ report }: { report: ConnectReport }) {
  const { t } = useT('report');
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
          {!verdictLabel(report.verdict, 'en').toLowerCase().startsWith(title.toLowerCase()) && (
            <Text fw={600} fz="lg" data-testid="report-title">
              {title}
            </Text>
          )}
          {accessNotChecked(report) && (
            <Text fz="sm" fw={500} c="dimmed" data-testid="report-access-not-checked">
              {t('banner.accessNotChecked')}
            </Text>
          )}
          {warnings > 0 && (
            <Badge color="yellow" variant="light" data-testid="report-warning-count">
              {t('banner.warnings', { count: warnings })}
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
            {t('banner.hint')}
          </Text>
          {report.hint}
        </Text>
      )}
      {!focus.networkTouched && (
        <Text fz="xs" mt="xs" c="dimmed" data-testid="report-no-network">
          {t('banner.noNetwork')}
        </Text>
      )}
      {warnings > 0 && (
        <FindingList testId="report-warnings" heading={t('banner.warningsHeading')} findings={report.warnings} tone="warning" />
      )}
      {notes.length > 0 && <FindingList testId="report-notes" heading={t('banner.notesHeading')} findings={notes} tone="note" />}
      <Group gap="md" mt="sm" fz="xs" c="dimmed">
        <Text span fz="xs">
          <Trans t={t} i18nKey="banner.cause" values={{ cause: report.cause }} components={[<Code key="cause" fz="xs" />]} />
        </Text>
        <Text span fz="xs">
          <Trans t={t} i18nKey="banner.phase" values={{ phase: report.phase }} components={[<Code key="phase" fz="xs" />]} />
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
