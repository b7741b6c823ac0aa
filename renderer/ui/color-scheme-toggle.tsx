import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';

/** Cycles light → dark → follow the system; "auto" is the default. */
export function ColorSchemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = colorScheme === 'auto' ? (computed === 'dark' ? 'light' : 'dark') : colorScheme === 'light' ? 'dark' : 'auto';
  const label = colorScheme === 'auto' ? `Theme: system (${computed})` : `Theme: ${colorScheme}`;
  return (
    <Tooltip label={`${label}; click for ${next === 'auto' ? 'system' : next}`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={() => setColorScheme(next)}
        aria-label={`Colour theme, now ${colorScheme}; switch to ${next}`}
      >
        {computed === 'dark' ? '☾' : '☀'}
      </ActionIcon>
    </Tooltip>
  );
}
