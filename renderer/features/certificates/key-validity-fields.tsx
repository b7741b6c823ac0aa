import { Group, NumberInput, Select, Text } from '@mantine/core';
import type { KeyAlgorithm } from '../../../shared/certs/issue';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { KEY_CHOICES, windowOf, type ValidityValues } from './issue-inputs';

/** Key type and validity window; a start in the past or the future makes expired or not-yet-valid certificates on purpose. */
export function KeyValidityFields({
  keyAlgorithm,
  onKey,
  validity,
  onValidity,
}: {
  keyAlgorithm: KeyAlgorithm;
  onKey: (k: KeyAlgorithm) => void;
  validity: ValidityValues;
  onValidity: (v: ValidityValues) => void;
}) {
  const { t } = useT('certificates');
  const w = windowOf(validity);
  const expired = Date.parse(w.notAfter) < Date.now();
  const future = Date.parse(w.notBefore) > Date.now();
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label={t('issue.key')}
        data={KEY_CHOICES}
        value={keyAlgorithm}
        onChange={(v) => v && onKey(v as KeyAlgorithm)}
        allowDeselect={false}
        w={140}
      />
      <NumberInput
        label={t('issue.starts')}
        description={t('issue.startsHint')}
        value={validity.startDays}
        onChange={(v) => onValidity({ ...validity, startDays: typeof v === 'number' ? v : 0 })}
        min={-36500}
        max={36500}
        w={200}
      />
      <NumberInput
        label={t('issue.validFor')}
        value={validity.days}
        onChange={(v) => onValidity({ ...validity, days: typeof v === 'number' && v > 0 ? v : 1 })}
        min={1}
        max={36500}
        w={140}
      />
      <Text fz="xs" c={expired || future ? 'orange' : 'dimmed'} pb={8} data-testid="validity-preview">
        {formatDate(w.notBefore)} → {formatDate(w.notAfter)}
        {expired ? t('issue.alreadyExpired') : future ? t('issue.notYetValid') : ''}
      </Text>
    </Group>
  );
}
