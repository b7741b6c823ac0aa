import { SimpleGrid, TextInput } from '@mantine/core';
import type { SubjectValues } from './issue-inputs';

/** CN (required) and the usual optional subject fields. */
export function SubjectFieldsInput({
  value,
  onChange,
  cnLabel = 'Common name (CN)',
  cnDescription,
  error,
}: {
  value: SubjectValues;
  onChange: (v: SubjectValues) => void;
  cnLabel?: string;
  cnDescription?: string;
  error?: string | null;
}) {
  const set = (k: keyof SubjectValues) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [k]: e.currentTarget.value });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
      <TextInput
        label={cnLabel}
        description={cnDescription}
        required
        value={value.commonName}
        onChange={set('commonName')}
        error={error ?? undefined}
      />
      <TextInput label="Organization (O)" value={value.organization} onChange={set('organization')} />
      <TextInput label="Organizational unit (OU)" value={value.organizationalUnit} onChange={set('organizationalUnit')} />
      <TextInput label="Country (C)" placeholder="DE" maxLength={2} value={value.country} onChange={set('country')} />
    </SimpleGrid>
  );
}
