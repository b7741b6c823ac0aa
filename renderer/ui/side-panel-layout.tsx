import { ActionIcon, Box, Tooltip } from '@mantine/core';
import { useElementSize, useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { selectSettings } from '../store/selectors';
import { useActions, useAppStore } from '../store/store-context';
import { useT } from '../i18n/use-t';
import { PanelHandle } from './panel-handle';
import { fitPanel, panelPrefs, storedPanel, type SidePanelSpec } from './side-panel-state';

const STRIP = 30;

export interface SidePanelLayoutProps {
  spec: SidePanelSpec;
  /** What the panel is, for its buttons and handle ("Connections", "Subscriptions"). */
  label: string;
  /** Mantine hotkeys that show or hide the panel, and how its tooltips spell them. */
  hotkeys: string[];
  hotkeyLabel: string;
  /** Pixels the content beside the panel keeps at least; below that the panel opens over it. */
  keep: number;
  testId: string;
  /** The panel's content; `collapse` is its hide button, for the panel's own header. */
  panel: (collapse: ReactNode) => ReactNode;
  children: ReactNode;
}

/**
 * A panel at the left of `children` that the user resizes (drag or arrow keys on its handle) and
 * hides (its button or the hotkey); width and hidden state are kept in the host's UI settings so
 * they survive a reload. In a window too narrow for both, the panel starts hidden and opens over
 * the content, leaving the stored choice alone.
 */
export function SidePanelLayout({ spec, label, hotkeys, hotkeyLabel, keep, testId, panel, children }: SidePanelLayoutProps) {
  const { t } = useT('ui');
  const settings = useAppStore(selectSettings);
  const { savePreference } = useActions();
  const stored = storedPanel(spec, settings);
  const names = panelPrefs(spec);
  const { ref, width: room } = useElementSize();
  const [draft, setDraft] = useState<number | null>(null);
  const [overlayOpen, setOverlayOpen] = useState(false);
  const panelId = useId();
  const fit = fitPanel(spec, draft ?? stored.width, room, keep + STRIP);
  const open = fit.cramped ? overlayOpen : !stored.collapsed;

  // Stable across renders (it reads the latest state through a ref), so the panel's content is
  // made again only when the panel itself changes, not on every render of what sits beside it
  // (a message flood re-renders the list ten times a second).
  const latest = useRef({ cramped: fit.cramped, collapsed: stored.collapsed, pref: names.collapsed, savePreference });
  latest.current = { cramped: fit.cramped, collapsed: stored.collapsed, pref: names.collapsed, savePreference };
  const toggle = useCallback(() => {
    const now = latest.current;
    if (now.cramped) setOverlayOpen((o) => !o);
    else void now.savePreference(now.pref, now.collapsed ? null : true);
  }, []);
  useHotkeys(
    hotkeys.map((k) => [k, toggle]),
    [],
  );
  // Leaving the narrow window closes the overlay: the stored choice applies again.
  useEffect(() => {
    if (!fit.cramped) setOverlayOpen(false);
  }, [fit.cramped]);

  const saving = useRef(0);
  const resize = (width: number, persist: boolean) => {
    setDraft(width);
    if (!persist) return;
    const n = ++saving.current;
    void savePreference(names.width, width).then(() => {
      // Only the last save ends the draft: the stored value is the shown one from then on.
      if (n === saving.current) setDraft(null);
    });
  };

  const collapse = useMemo(
    () => (
      <Tooltip label={t('panel.hideTip', { label, keys: hotkeyLabel })}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={t('panel.hide', { label })}
          aria-expanded
          aria-controls={panelId}
          onClick={toggle}
        >
          «
        </ActionIcon>
      </Tooltip>
    ),
    [t, label, hotkeyLabel, panelId, toggle],
  );
  const content = useMemo(() => panel(collapse), [panel, collapse]);

  return (
    <Box
      ref={ref}
      data-testid={testId}
      data-panel-open={open}
      data-panel-cramped={fit.cramped}
      data-stored-width={stored.width}
      style={{ display: 'flex', height: '100%', position: 'relative', minWidth: 0 }}
    >
      {!open || fit.cramped ? (
        <Box
          w={STRIP}
          py="xs"
          style={{ flex: 'none', display: 'flex', justifyContent: 'center', borderRight: '1px solid var(--mantine-color-default-border)' }}
        >
          <Tooltip label={t('panel.showTip', { label, keys: hotkeyLabel })} position="right">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('panel.show', { label })}
              aria-expanded={open}
              aria-controls={panelId}
              onClick={toggle}
              data-testid={`${testId}-show`}
            >
              »
            </ActionIcon>
          </Tooltip>
        </Box>
      ) : null}
      {open && (
        <Box
          id={panelId}
          onKeyDown={(e) => {
            if (fit.cramped && e.key === 'Escape') setOverlayOpen(false);
          }}
          style={{
            width: fit.width,
            flex: 'none',
            height: '100%',
            display: 'flex',
            ...(fit.cramped
              ? {
                  position: 'absolute',
                  left: 0,
                  top: 0,
                  bottom: 0,
                  zIndex: 5,
                  background: 'var(--mantine-color-body)',
                  boxShadow: 'var(--mantine-shadow-lg)',
                }
              : {}),
          }}
        >
          <Box style={{ flex: 1, minWidth: 0, height: '100%' }}>{content}</Box>
          <PanelHandle spec={spec} label={label} width={fit.width} controls={panelId} onResize={resize} onToggle={toggle} />
        </Box>
      )}
      <Box style={{ flex: 1, minWidth: 0, height: '100%' }}>{children}</Box>
    </Box>
  );
}
