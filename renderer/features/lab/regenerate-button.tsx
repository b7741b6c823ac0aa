import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** "Regenerate…": a new lab (CA, devices, passwords), after saying what that does. */
export function RegenerateButton({ lab, onError }: { lab: LabStatus; onError: (message: string | null) => void }) {
  const { t } = useT('lab');
  const { regenerateLab } = useActions();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    const r = await regenerateLab();
    setBusy(false);
    setAsking(false);
    onError(r.ok ? null : r.error.message);
  };
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setAsking(true)} disabled={lab.state === 'starting' || lab.state === 'stopping'}>
        {t('regenerate.button')}
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t('regenerate.title')} centered>
        <Stack gap="sm">
          <Text fz="sm">{t('regenerate.body')}</Text>
          <Text fz="sm">
            {lab.profiles.ids.length > 0
              ? t('regenerate.profiles', {
                  count: lab.profiles.ids.length,
                  when: lab.state === 'running' ? '' : t('regenerate.nextStart'),
                })
              : t('regenerate.noProfiles')}
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setAsking(false)}>
              {t('regenerate.keep')}
            </Button>
            <Button color="red" onClick={() => void go()} loading={busy} data-testid="lab-regenerate-confirm">
              {t('regenerate.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
