import { describe, expect, it } from 'vitest';
import { compareReports, inTimeOrder } from '../../../../../renderer/features/connection/report-compare';
import { report } from '../../../../support/renderer/fixtures';

describe('compareReports', () => {
  const rejected = report('client-cert-unknown-ca', { startedAt: '2025-06-01T10:00:00.000Z', durationMs: 50 });
  const accepted = report('ok', { startedAt: '2025-06-01T11:00:00.000Z', durationMs: 80 });
  const row = (rows: ReturnType<typeof compareReports>, label: string) => rows.find((r) => r.label === label);

  it('puts the earlier attempt first, whichever order they were picked in', () => {
    expect(inTimeOrder(accepted, rejected)).toEqual([rejected, accepted]);
    expect(compareReports(accepted, rejected)).toEqual(compareReports(rejected, accepted));
  });

  it('marks verdict, cause, phase and what the broker answered where they differ', () => {
    const rows = compareReports(rejected, accepted);
    expect(row(rows, 'Verdict')).toMatchObject({ earlier: 'Rejected', later: 'Accepted', same: false });
    expect(row(rows, 'Cause')?.earlier).toContain('(client-cert-unknown-ca)');
    expect(row(rows, 'Phase reached')).toMatchObject({ earlier: 'Client cert', later: 'Done', same: false });
    expect(row(rows, 'TLS alert')).toMatchObject({ earlier: '48 unknown_ca (received)', later: '–', same: false });
    expect(row(rows, 'CONNACK')).toMatchObject({ earlier: '–', later: '0 Success', same: false });
    expect(row(rows, 'Target')?.same).toBe(true);
    // Start time and duration always differ: they are shown, not flagged.
    expect(row(rows, 'Duration')).toMatchObject({ earlier: '50 ms', later: '80 ms', same: true });
  });

  it('compares the timeline by outcome per phase, not by milliseconds', () => {
    const a = report('ok', { timeline: [{ phase: 'tcp', startMs: 0, endMs: 2, ok: true, detail: 'connected' }] });
    const b = report('ok', { timeline: [{ phase: 'tcp', startMs: 0, endMs: 9, ok: true, detail: 'connected' }] });
    const c = report('tcp-refused', { timeline: [{ phase: 'tcp', startMs: 0, endMs: 1, ok: false, detail: 'ECONNREFUSED' }] });
    expect(row(compareReports(a, b), 'TCP')).toMatchObject({ earlier: 'passed in 2.0 ms', later: 'passed in 9.0 ms', same: true });
    expect(row(compareReports(a, c), 'TCP')).toMatchObject({ later: 'failed in 1.0 ms: ECONNREFUSED', same: false });
    // A phase neither attempt reached is left out; one only one reached says so.
    expect(row(compareReports(a, b), 'TLS')).toBeUndefined();
    const d = report('ok', {
      timeline: [
        { phase: 'tcp', startMs: 0, endMs: 2, ok: true, detail: '' },
        { phase: 'tls', startMs: 2, endMs: 5, ok: true, detail: '' },
      ],
    });
    expect(row(compareReports(a, d), 'TLS')).toMatchObject({ earlier: 'not reached', later: 'passed in 3.0 ms', same: false });
  });
});
