import { Button, Group, Paper, Text } from '@mantine/core';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

/**
 * Under a `tls-required` report: switch the profile to mqtts:// and connect, in one click. The
 * port stays as it is: the check found TLS on exactly this port.
 */
export function TlsSwitchOffer({ url, onSwitch, busy = false }: { url: string; onSwitch: () => void; busy?: boolean }) {
  const { t } = useT('report');
  return (
    <Paper withBorder p="sm" radius="md" data-testid="tls-switch-offer">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text fz="sm" style={{ flex: 1, minWidth: 220 }}>
          <Trans t={t} i18nKey="tlsOffer.body" values={{ url }} components={[<b key="url" />]} />
        </Text>
        <Button size="xs" onClick={onSwitch} loading={busy} data-testid="switch-to-tls-button">
          {t('tlsOffer.button')}
        </Button>
      </Group>
    </Paper>
  );
}
