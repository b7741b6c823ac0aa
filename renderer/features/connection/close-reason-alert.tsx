import { Alert, Code, Text } from '@mantine/core';
import type { CloseReason } from '../../../shared/ipc/contract';
import { formatCode } from '../../../shared/mqtt/reason-codes';
import { formatDate, formatTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** Why an open connection ended, when the user did not end it. */
export function CloseReasonAlert({ reason, at }: { reason: CloseReason; at: string }) {
  const { t } = useT('connection');
  const when = `${formatDate(at)} ${formatTime(at)}`;
  switch (reason.kind) {
    case 'user':
    case 'shutdown':
      return null;
    case 'server-disconnect':
      return (
        <Alert color="orange" variant="light" title={t('closed.serverDisconnect')} data-testid="close-reason" data-kind={reason.kind}>
          <Text fz="sm">
            DISCONNECT <Code>{formatCode(reason.code)}</Code> {reason.name}
            {reason.reasonString ? `: ${reason.reasonString}` : ''}
          </Text>
          <Text fz="xs" c="dimmed">
            {when}
          </Text>
        </Alert>
      );
    case 'connection-lost':
      return (
        <Alert color="orange" variant="light" title={t('closed.lost')} data-testid="close-reason" data-kind={reason.kind}>
          <Text fz="sm">
            {reason.message}
            {reason.errorCode ? (
              <>
                {' '}
                (<Code>{reason.errorCode}</Code>)
              </>
            ) : null}
          </Text>
          <Text fz="xs" c="dimmed">
            {when}
          </Text>
        </Alert>
      );
    default: {
      const never: never = reason;
      return never;
    }
  }
}
