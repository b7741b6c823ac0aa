import { Code } from '@mantine/core';
import type { Evidence } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';
import { useT } from '../../i18n/use-t';

/** The raw observations the diagnosis was made from. */
export function EvidencePanel({ evidence }: { evidence: Evidence }) {
  const { t } = useT('report');
  const alert = evidence.tlsAlert;
  return (
    <KeyValueTable
      label={t('details.evidence')}
      rows={[
        {
          label: t('evidence.errorCode'),
          value: evidence.errorCode && <Code data-testid="evidence-error-code">{evidence.errorCode}</Code>,
        },
        { label: t('evidence.errorMessage'), value: evidence.errorMessage },
        { label: t('evidence.syscall'), value: evidence.syscall },
        { label: t('evidence.file'), value: evidence.file },
        { label: t('evidence.tlsAlert'), value: alert && <Code>{`${alert.number} ${alert.name} (${alert.direction})`}</Code> },
        { label: t('evidence.verifyError'), value: evidence.verifyError && <Code>{evidence.verifyError}</Code> },
        {
          label: 'DISCONNECT',
          value:
            evidence.disconnect &&
            `${evidence.disconnect.code} ${evidence.disconnect.name}${evidence.disconnect.reasonString ? `: ${evidence.disconnect.reasonString}` : ''}`,
        },
        { label: t('evidence.timedOutAfter'), value: evidence.timedOutAfterMs === undefined ? null : `${evidence.timedOutAfterMs} ms` },
        { label: t('evidence.firstBytes'), value: evidence.firstBytesHex && <Code>{evidence.firstBytesHex}</Code> },
        {
          label: t('evidence.tlsCheck'),
          value:
            evidence.tlsCheck &&
            t(evidence.tlsCheck.speaksTls ? 'evidence.speaksTls' : 'evidence.noTls', {
              port: evidence.tlsCheck.port,
              answer: evidence.tlsCheck.answer,
            }),
        },
      ]}
    />
  );
}
