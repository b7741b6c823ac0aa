import { Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';

/** A demo identity's password, asked of the host only when the user clicks "Show", and forgotten on "Hide". */
export function IdentityPassword({ name }: { name: string }) {
  const { revealLabPassword } = useActions();
  const [shown, setShown] = useState<ResponseOf<'lab:revealPassword'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!shown)
    return (
      <Group gap={4} wrap="nowrap">
        <Button
          size="compact-xs"
          variant="subtle"
          aria-label={`Show the password of ${name}`}
          onClick={() =>
            void revealLabPassword(name).then((r) => {
              if (r.ok) setShown(r.value);
              else setError(r.error.message);
            })
          }
        >
          Show
        </Button>
        {error && (
          <Text fz="xs" c="red">
            {error}
          </Text>
        )}
      </Group>
    );
  const differs = shown.tablePassword !== null && shown.tablePassword !== shown.password;
  return (
    <Group gap={4} wrap="nowrap" data-testid="identity-password">
      <Code fz="xs">{shown.password}</Code>
      <CopyButton value={shown.password}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={`Copy the password of ${name}`}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
      {differs && (
        <Text fz="xs" c="orange">
          table: <Code fz="xs">{shown.tablePassword}</Code>
        </Text>
      )}
      <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setShown(null)} aria-label={`Hide the password of ${name}`}>
        Hide
      </Button>
    </Group>
  );
}
