import { Alert, Badge, Box, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';
import { parsePort } from './lab-inputs';
import { LabProblemAlert } from './lab-problem-alert';
import { LabProfilesLine } from './lab-profiles-line';
import { RegenerateButton } from './regenerate-button';

const STATE_LOOK = {
  stopped: { color: 'gray', label: 'Stopped' },
  starting: { color: 'blue', label: 'Starting…' },
  running: { color: 'green', label: 'Running' },
  stopping: { color: 'blue', label: 'Stopping…' },
} as const;

/** The lab broker itself: running or not, where, on which port; start, stop, regenerate. */
export function LabBrokerCard({ lab }: { lab: LabStatus }) {
  const { startLab, stopLab, configureLab } = useActions();
  const [portText, setPortText] = useState(lab.settings.port === null ? '' : String(lab.settings.port));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPortText(lab.settings.port === null ? '' : String(lab.settings.port)), [lab.settings.port]);
  const port = parsePort(portText);
  const portChanged = port.ok && port.port !== lab.settings.port;
  const look = STATE_LOOK[lab.state];
  const busy = lab.state === 'starting' || lab.state === 'stopping';
  const run = (call: Promise<{ ok: boolean; error?: { message: string } }>) =>
    void call.then((r) => setError(r.ok ? null : (r.error?.message ?? 'failed')));

  return (
    <Paper withBorder radius="md" p="sm" data-testid="lab-broker" data-state={lab.state}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Badge color={look.color} variant={lab.state === 'running' ? 'filled' : 'light'} data-testid="lab-state">
              {look.label}
            </Badge>
            {lab.state === 'running' ? (
              <Text fz="sm" data-testid="lab-addresses">
                on <b>{lab.addresses.join(' and ')}</b> · MQTT 3.1.1 over TLS 1.2/1.3, client certificates required
              </Text>
            ) : (
              <Text fz="sm" c="dimmed">
                {lab.issuedAt ? 'Its PKI is ready; start it to connect.' : 'Its PKI is issued on first start (a few seconds).'}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              w={150}
              label="Port"
              aria-label="Lab port"
              placeholder={lab.defaultPort === 0 ? 'any free' : `${lab.defaultPort} (default)`}
              value={portText}
              onChange={(e) => setPortText(e.currentTarget.value)}
              error={port.ok ? undefined : port.message}
              styles={{ root: { display: 'flex', alignItems: 'center', gap: 6 }, label: { marginBottom: 0 } }}
            />
            {portChanged && (
              <Button
                size="xs"
                variant="light"
                onClick={() => run(configureLab({ port: port.port, auth: lab.settings.auth }))}
                disabled={busy}
              >
                {lab.state === 'running' ? 'Save and restart' : 'Save port'}
              </Button>
            )}
            {lab.state === 'running' || lab.state === 'stopping' ? (
              <Button size="xs" color="red" variant="light" onClick={() => run(stopLab())} loading={busy} data-testid="lab-stop">
                Stop
              </Button>
            ) : (
              <Button size="xs" onClick={() => run(startLab())} loading={busy} data-testid="lab-start">
                Start the lab
              </Button>
            )}
            <RegenerateButton lab={lab} onError={setError} />
          </Group>
        </Group>
        <Box>
          <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            Folder {lab.dir}
            {lab.issuedAt ? ` · issued ${new Date(lab.issuedAt).toLocaleString()} · clients trust its ca.pem` : ''} · demo credentials: for
            the lab only
          </Text>
        </Box>
        {lab.notices.map((n) => (
          <Alert key={n} color="yellow" variant="light" p="xs" data-testid="lab-notice">
            <Text fz="sm">{n}</Text>
          </Alert>
        ))}
        {lab.problem && <LabProblemAlert problem={lab.problem} defaultPort={lab.defaultPort} />}
        {error && !lab.problem && (
          <Alert color="red" variant="light" p="xs" data-testid="lab-error">
            <Text fz="sm">{error}</Text>
          </Alert>
        )}
        <LabProfilesLine lab={lab} />
      </Stack>
    </Paper>
  );
}
