import { Button, Group, Text } from '@mantine/core';
import type { ImportChoice } from '../../../shared/profile/transfer';
import { useT } from '../../i18n/use-t';

const CHOICES: { value: ImportChoice; key: 'keepBoth' | 'replace' | 'skip' }[] = [
  { value: 'keep-both', key: 'keepBoth' },
  { value: 'replace', key: 'replace' },
  { value: 'skip', key: 'skip' },
];

/** One choice for every conflicting profile of an import at once; each card can still differ after. */
export function ConflictChoiceAll(props: { conflicts: number; current: ImportChoice | null; onChoose: (choice: ImportChoice) => void }) {
  const { t } = useT('transfer');
  return (
    <Group gap="xs" wrap="wrap" role="group" aria-label={t('import.applyAll')} data-testid="import-apply-all">
      <Text fz="sm" fw={500}>
        {t('import.forAll', { count: props.conflicts })}
      </Text>
      <Button.Group>
        {CHOICES.map((c) => (
          <Button
            key={c.value}
            size="xs"
            variant={props.current === c.value ? 'filled' : 'default'}
            aria-pressed={props.current === c.value}
            data-choice={c.value}
            onClick={() => props.onChoose(c.value)}
          >
            {t(`import.choices.${c.key}`)}
          </Button>
        ))}
      </Button.Group>
      {props.current === null && (
        <Text fz="xs" c="dimmed" data-testid="import-apply-all-mixed">
          {t('import.mixed')}
        </Text>
      )}
    </Group>
  );
}
