import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';
import { useActions } from '../../store/store-context';

/**
 * First launch (no profiles yet): one button starts the built-in lab and makes a "Lab" group of
 * ready profiles, one per demo identity, so a new user sees acceptance and each kind of rejection
 * within a minute, with nothing else installed.
 */
export function StartLabOffer() {
  const { t } = useT('lab');
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
          {t('offer.title')}
        </Title>
        <Text fz="sm">{t('offer.intro')}</Text>
        <List fz="sm" spacing={2}>
          <List.Item>
            <Trans t={t} i18nKey="offer.accepted" components={[<b key="name" />]} />
          </List.Item>
          <List.Item>
            <Trans t={t} i18nKey="offer.refused" components={[<b key="name" />]} />
          </List.Item>
          <List.Item>
            <Trans t={t} i18nKey="offer.quiet" components={[<b key="name" />]} />
          </List.Item>
        </List>
        <Text fz="sm" c="dimmed">
          {t('offer.connectAny')}
        </Text>
        {error && (
          <Alert color="red" variant="light" p="xs" data-testid="start-lab-error">
            <Text fz="sm">{error}</Text>
          </Alert>
        )}
        <Group>
          <Button onClick={() => void start()} loading={busy} data-testid="start-lab">
            {t('offer.start')}
          </Button>
          {busy && (
            <Text fz="xs" c="dimmed">
              {t('offer.issuing')}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
