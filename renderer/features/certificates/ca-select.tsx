import { Select } from '@mantine/core';
import { selectCas } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';

/** Picks a saved CA that can sign here (its key opens). */
export function CaSelect({
  value,
  onChange,
  label = 'Issuing CA',
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  label?: string;
}) {
  const cas = useAppStore(selectCas);
  const data = cas.map((c) => ({
    value: c.id,
    label: `${c.record.commonName}${c.parentId ? ' (intermediate)' : ''}`,
    disabled: !c.keyAvailable,
  }));
  return (
    <Select
      label={label}
      placeholder={cas.length ? 'Choose a CA' : 'Create a CA first'}
      data={data}
      value={value}
      onChange={onChange}
      required
      w={280}
      nothingFoundMessage="No saved CA"
    />
  );
}
