import { Button, Group, Paper, PasswordInput, Text } from '@mantine/core';
import { useState } from 'react';
import type { Cause } from '../../../shared/connect/report';
import type { OneOffSecrets } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';

/** Which secret a cause asks for, and how to name it; null when a secret would not help. */
export function secretForCause(cause: Cause): { key: keyof OneOffSecrets; label: string } | null {
  switch (cause) {
    case 'key-passphrase-missing':
    case 'key-passphrase-wrong':
      return { key: 'passphrase', label: 'Key passphrase' };
    case 'pkcs12-password-wrong':
      return { key: 'pfxPassword', label: 'PKCS#12 password' };
    case 'connack-bad-credentials':
    case 'connack-not-authorized':
      return { key: 'password', label: 'MQTT password' };
    default:
      return null;
  }
}

/** After a secret-related failure: try once more with a secret typed for this attempt only (never stored). */
export function RetryWithSecret({ profileId, cause }: { profileId: string; cause: Cause }) {
  const { connect } = useActions();
  const [value, setValue] = useState('');
  const wanted = secretForCause(cause);
  if (!wanted) return null;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="retry-with-secret">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value) void connect(profileId, { [wanted.key]: value });
        }}
      >
        <Text fz="sm" mb={6}>
          Try once with another {wanted.label.toLowerCase()}; it is used for this attempt only and not saved.
        </Text>
        <Group gap="xs" align="flex-end">
          <PasswordInput
            size="xs"
            label={wanted.label}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            autoComplete="off"
            style={{ flex: 1, maxWidth: 360 }}
          />
          <Button size="xs" type="submit" disabled={!value}>
            Connect with it
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
