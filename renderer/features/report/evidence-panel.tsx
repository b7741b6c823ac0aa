import { Code } from '@mantine/core';
import type { Evidence } from '../../../shared/connect/report';
import { KeyValueTable } from '../../ui/key-value-table';

/** The raw observations the diagnosis was made from. */
export function EvidencePanel({ evidence }: { evidence: Evidence }) {
  const alert = evidence.tlsAlert;
  return (
    <KeyValueTable
      label="Raw evidence"
      rows={[
        { label: 'Error code', value: evidence.errorCode && <Code data-testid="evidence-error-code">{evidence.errorCode}</Code> },
        { label: 'Error message', value: evidence.errorMessage },
        { label: 'System call', value: evidence.syscall },
        { label: 'File', value: evidence.file },
        { label: 'TLS alert', value: alert && <Code>{`${alert.number} ${alert.name} (${alert.direction})`}</Code> },
        { label: 'Verify error', value: evidence.verifyError && <Code>{evidence.verifyError}</Code> },
        {
          label: 'DISCONNECT',
          value:
            evidence.disconnect &&
            `${evidence.disconnect.code} ${evidence.disconnect.name}${evidence.disconnect.reasonString ? `: ${evidence.disconnect.reasonString}` : ''}`,
        },
        { label: 'Timed out after', value: evidence.timedOutAfterMs === undefined ? null : `${evidence.timedOutAfterMs} ms` },
        { label: 'First bytes', value: evidence.firstBytesHex && <Code>{evidence.firstBytesHex}</Code> },
        {
          label: 'TLS check',
          value:
            evidence.tlsCheck &&
            `port ${evidence.tlsCheck.port} ${evidence.tlsCheck.speaksTls ? 'speaks TLS' : 'does not speak TLS'}: a ClientHello got ${evidence.tlsCheck.answer}`,
        },
      ]}
    />
  );
}
