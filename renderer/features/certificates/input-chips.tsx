import { CloseButton, Group, Pill } from '@mantine/core';
import type { WorkbenchInput } from '../../../shared/certs/workbench';

/** The files chosen so far, each removable. */
export function InputChips({ inputs, onRemove }: { inputs: readonly WorkbenchInput[]; onRemove: (index: number) => void }) {
  if (inputs.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" data-testid="input-chips">
      {inputs.map((f, i) => (
        <Pill key={`${f.fileName}-${i}`} size="md">
          <Group gap={4} wrap="nowrap">
            {f.fileName}
            <CloseButton size="xs" aria-label={`Remove ${f.fileName}`} onClick={() => onRemove(i)} />
          </Group>
        </Pill>
      ))}
    </Group>
  );
}
