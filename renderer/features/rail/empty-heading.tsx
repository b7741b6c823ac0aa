import { Stack, Text, Title } from '@mantine/core';
import { useT } from '../../i18n/use-t';

/** The question Keyhole answers, on the empty connections screen. */
export function EmptyHeading({ firstLaunch }: { firstLaunch: boolean }) {
  const { t } = useT('rail');
  return (
    <Stack gap={4} align="center" maw={460}>
      <Title order={2} fz="xl">
        {t('empty.title')}
      </Title>
      <Text c="dimmed" ta="center" fz="sm">
        {t(firstLaunch ? 'empty.firstLaunch' : 'empty.pick')}
      </Text>
    </Stack>
  );
}
