import { Button, Group, Paper, PasswordInput, Text } from '@mantine/core';
import { useState } from 'react';
import type { Cause } from '../../../shared/connect/report';
import type { OneOffSecrets } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Which secret a cause asks for (named in the catalogue under `secret.labels`); null when a secret would not help. */
export function secretForCause(cause: Cause): keyof OneOffSecrets | null {
  switch (cause) {
    case 'key-passphrase-missing':
    case 'key-passphrase-wrong':
      return 'passphrase';
    case 'pkcs12-password-wrong':
      return 'pfxPassword';
    case 'connack-bad-credentials':
    case 'connack-not-authorized':
      return 'password';
    default:
      return null;
  }
}

/** A secret typed for one attempt: which one, and its value (kept by the pane until saved or dismissed). */
export interface TriedSecret {
  profileId: string;
  key: keyof OneOffSecrets;
  value: string;
}

/**
 * After a secret-related failure: try once more with a secret typed for this attempt only (not
 * stored unless the user saves it once it worked). `onTried` hands the secret to the pane,
 * which outlives this form while the attempt runs.
 */
export function RetryWithSecret({ profileId, cause, onTried }: { profileId: string; cause: Cause; onTried: (tried: TriedSecret) => void }) {
  const { connect } = useActions();
  const { t } = useT('connection');
  const [value, setValue] = useState('');
  const wanted = secretForCause(cause);
  if (!wanted) return null;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="retry-with-secret">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!value) return;
          onTried({ profileId, key: wanted, value });
          void connect(profileId, { [wanted]: value });
        }}
      >
        <Text fz="sm" mb={6}>
          {t('secret.tryOnce', { what: t(`secret.inline.${wanted}`) })}
        </Text>
        <Group gap="xs" align="flex-end">
          <PasswordInput
            size="xs"
            label={t(`secret.labels.${wanted}`)}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            autoComplete="off"
            style={{ flex: 1, maxWidth: 360 }}
          />
          <Button size="xs" type="submit" disabled={!value}>
            {t('secret.connectWithIt')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
