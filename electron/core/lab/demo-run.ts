// Connecting every demo identity to a running lab through the probe: the headless form of the
// main job, and the lab's self-check. Each row pairs the probe's report with the lab's events of
// the same attempt.
import type { ConnectReport } from '../../../shared/connect/report';
import type { LabEvent } from '../../../shared/lab/lab-event';
import { connect } from '../connect/probe';
import { toProbeInput } from '../profiles/probe-input';
import type { DemoProfile } from './demo-profiles';
import type { Lab } from './lab';

export interface DemoRow {
  profile: DemoProfile;
  report: ConnectReport;
  /** The lab's side of the attempt. */
  events: LabEvent[];
  /** Verdict and cause are what the identity should get. */
  passed: boolean;
}

export interface DemoRunOptions {
  tls?: 'TLSv1.2' | 'TLSv1.3';
  host?: string;
  signal?: AbortSignal;
  onRow?: (row: DemoRow) => void;
}

/** Whether a report meets a demo profile's expectation. */
export const meetsExpectation = (profile: DemoProfile, report: ConnectReport): boolean =>
  report.cause === profile.expect.cause &&
  (report.verdict === profile.expect.verdict || (profile.expect.verdict === 'accepted' && report.verdict === 'accepted-with-warnings'));

/** Connects each demo identity in turn (one at a time, so the log reads in order). */
export async function runDemo(lab: Lab, options: DemoRunOptions = {}): Promise<DemoRow[]> {
  const profiles = await lab.demoProfiles({
    ...(options.host ? { host: options.host } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const rows: DemoRow[] = [];
  for (const profile of profiles) {
    const { report } = await connect(toProbeInput(profile), options.signal ? { signal: options.signal } : {});
    // The lab logs the close a moment after the probe has its verdict.
    await new Promise((r) => setTimeout(r, 20));
    const row = { profile, report, events: lab.eventsOf(report), passed: meetsExpectation(profile, report) };
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}
