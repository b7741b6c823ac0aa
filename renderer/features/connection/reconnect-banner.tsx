import { Alert, Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** "Reconnecting in N s (attempt k)" while the host has a reconnect scheduled, with Cancel; while one runs, the header's Cancel stops it. */
export function ReconnectBanner({ profileId, state: st }: { profileId: string; state: ConnectionState }) {
  const { cancel, notify } = useActions();
  const { t } = useT('connection');
  const retry = st.status === 'closed' || st.status === 'failed' ? st.retry : undefined;
  const running = st.status === 'connecting' ? st.reconnectAttempt : undefined;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!retry) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [retry]);
  if (!retry && running === undefined) return null;
  const seconds = retry ? Math.max(0, Math.ceil((Date.parse(retry.at) - now) / 1000)) : 0;
  return (
    <Alert color="blue" variant="light" mx="lg" mt="sm" py={6} data-testid="reconnect-banner" aria-live="polite">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fz="sm" data-testid="reconnect-text">
          {retry ? t('reconnect.inSeconds', { seconds, attempt: retry.attempt }) : t('reconnect.now', { attempt: running ?? 0 })}
        </Text>
        {retry && (
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              void cancel(profileId).then((r) => !r.ok && notify('red', t('reconnect.cancelFailed', { message: r.error.message })))
            }
            data-testid="reconnect-cancel"
          >
            {t('reconnect.cancel')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
