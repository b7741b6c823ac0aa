// The matrix slice against a fake host checked by the contract: a matrix made and filled, bulk
// expectations sent for exactly the rows chosen; a run whose first rows overtake its answer keeps
// them, merges batches in matrix order, ignores another matrix's run, ends on `matrix:finished`
// and re-reads the rows file; re-run of failures names the run; exports reach the download.
import { describe, expect, it } from 'vitest';
import type { MatrixRowResult, MatrixRunRecord } from '../../../../shared/matrix/matrix-run';
import type { MatrixView } from '../../../../shared/matrix/matrix-view';
import { createAppStore } from '../../../../renderer/store/app-store';
import { startEventBridge } from '../../../../renderer/store/event-bridge';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';

const AT = '2026-01-01T00:00:00.000Z';
const target = { kind: 'lab' as const, port: 8883, label: 'the lab on mqtts://localhost:8883' };
const labRow = (name: string, expect: MatrixView['rows'][number]['expect'] = 'accepted') => ({
  id: `r-${name}`,
  name,
  commonName: name,
  expect,
  source: { kind: 'lab' as const, identity: name },
});
const view = (rows: MatrixView['rows'] = []): MatrixView => ({ id: 'm1', name: 'Lab devices', createdAt: AT, updatedAt: AT, target, rows });
const record = (id: string, state: MatrixRunRecord['state'] = 'running', extra: Partial<MatrixRunRecord> = {}): MatrixRunRecord => ({
  id,
  matrixId: 'm1',
  matrixName: 'Lab devices',
  startedAt: AT,
  finishedAt: state === 'running' ? null : AT,
  state,
  file: `matrix-runs/${id}.jsonl`,
  summary: { total: 3, passed: 2, failed: 1, cancelled: 0, notRun: 0, retried: 0, elapsedMs: 40, rate: 75 },
  ...extra,
});
const result = (index: number, name: string, status: MatrixRowResult['status']): MatrixRowResult => ({
  index,
  id: name,
  name,
  commonName: name,
  expect: 'accepted',
  verdict: status === 'pass' ? 'accepted' : 'rejected',
  phase: status === 'pass' ? 'done' : 'connack',
  cause: status === 'pass' ? 'ok' : 'connack-not-authorized',
  status,
  why: status === 'pass' ? 'expected accepted: got accepted (ok at done)' : 'expected accepted, got rejected',
  explanation: '',
  durationMs: 10,
  attempts: 1,
  retriedCauses: [],
  accessChecked: false,
  finishedAt: AT,
  reportId: `rep-${name}`,
});
const progress = (runId: string, rows: MatrixRowResult[], done: number, matrixId = 'm1') => ({
  runId,
  matrixId,
  rows,
  progress: { done, total: 3, passed: 0, failed: 0, cancelled: 0, elapsedMs: 1, rate: 1 },
});

describe('matrix slice', () => {
  it('makes a matrix, adds rows and sets an expectation on the rows chosen only', async () => {
    const rows = [labRow('device-001'), labRow('rogue-device', 'connack-not-authorized')];
    const host = fakeHost({
      'matrix:create': () => okValue(view()),
      'matrix:addRows': () => okValue(view(rows)),
      'matrix:updateRows': (r) => okValue(view(rows.map((x) => (r.rowIds.includes(x.id) ? { ...x, expect: r.patch.expect! } : x)))),
    });
    const store = createAppStore(host.api);
    expect((await store.getState().createMatrix({ name: 'Lab devices', target: { kind: 'lab', port: 8883 } })).ok).toBe(true);
    expect(store.getState().matrices).toEqual([expect.objectContaining({ id: 'm1', rowCount: 0 })]);
    await store.getState().addMatrixRows({ kind: 'lab' });
    expect(store.getState().matrices[0]!.rowCount).toBe(2);
    await store.getState().setRowsExpectation(['r-rogue-device'], 'accepted');
    expect(host.calls.at(-1)).toEqual({
      channel: 'matrix:updateRows',
      request: { id: 'm1', rowIds: ['r-rogue-device'], patch: { expect: 'accepted' } },
    });
    expect(store.getState().openMatrix!.rows.map((r) => r.expect)).toEqual(['accepted', 'accepted']);
  });

  it('says so when asked to change rows with no matrix open, and sends nothing', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const r = await store.getState().addMatrixRows({ kind: 'lab' });
    expect(r).toEqual({ ok: false, error: { code: 'not-found', message: 'No matrix is open.' } });
    expect(host.calls).toEqual([]);
  });

  it('follows a run live: early rows kept, batches merged in order, other runs ignored, the end re-read', async () => {
    const all = [result(0, 'device-001', 'pass'), result(1, 'rogue-device', 'fail'), result(2, 'foreign-ca-device', 'pass')];
    const host = fakeHost({
      'matrix:get': () => okValue(view([labRow('device-001'), labRow('rogue-device'), labRow('foreign-ca-device')])),
      'matrix:runs': () => okValue([]),
      'matrix:run': () => {
        // The first batch overtakes the run's answer.
        host.emit('matrix:progress', progress('run-1', [all[2]!], 1));
        return okValue(record('run-1'));
      },
      'matrix:results': () => okValue({ run: record('run-1', 'finished'), rows: all }),
    });
    const store = createAppStore(host.api);
    startEventBridge(host.api, store);
    await store.getState().selectMatrix('m1');
    await store.getState().runMatrix();
    expect(store.getState().matrixRun).toMatchObject({ done: 1, total: 3, rows: [{ name: 'foreign-ca-device' }] });
    host.emit('matrix:progress', progress('run-1', [all[0]!], 2));
    // Another matrix's run and a CLI run change nothing here.
    host.emit('matrix:progress', progress('run-x', [result(0, 'other', 'fail')], 1, 'm2'));
    host.emit('matrix:progress', { ...progress('run-y', [result(0, 'cli', 'fail')], 1), matrixId: null });
    expect(store.getState().matrixRun!.rows.map((r) => r.name)).toEqual(['device-001', 'foreign-ca-device']);
    host.emit('matrix:progress', progress('run-1', [all[1]!], 3));
    host.emit('matrix:finished', record('run-1', 'finished'));
    await expect.poll(() => host.calls.filter((c) => c.channel === 'matrix:results').length).toBe(1);
    expect(store.getState().matrixRun).toMatchObject({ done: 3, total: 3, run: { state: 'finished' } });
    expect(store.getState().matrixRun!.rows.map((r) => `${r.name}:${r.status}`)).toEqual([
      'device-001:pass',
      'rogue-device:fail',
      'foreign-ca-device:pass',
    ]);
  });

  it('ends a run whose finish overtook its answer', async () => {
    const host = fakeHost({
      'matrix:get': () => okValue(view([labRow('device-001')])),
      'matrix:runs': () => okValue([]),
      'matrix:run': () => {
        host.emit('matrix:finished', record('run-2', 'finished'));
        return okValue(record('run-2'));
      },
      'matrix:results': () => okValue({ run: record('run-2', 'finished'), rows: [result(0, 'device-001', 'pass')] }),
    });
    const store = createAppStore(host.api);
    startEventBridge(host.api, store);
    await store.getState().selectMatrix('m1');
    await store.getState().runMatrix();
    expect(store.getState().matrixRun!.run.state).toBe('finished');
    await expect.poll(() => store.getState().matrixRun!.rows.length).toBe(1);
  });

  it('re-runs the failures of the run shown, and exports it as a download', async () => {
    const downloads: [string, string, string][] = [];
    const host = fakeHost({
      'matrix:get': () => okValue(view([labRow('device-001')])),
      'matrix:runs': () => okValue([record('run-1', 'finished')]),
      'matrix:results': () => okValue({ run: record('run-1', 'finished'), rows: [result(0, 'device-001', 'fail')] }),
      'matrix:run': () => okValue(record('run-3', 'running', { rerunOf: 'run-1' })),
      'matrix:exportResults': (r) => okValue({ fileName: `lab.${r.format}.xml`, text: '<testsuites/>', mime: 'application/xml' }),
    });
    const store = createAppStore(host.api, { download: (...a) => downloads.push(a) });
    expect(await store.getState().exportMatrixResults('junit')).toMatchObject({ ok: false });
    await store.getState().selectMatrix('m1');
    expect(store.getState().matrixRun).toMatchObject({ run: { id: 'run-1' }, done: 1 });
    expect(await store.getState().exportMatrixResults('junit')).toEqual({ ok: true, value: { fileName: 'lab.junit.xml' } });
    expect(downloads).toEqual([['lab.junit.xml', '<testsuites/>', 'application/xml']]);
    await store.getState().runMatrix(true);
    expect(host.calls.find((c) => c.channel === 'matrix:run')!.request).toEqual({ id: 'm1', rerunOf: 'run-1' });
    expect(store.getState().matrixRun).toMatchObject({ run: { id: 'run-3' }, rows: [] });
  });

  it('drops a deleted matrix from the list and closes it', async () => {
    const host = fakeHost({
      'matrix:list': () => okValue([{ id: 'm1', name: 'Lab devices', updatedAt: AT, target, rowCount: 0 }]),
      'matrix:get': () => okValue(view()),
      'matrix:runs': () => okValue([]),
      'matrix:delete': (r) => okValue({ id: r.id }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadMatrices();
    await store.getState().selectMatrix('m1');
    await store.getState().deleteMatrix('m1');
    expect(store.getState()).toMatchObject({ matrices: [], openMatrix: null, matrixRun: null });
  });
});
