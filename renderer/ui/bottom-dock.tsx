import { Box, Paper, Text, UnstyledButton } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useT } from '../i18n/use-t';
import { selectSettings } from '../store/selectors';
import { useActions, useAppStore } from '../store/store-context';

const FOLDED = '▸';
const UNFOLDED = '▾';

/** The preference that keeps a dock folded (in `settings.ui`, beside the side panels' own). */
export const dockPref = (id: string) => `dock.${id}.collapsed`;

/**
 * A panel along the bottom of a pane that folds to one line (its title) and, unfolded, takes at
 * most 45% of the pane and scrolls inside, so the content above it keeps room in a short window.
 * Folded or not is kept in the host's UI settings.
 */
export function BottomDock({
  id,
  label,
  paneHeight,
  children,
}: {
  id: string;
  label: string;
  /** The height of the pane the dock sits in (0 until measured). */
  paneHeight: number;
  children: ReactNode;
}) {
  const { t } = useT('ui');
  const settings = useAppStore(selectSettings);
  const { savePreference } = useActions();
  const bodyId = useId();
  const folded = settings?.ui[dockPref(id)] === true;
  return (
    <Paper
      radius={0}
      data-testid={`dock-${id}`}
      data-folded={folded ? 'true' : 'false'}
      style={{
        borderTop: '1px solid var(--mantine-color-default-border)',
        flex: 'none',
        maxHeight: paneHeight > 0 ? Math.round(paneHeight * 0.45) : undefined,
        minHeight: 0,
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <UnstyledButton
        px="sm"
        py={4}
        aria-expanded={!folded}
        aria-controls={bodyId}
        aria-label={folded ? t('panel.show', { label }) : t('panel.hide', { label })}
        title={folded ? t('panel.show', { label }) : t('panel.hide', { label })}
        onClick={() => void savePreference(dockPref(id), folded ? null : true)}
      >
        <Text fz="xs" fw={600} c="dimmed" aria-hidden>
          {folded ? FOLDED : UNFOLDED} {label}
        </Text>
      </UnstyledButton>
      {!folded && (
        <Box id={bodyId} px="sm" pb="sm" style={{ overflowY: 'auto', minHeight: 0 }}>
          {children}
        </Box>
      )}
    </Paper>
  );
}
