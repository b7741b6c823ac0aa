import { Alert, Badge, Box, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';
import { parsePort } from './lab-inputs';
import { LabProblemAlert } from './lab-problem-alert';
import { LabProfilesLine } from './lab-profiles-line';
import { RegenerateButton } from './regenerate-button';
import { Trans } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

const STATE_COLOR = { stopped: 'gray', starting: 'blue', running: 'green', stopping: 'blue' } as const;

/** The lab broker itself: running or not, where, on which port; start, stop, regenerate. */
export function LabBrokerCard({ lab }: { lab: LabStatus }) {
  const { t } = useT('lab');
  const { startLab, stopLab, configureLab } = useActions();
  const [portText, setPortText] = useState(lab.settings.port === null ? '' : String(lab.settings.port));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPortText(lab.settings.port === null ? '' : String(lab.settings.port)), [lab.settings.port]);
  const port = parsePort(portText);
  const portChanged = port.ok && port.port !== lab.settings.port;
  const busy = lab.state === 'starting' || lab.state === 'stopping';
  const run = (call: Promise<{ ok: boolean; error?: { message: string } }>) =>
    void call.then((r) => setError(r.ok ? null : (r.error?.message ?? t('broker.failed'))));

  return (
    <Paper withBorder radius="md" p="sm" data-testid="lab-broker" data-state={lab.state}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Badge color={STATE_COLOR[lab.state]} variant={lab.state === 'running' ? 'filled' : 'light'} data-testid="lab-state">
              {t(`broker.states.${lab.state}`)}
            </Badge>
            {lab.state === 'running' ? (
              <Text fz="sm" data-testid="lab-addresses">
                <Trans
                  t={t}
                  i18nKey="broker.on"
                  values={{ addresses: lab.addresses.join(t('broker.and')) }}
                  components={[<b key="addresses" />]}
                />
              </Text>
            ) : (
              <Text fz="sm" c="dimmed">
                {lab.issuedAt ? t('broker.ready') : t('broker.firstStart')}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              w={150}
              label={t('broker.port')}
              aria-label={t('broker.portLabel')}
              placeholder={lab.defaultPort === 0 ? t('broker.anyFree') : t('broker.defaultPort', { port: lab.defaultPort })}
              value={portText}
              onChange={(e) => setPortText(e.currentTarget.value)}
              error={port.ok ? undefined : port.message}
              styles={{ root: { display: 'flex', alignItems: 'center', gap: 6 }, label: { marginBottom: 0, whiteSpace: 'nowrap' } }}
            />
            {portChanged && (
              <Button
                size="xs"
                variant="light"
                onClick={() => run(configureLab({ port: port.port, auth: lab.settings.auth }))}
                disabled={busy}
              >
                {lab.state === 'running' ? t('broker.saveRestart') : t('broker.savePort')}
              </Button>
            )}
            {lab.state === 'running' || lab.state === 'stopping' ? (
              <Button size="xs" color="red" variant="light" onClick={() => run(stopLab())} loading={busy} data-testid="lab-stop">
                {t('broker.stop')}
              </Button>
            ) : (
              <Button size="xs" onClick={() => run(startLab())} loading={busy} data-testid="lab-start">
                {t('broker.start')}
              </Button>
            )}
            <RegenerateButton lab={lab} onError={setError} />
          </Group>
        </Group>
        <Box>
          <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('broker.folder', { dir: lab.dir })}
            {lab.issuedAt ? t('broker.issued', { date: formatDateTime(lab.issuedAt) }) : ''}
            {t('broker.demo')}
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
