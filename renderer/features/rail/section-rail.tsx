import { Stack, Tooltip, UnstyledButton } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { selectSection } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { KeyholeLogo } from '../../ui/keyhole-logo';
import { SECTIONS } from './sections';
import { useT } from '../../i18n/use-t';

/** The icon bar at the far left (as in MQTT X): one button per section, Alt+number to switch. */
export function SectionRail() {
  const { t } = useT('rail');
  const section = useAppStore(selectSection);
  const { setSection } = useActions();
  // Alt, not Ctrl: browsers keep Ctrl+1… for their tabs. Empty ignore list: works in fields too.
  useHotkeys(
    SECTIONS.map((s, i) => [`alt+${i + 1}`, () => setSection(s.id)]),
    [],
  );
  return (
    <Stack
      component="nav"
      aria-label={t('nav')}
      gap={6}
      align="center"
      py="sm"
      w={56}
      h="100%"
      style={{ borderRight: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)' }}
      data-testid="section-rail"
    >
      <KeyholeLogo />
      {SECTIONS.map((s, i) => {
        const active = s.id === section;
        const label = t(`sections.${s.id}`);
        return (
          <Tooltip key={s.id} label={t('shortcut', { label, n: i + 1 })} position="right" withArrow>
            <UnstyledButton
              onClick={() => setSection(s.id)}
              aria-label={label}
              aria-current={active ? 'page' : undefined}
              data-testid={`section-${s.id}`}
              w={40}
              h={40}
              mt={i === 0 ? 'xs' : 0}
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                borderRadius: 8,
                color: active ? 'var(--mantine-color-white)' : 'var(--mantine-color-dimmed)',
                background: active ? 'var(--mantine-primary-color-filled)' : undefined,
              }}
            >
              <s.Icon />
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </Stack>
  );
}
