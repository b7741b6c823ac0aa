import { Box, Tooltip } from '@mantine/core';
import type { ConnectionState } from '../../shared/ipc/contract';
import { useT } from '../i18n/use-t';
import type { TFunction } from 'i18next';

interface DotLook {
  color: string;
  /** The words for it, in the interface language. */
  label: (t: TFunction<'ui'>) => string;
  pulse: boolean;
}

/** Colour and words for a connection state; exhaustive over the union. */
export function dotLook(state: ConnectionState): DotLook {
  switch (state.status) {
    case 'idle':
      return { color: 'gray', label: (t) => t('status.idle'), pulse: false };
    case 'connecting':
      return { color: 'blue', label: (t) => t('status.connecting', { phase: state.phase }), pulse: true };
    case 'open':
      return state.report.verdict === 'accepted-with-warnings'
        ? { color: 'yellow', label: (t) => t('status.openWarnings'), pulse: false }
        : { color: 'green', label: (t) => t('status.open'), pulse: false };
    case 'failed':
      return state.report.verdict === 'rejected'
        ? { color: 'red', label: (t) => t('status.rejected', { cause: state.report.cause }), pulse: false }
        : { color: 'orange', label: (t) => t('status.failed', { cause: state.report.cause }), pulse: false };
    case 'closed':
      return state.reason.kind === 'user' || state.reason.kind === 'shutdown'
        ? { color: 'gray', label: (t) => t('status.disconnected'), pulse: false }
        : { color: 'orange', label: (t) => t('status.lost'), pulse: false };
    default: {
      const never: never = state;
      return never;
    }
  }
}

/** A small round status light with its meaning as tooltip and accessible name. */
export function StatusDot({ state, size = 10 }: { state: ConnectionState; size?: number }) {
  const { t } = useT('ui');
  const look = dotLook(state);
  const label = look.label(t);
  return (
    <Tooltip label={label} withinPortal>
      <Box
        role="img"
        aria-label={label}
        data-testid="status-dot"
        data-status={state.status}
        className={look.pulse ? 'keyhole-pulse' : undefined}
        style={{
          width: size,
          height: size,
          borderRadius: '50%',
          flexShrink: 0,
          background: `var(--keyhole-status-${look.color})`,
        }}
      />
    </Tooltip>
  );
}
