import { Button, Group, Paper, Text } from '@mantine/core';

/**
 * Under a `tls-required` report: switch the profile to mqtts:// and connect, in one click. The
 * port stays as it is: the check found TLS on exactly this port.
 */
export function TlsSwitchOffer({ url, onSwitch, busy = false }: { url: string; onSwitch: () => void; busy?: boolean }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid="tls-switch-offer">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text fz="sm" style={{ flex: 1, minWidth: 220 }}>
          This port speaks TLS. Switch the profile to <b>{url}</b> (same host and port) and connect.
        </Text>
        <Button size="xs" onClick={onSwitch} loading={busy} data-testid="switch-to-tls-button">
          Switch to mqtts:// and connect
        </Button>
      </Group>
    </Paper>
  );
}
