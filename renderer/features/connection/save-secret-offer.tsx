import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useActions } from '../../store/store-context';
import type { TriedSecret } from './retry-with-secret';
import { useT } from '../../i18n/use-t';

/**
 * After an attempt with a secret typed for it alone got in: offer to keep that secret, so the
 * next connect does not fail the same way. Saving seals it in the host like any other secret.
 */
export function SaveSecretOffer({ tried, onDone }: { tried: TriedSecret; onDone: () => void }) {
  const { saveSecrets, notify } = useActions();
  const [busy, setBusy] = useState(false);
  const { t } = useT('connection');
  const what = t(`secret.inline.${tried.key}`);
  const save = async () => {
    setBusy(true);
    const r = await saveSecrets(tried.profileId, { [tried.key]: tried.value });
    setBusy(false);
    if (!r.ok) return notify('red', t('secret.notSaved', { what, message: r.error.message }));
    notify('green', t('secret.saved', { what }));
    onDone();
  };
  return (
    <Alert color="teal" variant="light" data-testid="save-secret-offer" title={t('secret.worked', { what })}>
      <Text fz="sm" mb="xs">
        {t('secret.onlyThisAttempt')}
      </Text>
      <Group gap="xs">
        <Button size="xs" onClick={() => void save()} loading={busy}>
          {t('secret.save')}
        </Button>
        <Button size="xs" variant="default" onClick={onDone} disabled={busy}>
          {t('secret.notNow')}
        </Button>
      </Group>
    </Alert>
  );
}
