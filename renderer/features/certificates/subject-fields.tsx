import { SimpleGrid, TextInput } from '@mantine/core';
import type { SubjectValues } from './issue-inputs';
import { useT } from '../../i18n/use-t';

/** CN (required) and the usual optional subject fields. */
export function SubjectFieldsInput({
  value,
  onChange,
  cnLabel,
  cnDescription,
  error,
}: {
  value: SubjectValues;
  onChange: (v: SubjectValues) => void;
  cnLabel?: string;
  cnDescription?: string;
  error?: string | null;
}) {
  const { t } = useT('certificates');
  const set = (k: keyof SubjectValues) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [k]: e.currentTarget.value });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
      <TextInput
        label={cnLabel ?? t('issue.cn')}
        description={cnDescription}
        required
        value={value.commonName}
        onChange={set('commonName')}
        error={error ?? undefined}
      />
      <TextInput label={t('issue.organization')} value={value.organization} onChange={set('organization')} />
      <TextInput label={t('issue.unit')} value={value.organizationalUnit} onChange={set('organizationalUnit')} />
      <TextInput label={t('issue.country')} placeholder="DE" maxLength={2} value={value.country} onChange={set('country')} />
    </SimpleGrid>
  );
}
