// The matrix channels as a host serves them: the app core's dispatcher (what the web host and
// Electron main both call) against the lab broker it starts itself. A matrix on the lab's port
// gets every lab identity with the outcome the lab gives it, one expectation set wrong on purpose;
// the run's progress and end arrive as contract events; each row's full report is one call away;
// the JUnit export reads back the way CI tools read it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, EventEnvelope, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { MatrixProgressEvent } from '../../../shared/matrix/matrix-view';
import type { MatrixRunRecord } from '../../../shared/matrix/matrix-run';
import { DEMO_IDENTITIES } from '../../../electron/core/lab/demo-identities';
import { openAppCore, type AppCore } from '../../../electron/core/host/app-core';

let dir = '';
let core: AppCore;
const progress: MatrixProgressEvent[] = [];
const finished: MatrixRunRecord[] = [];

/** One call through the contract's dispatcher; a refusal fails the test with its message. */
async function call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.api.dispatch(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as ResponseOf<C>;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-matrix-host-'));
  core = await openAppCore({
    dataDir: join(dir, 'data'),
    host: 'web',
    version: 'test',
    labPort: 0,
    allowPathImport: false,
    send: (e: EventEnvelope) => {
      if (e.event === 'matrix:progress') progress.push(e.payload);
      if (e.event === 'matrix:finished') finished.push(e.payload);
    },
    logError: () => undefined,
  });
  const status = await call('lab:start', { profiles: false });
  expect(status.state).toBe('running');
}, 120_000);

afterAll(async () => {
  await core?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('matrix channels through the app core, against the lab', () => {
  it('builds a matrix of the lab identities, runs it with live progress, serves reports and JUnit', async () => {
    const port = (await call('lab:status', {})).port;
    expect(port).toBeGreaterThan(0);
    const made = await call('matrix:create', { name: 'Lab matrix', target: { kind: 'lab', port: port! } });
    expect(made.rows).toEqual([]);
    const withRows = await call('matrix:addRows', { id: made.id, source: { kind: 'lab' } });
    expect(withRows.rows.map((r) => r.name).sort()).toEqual(DEMO_IDENTITIES.map((d) => d.name).sort());
    // One expectation wrong on purpose: the revoked device is said to get in.
    const revoked = withRows.rows.find((r) => r.name === 'revoked-device')!;
    expect(revoked.expect).not.toBe('accepted');
    await call('matrix:updateRows', { id: made.id, rowIds: [revoked.id], patch: { expect: 'accepted' } });
    const listed = await call('matrix:list', {});
    expect(listed).toEqual([expect.objectContaining({ id: made.id, name: 'Lab matrix', rowCount: DEMO_IDENTITIES.length })]);

    const run = await call('matrix:run', { id: made.id, options: { concurrency: 4 } });
    expect(run.state).toBe('running');
    for (let i = 0; i < 600 && !finished.some((f) => f.id === run.id); i++) await new Promise((r) => setTimeout(r, 100));
    const end = finished.find((f) => f.id === run.id);
    expect(end?.state).toBe('finished');
    const total = DEMO_IDENTITIES.length;
    expect(end?.summary).toMatchObject({ total, passed: total - 1, failed: 1, cancelled: 0, notRun: 0 });

    // Progress came in batches that together hold every row exactly once, counts rising to the total.
    const mine = progress.filter((p) => p.runId === run.id);
    expect(mine.length).toBeGreaterThan(0);
    const seen = mine.flatMap((p) => p.rows.map((r) => r.id));
    expect(seen.sort()).toEqual(withRows.rows.map((r) => r.name).sort());
    expect(mine.at(-1)!.progress).toMatchObject({ done: total, total, passed: total - 1, failed: 1 });
    expect(mine.map((p) => p.progress.done)).toEqual([...mine.map((p) => p.progress.done)].sort((a, b) => a - b));

    const { rows } = await call('matrix:results', { runId: run.id });
    expect(rows).toHaveLength(total);
    for (const row of rows) {
      const spec = DEMO_IDENTITIES.find((d) => d.name === row.name)!;
      if (row.name === 'revoked-device') {
        expect(row.status).toBe('fail');
        expect(row.verdict).toBe('rejected');
        expect(row.why).toMatch(/^expected accepted, got rejected/);
      } else {
        expect({ name: row.name, status: row.status }).toEqual({ name: spec.name, status: 'pass' });
      }
    }
    const device = rows.find((r) => r.name === 'device-001')!;
    expect(device).toMatchObject({ verdict: 'accepted', status: 'pass' });
    const failedRow = rows.find((r) => r.name === 'revoked-device')!;
    const report = await call('matrix:report', { runId: run.id, reportId: failedRow.reportId });
    expect(report.verdict).toBe('rejected');
    expect(report.cause).toBe(failedRow.cause);
    expect(report.id).toBe(failedRow.reportId);
    expect(report.timeline.length).toBeGreaterThan(0);

    const runs = await call('matrix:runs', { matrixId: made.id });
    expect(runs.map((r) => r.id)).toEqual([run.id]);

    const junit = await call('matrix:exportResults', { runId: run.id, format: 'junit' });
    expect(junit.mime).toMatch(/xml/);
    expect(junit.fileName).toMatch(/\.xml$/);
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' });
    const doc = parser.parse(junit.text) as {
      testsuites: {
        '@_tests': string;
        '@_failures': string;
        testsuite: { '@_tests': string; '@_failures': string; testcase: { '@_name': string; failure?: { '@_message': string } }[] }[];
      };
    };
    expect(doc.testsuites['@_tests']).toBe(String(total));
    expect(doc.testsuites['@_failures']).toBe('1');
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(total);
    const failing = cases.filter((c) => c.failure);
    expect(failing).toHaveLength(1);
    expect(failing[0]!['@_name']).toContain('revoked-device');
    // The export names no secret.
    expect(junit.text).not.toMatch(/PRIVATE KEY|password=/i);
  }, 120_000);

  it('cancels a run: no new row starts, the run ends cancelled with the rest not run, and the rows kept agree', async () => {
    const port = (await call('lab:status', {})).port!;
    const m = await call('matrix:create', { name: 'Cancelled', target: { kind: 'lab', port } });
    await call('matrix:addRows', { id: m.id, source: { kind: 'lab' } });
    // One attempt every half second: the cancel lands long before the thirteenth row could start.
    const run = await call('matrix:run', { id: m.id, options: { concurrency: 1, rate: 2 } });
    for (let i = 0; i < 200 && !progress.some((p) => p.runId === run.id); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await call('matrix:cancel', { runId: run.id })).toEqual({ runId: run.id });
    for (let i = 0; i < 600 && !finished.some((f) => f.id === run.id); i++) await new Promise((r) => setTimeout(r, 50));
    const end = finished.find((f) => f.id === run.id)!;
    expect(end.state).toBe('cancelled');
    const s = end.summary;
    expect(s.notRun).toBeGreaterThan(0);
    expect(s.passed + s.failed + s.cancelled + s.notRun).toBe(DEMO_IDENTITIES.length);
    const { rows } = await call('matrix:results', { runId: run.id });
    expect(rows).toHaveLength(s.passed + s.failed + s.cancelled);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  }, 120_000);

  it('refuses a run of a matrix that is not there and a report of a run that is not there', async () => {
    const missing = await core.api.dispatch('matrix:run', { id: 'no-such-matrix' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('not-found');
    const report = await core.api.dispatch('matrix:report', { runId: 'no-such-run', reportId: 'x' });
    expect(report.ok).toBe(false);
  });
});
