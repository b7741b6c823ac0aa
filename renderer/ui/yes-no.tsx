import { Badge } from '@mantine/core';
import { useT } from '../i18n/use-t';

/** A yes / no / unknown fact as a small badge; `good` says which answer is the healthy one. */
export function YesNo({ value, good = true }: { value: boolean | null | undefined; good?: boolean }) {
  const { t } = useT('common');
  if (value === null || value === undefined)
    return (
      <Badge variant="light" color="gray" size="sm">
        {t('unknown')}
      </Badge>
    );
  return (
    <Badge variant="light" color={value === good ? 'green' : 'red'} size="sm">
      {value ? t('yes') : t('no')}
    </Badge>
  );
}
