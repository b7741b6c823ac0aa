// Putting the probe's report of an attempt beside the lab's events of the same attempt. The key
// is the client's source address and port: the report's target address (on loopback the client
// connects from the address it dials) and the tcp phase's `localPort`; the lab records the same
// pair as the remote end of the connection it accepted. Ports are reused over time, so of the
// attempts with that key the one accepted during the report's attempt is taken.
import type { ConnectReport } from '../../../shared/connect/report';
import type { LabEvent } from '../../../shared/lab/lab-event';

/** Slack between the probe's clock readings and the lab's, both on this machine. */
const SLACK_MS = 1000;

/** The client's source address and port of a report, or null when it never got a TCP connection. */
export function attemptKeyOf(report: ConnectReport): { address: string; port: number } | null {
  const tcp = report.timeline.find((t) => t.phase === 'tcp' && t.ok);
  const port = tcp?.data?.localPort;
  const address = report.target.address;
  if (typeof port !== 'number' || address === null) return null;
  return { address: address.replace(/^::ffff:/, ''), port };
}

/** The lab's events of the attempt a report describes, oldest first; empty when the lab did not see it. */
export function labEventsOf(report: ConnectReport, events: readonly LabEvent[]): LabEvent[] {
  const key = attemptKeyOf(report);
  if (key === null) return [];
  const from = Date.parse(report.startedAt) - SLACK_MS;
  const to = Date.parse(report.startedAt) + report.durationMs + SLACK_MS;
  const candidates = events.filter(
    (e) =>
      e.kind === 'connection' &&
      e.attempt !== null &&
      e.attempt.address === key.address &&
      e.attempt.port === key.port &&
      Date.parse(e.at) >= from &&
      Date.parse(e.at) <= to,
  );
  const chosen = candidates.at(-1)?.attempt?.id;
  return chosen === undefined ? [] : events.filter((e) => e.attempt?.id === chosen);
}
