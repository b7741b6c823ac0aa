import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useT } from '../i18n/use-t';

/** Cycles light → dark → follow the system; "auto" is the default. */
export function ColorSchemeToggle() {
  const { t } = useT('ui');
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = colorScheme === 'auto' ? (computed === 'dark' ? 'light' : 'dark') : colorScheme === 'light' ? 'dark' : 'auto';
  const name = (scheme: 'auto' | 'light' | 'dark') =>
    scheme === 'auto' ? t('theme.auto', { computed: t(`theme.${computed}`) }) : t(`theme.${scheme}`);
  return (
    <Tooltip label={t('theme.tooltip', { now: name(colorScheme), next: name(next) })}>
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={() => setColorScheme(next)}
        aria-label={t('theme.ariaLabel', { now: name(colorScheme), next: name(next) })}
      >
        {computed === 'dark' ? '☾' : '☀'}
      </ActionIcon>
    </Tooltip>
  );
}
