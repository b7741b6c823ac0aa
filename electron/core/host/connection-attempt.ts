/** One attempt of a profile's connection: runs the probe, and leaves the entry open, failed or closed. */
import type { ConnectReport, Finding } from '../../../shared/connect/report';
import type { CloseReason, OneOffSecrets } from '../../../shared/ipc/contract';
import type { KeyLogFile } from '../connect/key-log';
import type { ConnectInput, ConnectOptions, ConnectOutcome } from '../connect/probe';
import { toProbeInput } from '../profiles/probe-input';
import type { ResolvedProfile } from '../profiles/resolved-profile';
import type { ConnectionHub, Entry } from './connection-entry';
import { watchSession } from './session-watcher';

export type Probe = (input: ConnectInput, options: ConnectOptions) => Promise<ConnectOutcome>;

export interface AttemptDeps {
  probe: Probe;
  /** Told of every attempt's report (to keep it with the profile). */
  onReport?: (profileId: string, report: ConnectReport) => void;
  /** Called once a session is open, to restore the entry's subscriptions. */
  onOpen: (e: Entry) => void;
  /** The TLS key log file of an attempt of this profile (closed when the attempt ends), or a note why none was written. */
  keyLogFor?: (resolved: ResolvedProfile) => { sink: KeyLogFile | null; finding: Finding | null };
}

/** Runs the probe for `e` with the profile and the secrets given for this attempt; resolves once the entry's state is set. */
export async function runAttempt(
  hub: ConnectionHub,
  deps: AttemptDeps,
  e: Entry,
  resolved: ResolvedProfile,
  oneOff: OneOffSecrets | undefined,
): Promise<void> {
  const abort = new AbortController();
  e.abort = abort;
  const startedAt = hub.now().toISOString();
  let running = true;
  let outcome: ConnectOutcome;
  const keyLog = deps.keyLogFor?.(resolved) ?? { sink: null, finding: null };
  try {
    const pending = deps.probe(toProbeInput(resolved, oneOff), {
      signal: abort.signal,
      keepOpen: true,
      now: hub.now,
      ...(keyLog.sink ? { keyLog: keyLog.sink } : {}),
      ...(keyLog.finding ? { findings: [keyLog.finding] } : {}),
      onPhase: (event) => {
        if (!running) return;
        hub.emit('connection:phase', { profileId: e.profileId, event });
        if (event.state === 'started') hub.setState(e, { status: 'connecting', attemptId: event.attemptId, phase: event.phase, startedAt });
      },
    });
    // The probe reports its first phase synchronously; this covers one that does not.
    if (e.state.status !== 'connecting') hub.setState(e, { status: 'connecting', attemptId: '', phase: 'preflight', startedAt });
    outcome = await pending;
  } finally {
    running = false;
    e.abort = null;
    // The secrets of an attempt come during its handshake; the file is closed with the attempt.
    keyLog.sink?.close();
  }
  deps.onReport?.(e.profileId, outcome.report);
  const closing = e.closing;
  e.closing = null;
  const closed = (reason: CloseReason) =>
    hub.setState(e, { status: 'closed', reason, at: hub.now().toISOString(), report: outcome.report });
  if (outcome.session && closing) {
    // Cancelled or forgotten in the instant the broker accepted: do not keep the session.
    await outcome.session.close().catch(() => undefined);
    closed(closing);
  } else if (outcome.session) {
    e.session = outcome.session;
    e.subscriptions = [];
    hub.setState(e, { status: 'open', report: outcome.report, since: hub.now().toISOString() });
    watchSession(hub, e, outcome.session);
    deps.onOpen(e);
  } else if (closing) {
    closed(closing);
  } else {
    hub.setState(e, { status: 'failed', report: outcome.report });
  }
}
