import { Box, Tooltip } from '@mantine/core';
import type { ConnectionState } from '../../shared/ipc/contract';

interface DotLook {
  color: string;
  label: string;
  pulse: boolean;
}

/** Colour and words for a connection state; exhaustive over the union. */
export function dotLook(state: ConnectionState): DotLook {
  switch (state.status) {
    case 'idle':
      return { color: 'gray', label: 'not connected', pulse: false };
    case 'connecting':
      return { color: 'blue', label: `connecting (${state.phase})`, pulse: true };
    case 'open':
      return state.report.verdict === 'accepted-with-warnings'
        ? { color: 'yellow', label: 'connected, with warnings', pulse: false }
        : { color: 'green', label: 'connected', pulse: false };
    case 'failed':
      return state.report.verdict === 'rejected'
        ? { color: 'red', label: `rejected: ${state.report.cause}`, pulse: false }
        : { color: 'orange', label: `failed: ${state.report.cause}`, pulse: false };
    case 'closed':
      return state.reason.kind === 'user' || state.reason.kind === 'shutdown'
        ? { color: 'gray', label: 'disconnected', pulse: false }
        : { color: 'orange', label: 'connection lost', pulse: false };
    default: {
      const never: never = state;
      return never;
    }
  }
}

/** A small round status light with its meaning as tooltip and accessible name. */
export function StatusDot({ state, size = 10 }: { state: ConnectionState; size?: number }) {
  const look = dotLook(state);
  return (
    <Tooltip label={look.label} withinPortal>
      <Box
        role="img"
        aria-label={look.label}
        data-testid="status-dot"
        data-status={state.status}
        className={look.pulse ? 'keyhole-pulse' : undefined}
        style={{
          width: size,
          height: size,
          borderRadius: '50%',
          flexShrink: 0,
          background: `var(--mantine-color-${look.color}-filled)`,
        }}
      />
    </Tooltip>
  );
}
