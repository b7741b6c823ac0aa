import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useActions } from '../../store/store-context';

/**
 * First launch (no profiles yet): one button starts the built-in lab and makes a "Lab" group of
 * ready profiles, one per demo identity, so a new user sees acceptance and each kind of rejection
 * within a minute, with nothing else installed.
 */
export function StartLabOffer() {
  const { startLabWithProfiles } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    const r = await startLabWithProfiles();
    setBusy(false);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <Paper withBorder radius="md" p="lg" maw={560} data-testid="start-lab-offer">
      <Stack gap="sm">
        <Title order={3} fz="lg">
          No broker at hand? Start the lab.
        </Title>
        <Text fz="sm">
          Keyhole's lab is an MQTT broker on this machine (127.0.0.1 and ::1) with its own CA and a dozen demo devices. Starting it makes a
          "Lab" group of ready profiles, each named after what it shows:
        </Text>
        <List fz="sm" spacing={2}>
          <List.Item>
            <b>device-001 — accepted</b>: a trusted certificate, an allowed CN and its password
          </List.Item>
          <List.Item>
            <b>rogue-device — refused: CN not allowed</b>, and an expired, a revoked, a foreign-CA device …
          </List.Item>
          <List.Item>
            <b>quiet-device</b>: connected, but may do nothing (the access check)
          </List.Item>
        </List>
        <Text fz="sm" c="dimmed">
          Connect any of them: the report shows the client's side, and beside it the broker's side of the same attempt.
        </Text>
        {error && (
          <Alert color="red" variant="light" p="xs" data-testid="start-lab-error">
            <Text fz="sm">{error}</Text>
          </Alert>
        )}
        <Group>
          <Button onClick={() => void start()} loading={busy} data-testid="start-lab">
            Start the lab
          </Button>
          {busy && (
            <Text fz="xs" c="dimmed">
              Issuing its PKI on first start takes a few seconds…
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
