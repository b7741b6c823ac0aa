import { Box } from '@mantine/core';
import { useRef, useState } from 'react';
import { useT } from '../i18n/use-t';
import { clampWidth, widthForKey, type SidePanelSpec } from './side-panel-state';

export interface PanelHandleProps {
  spec: SidePanelSpec;
  label: string;
  width: number;
  /** The id of the panel it resizes. */
  controls: string;
  /** A new width; `persist` once the drag ends or the keys rest. */
  onResize: (width: number, persist: boolean) => void;
  onToggle: () => void;
}

/**
 * The panel's right edge as a window splitter (WAI-ARIA APG "Window Splitter"): drag it, or focus
 * it and use ←/→ (Shift for larger steps), Home/End, Enter to hide the panel; a double click
 * restores the default width.
 */
export function PanelHandle({ spec, label, width, controls, onResize, onToggle }: PanelHandleProps) {
  const { t } = useT('ui');
  const drag = useRef<{ x: number; width: number; last: number } | null>(null);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [active, setActive] = useState(false);

  return (
    <Box
      role="separator"
      tabIndex={0}
      aria-orientation="vertical"
      aria-label={t('panel.resize', { label })}
      aria-controls={controls}
      aria-valuenow={width}
      aria-valuemin={spec.minWidth}
      aria-valuemax={spec.maxWidth}
      data-testid={`resize-${spec.id}`}
      data-active={active || undefined}
      className="keyhole-panel-handle"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width, last: width };
        setActive(true);
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        d.last = clampWidth(spec, d.width + e.clientX - d.x);
        onResize(d.last, false);
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        if (!d) return;
        drag.current = null;
        setActive(false);
        e.currentTarget.releasePointerCapture(e.pointerId);
        if (d.last !== d.width) onResize(d.last, true);
      }}
      onDoubleClick={() => onResize(spec.defaultWidth, true)}
      onBlur={() => {
        // Leaving the handle saves a width still waiting for the keys to rest.
        if (!keyTimer.current) return;
        clearTimeout(keyTimer.current);
        keyTimer.current = null;
        onResize(width, true);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          return onToggle();
        }
        const next = widthForKey(spec, width, e.key, e.shiftKey);
        if (next === null) return;
        e.preventDefault();
        onResize(next, false);
        // Saved once the keys rest, not on every step.
        if (keyTimer.current) clearTimeout(keyTimer.current);
        keyTimer.current = setTimeout(() => {
          keyTimer.current = null;
          onResize(next, true);
        }, 400);
      }}
    />
  );
}
