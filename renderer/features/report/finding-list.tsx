import { Code, List, Stack, Text } from '@mantine/core';
import type { Finding } from '../../../shared/connect/report';

/** Warnings in the warning colour with their codes; notes in grey, one quiet line each. */
export function FindingList({
  testId,
  heading,
  findings,
  tone,
}: {
  testId: string;
  heading: string;
  findings: readonly Finding[];
  tone: 'warning' | 'note';
}) {
  const warning = tone === 'warning';
  return (
    <Stack gap={2} mt="xs" data-testid={testId}>
      <Text fz="xs" fw={700} c={warning ? 'yellow.8' : 'dimmed'} tt="uppercase">
        {heading}
      </Text>
      <List size="sm" spacing={2} c={warning ? undefined : 'dimmed'} icon={warning ? undefined : '·'}>
        {findings.map((f) => (
          <List.Item key={`${f.code}-${f.message}`} data-finding={f.code} fz={warning ? 'sm' : 'xs'}>
            {warning && <Code c="yellow.9">{f.code}</Code>} {f.message}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
