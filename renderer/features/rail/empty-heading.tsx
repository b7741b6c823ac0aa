import { Stack, Text, Title } from '@mantine/core';

/** The question Keyhole answers, on the empty connections screen. */
export function EmptyHeading({ firstLaunch }: { firstLaunch: boolean }) {
  return (
    <Stack gap={4} align="center" maw={460}>
      <Title order={2} fz="xl">
        Did this identity get in?
      </Title>
      <Text c="dimmed" ta="center" fz="sm">
        {firstLaunch ? 'Create a connection' : 'Pick a connection on the left, or create one'} with a CA, a client certificate and its key.
        Connecting shows how far the handshake got, and exactly where and why it stopped.
      </Text>
    </Stack>
  );
}
