import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ConnectionState } from '../../../shared/ipc/contract';
import type { Profile } from '../../../shared/profile/profile';
import { useActions } from '../../store/store-context';
import { dotLook, StatusDot } from '../../ui/status-dot';
import { CopyCommandMenu } from './copy-command-menu';
import type { TFunction } from 'i18next';
import { useT } from '../../i18n/use-t';

/** The connection's name, broker and state, with its actions: copy as command, edit, connect / cancel / disconnect. */
export function ConnectionHeader({ profile, state: st }: { profile: Profile; state: ConnectionState }) {
  const { connect, disconnect, cancel, navigate } = useActions();
  const { t } = useT('connection');
  const profileId = profile.id;
  const s = profile.settings;
  const live = st.status === 'connecting';
  return (
    <Group
      justify="space-between"
      px="lg"
      py="sm"
      wrap="wrap"
      gap="xs"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      {/* The name keeps room for itself; in a narrow window the buttons go to a second row. */}
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 240px' }}>
        <StatusDot state={st} size={12} />
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={2} fz="lg" lineClamp={1}>
            {profile.name}
          </Title>
          <Text fz="xs" c="dimmed" truncate="end">
            {s.protocol}://{s.host}:{s.port} · MQTT {s.mqttVersion} · {s.clientId || t('header.noClientId')}
          </Text>
        </Stack>
        <Badge variant="light" color={dotLook(st).color} data-testid="connection-status" data-status={st.status}>
          {statusLabel(st, t)}
        </Badge>
      </Group>
      <Group gap="xs" wrap="nowrap" ml="auto">
        <CopyCommandMenu profileId={profileId} />
        <Button variant="default" onClick={() => navigate({ kind: 'edit', profileId })}>
          {t('header.edit')}
        </Button>
        {live && (
          <Button color="gray" onClick={() => void cancel(profileId)}>
            {t('header.cancel')}
          </Button>
        )}
        {st.status === 'open' && (
          <Button color="red" variant="light" onClick={() => void disconnect(profileId)} title={t('header.disconnectTip')}>
            {t('header.disconnect')}
          </Button>
        )}
        {!live && st.status !== 'open' && (
          <Button onClick={() => void connect(profileId)} title={t('header.connectTip')} data-testid="connect-button">
            {st.status === 'idle' ? t('header.connect') : t('header.connectAgain')}
          </Button>
        )}
      </Group>
    </Group>
  );
}

/** The header's one word for a state: the verdict for a finished attempt, not the state's name. */
function statusLabel(st: ConnectionState, t: TFunction<'connection'>): string {
  switch (st.status) {
    case 'idle':
      return t('status.idle');
    case 'connecting':
      return st.reconnectAttempt ? t('status.reconnecting', { attempt: st.reconnectAttempt }) : t('status.connecting');
    case 'open':
      return t('status.open');
    case 'failed':
      return t(`verdicts.${st.report.verdict}`);
    case 'closed':
      return st.reason.kind === 'user' || st.reason.kind === 'shutdown' ? t('status.disconnected') : t('status.lost');
    default: {
      const never: never = st;
      return never;
    }
  }
}
