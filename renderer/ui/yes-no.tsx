import { Badge } from '@mantine/core';

/** A yes / no / unknown fact as a small badge; `good` says which answer is the healthy one. */
export function YesNo({ value, good = true }: { value: boolean | null | undefined; good?: boolean }) {
  if (value === null || value === undefined)
    return (
      <Badge variant="light" color="gray" size="sm">
        unknown
      </Badge>
    );
  return (
    <Badge variant="light" color={value === good ? 'green' : 'red'} size="sm">
      {value ? 'yes' : 'no'}
    </Badge>
  );
}
