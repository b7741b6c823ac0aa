import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

/** The Lab group of ready profiles: make it, or go to it. */
export function LabProfilesLine({ lab }: { lab: LabStatus }) {
  const { t } = useT('lab');
  const { createLabProfiles, setSection, navigate } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = lab.profiles.ids.length;
  const first = lab.profiles.ids[0];
  const make = async () => {
    setBusy(true);
    const r = await createLabProfiles();
    setBusy(false);
    setError(r.ok ? null : r.error.message);
  };
  return (
    <Group gap="xs" wrap="wrap" data-testid="lab-profiles">
      {count > 0 ? (
        <>
          <Text fz="sm">
            <Trans t={t} i18nKey="profiles.ready" count={count} components={[<b key="count" />, <b key="group" />]} />
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              setSection('connections');
              if (first) navigate({ kind: 'connection', profileId: first });
            }}
          >
            {t('profiles.show')}
          </Button>
        </>
      ) : (
        <Text fz="sm" c="dimmed">
          {t('profiles.none')}
        </Text>
      )}
      <Button
        size="compact-xs"
        variant={count > 0 ? 'subtle' : 'filled'}
        onClick={() => void make()}
        loading={busy}
        disabled={lab.state !== 'running'}
        data-testid="lab-make-profiles"
      >
        {count > 0 ? t('profiles.again') : t('profiles.make')}
      </Button>
      {lab.state !== 'running' && count === 0 && (
        <Text fz="xs" c="dimmed">
          {t('profiles.startFirst')}
        </Text>
      )}
      {error && (
        <Text fz="sm" c="red">
          {error}
        </Text>
      )}
    </Group>
  );
}
