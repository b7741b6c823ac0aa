import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { expectationChoices } from '../../../shared/matrix/expectation';
import type { OutcomeExpectation } from '../../../shared/matrix/matrix-file';
import { useT } from '../../i18n/use-t';

/** A searchable choice of expectation: the layers first, then every cause code by the phase that decides it. */
export function ExpectationSelect({
  value,
  onChange,
  label,
  testId,
}: {
  value: OutcomeExpectation | null;
  onChange: (e: OutcomeExpectation) => void;
  label?: string;
  testId?: string;
}) {
  const { t } = useT('matrix');
  const data = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const c of expectationChoices()) groups.set(c.group, [...(groups.get(c.group) ?? []), { value: c.value, label: c.label }]);
    return [...groups].map(([group, items]) => ({ group, items }));
  }, []);
  return (
    <Select
      size="xs"
      label={label}
      aria-label={label ?? t('expectation.label')}
      placeholder={t('expectation.placeholder')}
      searchable
      allowDeselect={false}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v as OutcomeExpectation)}
      data-testid={testId}
      w={220}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
