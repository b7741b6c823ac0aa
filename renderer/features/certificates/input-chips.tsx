import { CloseButton, Group, Pill } from '@mantine/core';
import type { WorkbenchInput } from '../../../shared/certs/workbench';
import { useT } from '../../i18n/use-t';

/** The files chosen so far, each removable. */
export function InputChips({ inputs, onRemove }: { inputs: readonly WorkbenchInput[]; onRemove: (index: number) => void }) {
  const { t } = useT('certificates');
  if (inputs.length === 0) return null;
  return (
    <Group gap={6} wrap="wrap" data-testid="input-chips">
      {inputs.map((f, i) => (
        <Pill key={`${f.fileName}-${i}`} size="md">
          <Group gap={4} wrap="nowrap">
            {f.fileName}
            <CloseButton size="xs" aria-label={t('drop.remove', { name: f.fileName })} onClick={() => onRemove(i)} />
          </Group>
        </Pill>
      ))}
    </Group>
  );
}
