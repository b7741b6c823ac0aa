/**
 * Automatic reconnect with back-off: after a session the user did not end is lost, the next
 * attempt is scheduled by the profile's policy, and so on until one opens, the attempts run out,
 * or the user cancels. Each attempt is a full attempt of its own, with its own report.
 */
import { reconnectDelay, type ReconnectPolicy } from '../../../shared/connect/settings';
import type { ConnectionState } from '../../../shared/ipc/contract';
import type { Entry } from './connection-entry';

export interface Reconnector {
  /** The state to keep and emit: marks a reconnect attempt, or schedules the next one where the policy says so. */
  decorate(e: Entry, state: ConnectionState): ConnectionState;
  /** Ends the series and drops a scheduled attempt, if any (without announcing it). */
  cancel(e: Entry): void;
  /** The same, announcing the state without its `retry`; false when none was scheduled. */
  drop(e: Entry): boolean;
}

/** A state without its scheduled retry. */
export function withoutRetry(state: ConnectionState): ConnectionState {
  if (state.status !== 'closed' && state.status !== 'failed') return state;
  const { retry: _retry, ...rest } = state;
  return rest;
}

/** Whether `state` ends a session or an attempt in a way that a reconnect may follow. */
function mayReconnect(e: Entry, state: ConnectionState): boolean {
  if (state.status === 'closed') {
    // A session the broker or the network ended; a close the user asked for never reconnects.
    return state.reason.kind !== 'user' && state.reason.kind !== 'shutdown';
  }
  // A failed first attempt is the answer the user asked for; only failed reconnects go on.
  return state.status === 'failed' && e.series > 0;
}

/** A reconnector that reads each profile's policy when a loss happens (`policyOf`) and starts attempts with `fire`. */
export function createReconnector(deps: {
  policyOf: (profileId: string) => ReconnectPolicy | undefined;
  /** Starts an attempt with the entry's secrets; an error means none started (profile gone, secrets locked). */
  start: (e: Entry) => Promise<{ ok: boolean }>;
  /** Tells the renderers of the entry's state. */
  announce: (e: Entry) => void;
  now: () => Date;
}): Reconnector {
  const fire = (e: Entry, attempt: number) =>
    void deps.start(e).then((r) => {
      // The attempt could not start: the series ends here, and the state says so.
      if (!r.ok && e.series === attempt) {
        e.series = 0;
        e.state = withoutRetry(e.state);
        deps.announce(e);
      }
    });
  const reconnector: Reconnector = {
    decorate(e, state) {
      if (state.status === 'open' || state.status === 'idle') {
        e.series = 0;
        return state;
      }
      if (state.status === 'connecting') return e.series > 0 ? { ...state, reconnectAttempt: e.series } : state;
      if (!mayReconnect(e, state)) {
        e.series = 0;
        return state;
      }
      const policy = deps.policyOf(e.profileId);
      const attempt = e.series + 1;
      if (!policy?.enabled || (policy.maxAttempts !== null && attempt > policy.maxAttempts)) {
        e.series = 0;
        return state;
      }
      const delayMs = reconnectDelay(policy, attempt);
      if (e.retry) clearTimeout(e.retry.timer);
      const timer = setTimeout(() => {
        if (e.retry?.timer !== timer) return;
        e.retry = null;
        e.series = attempt;
        fire(e, attempt);
      }, delayMs);
      e.retry = { timer, attempt };
      return { ...state, retry: { attempt, delayMs, at: new Date(deps.now().getTime() + delayMs).toISOString() } };
    },
    cancel(e) {
      e.series = 0;
      if (e.retry) clearTimeout(e.retry.timer);
      e.retry = null;
    },
    drop(e) {
      const scheduled = e.retry !== null;
      reconnector.cancel(e);
      if (scheduled) {
        e.state = withoutRetry(e.state);
        deps.announce(e);
      }
      return scheduled;
    },
  };
  return reconnector;
}
