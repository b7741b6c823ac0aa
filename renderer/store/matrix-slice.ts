import type { ConnectReport } from '../../shared/connect/report';
import type { ApiResult, EventPayload, RequestOf } from '../../shared/ipc/contract';
import type { OutcomeExpectation } from '../../shared/matrix/matrix-file';
import type { MatrixRowResult, MatrixRunRecord } from '../../shared/matrix/matrix-run';
import type { MatrixListItem, MatrixView, ResultFormat, RowsSource } from '../../shared/matrix/matrix-view';
import type { SliceFactory } from './app-store';
import { mergeRows } from './matrix-rows';

/** The run shown for the open matrix: its record, the rows known so far and how far it got. */
export interface MatrixRunView {
  run: MatrixRunRecord;
  rows: MatrixRowResult[];
  done: number;
  total: number;
}

/**
 * Credential matrices: the saved list, the open matrix with its rows, and its latest run (filled
 * live from `matrix:progress`, closed by `matrix:finished`). Reports are fetched when a row opens.
 */
export interface MatrixSlice {
  matrices: MatrixListItem[];
  matrixLoad: 'idle' | 'loading' | 'ready' | 'error';
  openMatrix: MatrixView | null;
  matrixRun: MatrixRunView | null;
  /** Reports fetched by `runId/reportId`. */
  matrixReports: Record<string, ConnectReport>;

  loadMatrices(): Promise<void>;
  /** Opens a matrix (null: none) and its latest run. */
  selectMatrix(id: string | null): Promise<void>;
  createMatrix(request: RequestOf<'matrix:create'>): Promise<ApiResult<MatrixView>>;
  renameMatrix(id: string, name: string): Promise<ApiResult<MatrixView>>;
  deleteMatrix(id: string): Promise<ApiResult<{ id: string }>>;
  addMatrixRows(source: RowsSource): Promise<ApiResult<MatrixView>>;
  setRowsExpectation(rowIds: string[], expect: OutcomeExpectation): Promise<ApiResult<MatrixView>>;
  removeMatrixRows(rowIds: string[]): Promise<ApiResult<MatrixView>>;
  importMatrix(request: RequestOf<'matrix:import'>): Promise<ApiResult<MatrixView>>;
  /** Runs the open matrix (`failuresOnly`: only the rows that did not pass in the run shown). */
  runMatrix(failuresOnly?: boolean): Promise<ApiResult<MatrixRunRecord>>;
  cancelMatrixRun(): Promise<ApiResult<{ runId: string }>>;
  loadMatrixReport(runId: string, reportId: string): Promise<ApiResult<ConnectReport>>;
  /** Offers the run shown as a download in a format. */
  exportMatrixResults(format: ResultFormat): Promise<ApiResult<{ fileName: string }>>;
  /** Event from the host: rows of a run finished. */
  applyMatrixProgress(payload: EventPayload<'matrix:progress'>): void;
  /** Event from the host: a run ended. */
  applyMatrixFinished(run: EventPayload<'matrix:finished'>): void;
}

const notOpen = <T>(): ApiResult<T> => ({ ok: false, error: { code: 'not-found', message: 'No matrix is open.' } });
const noRun = <T>(): ApiResult<T> => ({ ok: false, error: { code: 'not-found', message: 'This matrix has not been run yet.' } });

export const createMatrixSlice: SliceFactory<MatrixSlice> = (api, options) => (set, get) => {
  /** Keeps a matrix a call answered with, open and in the list. */
  const keep = (r: ApiResult<MatrixView>): ApiResult<MatrixView> => {
    if (!r.ok) return r;
    const m = r.value;
    const item: MatrixListItem = { id: m.id, name: m.name, updatedAt: m.updatedAt, target: m.target, rowCount: m.rows.length };
    set((s) => {
      const i = s.matrices.findIndex((x) => x.id === m.id);
      const matrices = i < 0 ? [...s.matrices, item] : s.matrices.map((x) => (x.id === m.id ? item : x));
      return { matrices, openMatrix: s.openMatrix === null || s.openMatrix.id === m.id ? m : s.openMatrix };
    });
    return r;
  };
  const open = () => get().openMatrix;
  // Batches of a run whose `matrix:run` answer has not come back yet (events may overtake it).
  let early: { runId: string; rows: MatrixRowResult[]; done: number } | null = null;
  let earlyEnd: MatrixRunRecord | null = null;
  return {
    matrices: [],
    matrixLoad: 'idle',
    openMatrix: null,
    matrixRun: null,
    matrixReports: {},

    async loadMatrices() {
      if (get().matrixLoad === 'idle') set({ matrixLoad: 'loading' });
      const r = await api.matrix.list();
      set(r.ok ? { matrices: r.value, matrixLoad: 'ready' } : { matrixLoad: 'error' });
    },

    async selectMatrix(id) {
      if (id === null) return set({ openMatrix: null, matrixRun: null });
      const [m, runs] = await Promise.all([api.matrix.get({ id }), api.matrix.runs({ matrixId: id })]);
      if (!m.ok) return set({ openMatrix: null, matrixRun: null });
      set({ openMatrix: m.value, matrixRun: null });
      const latest = runs.ok ? runs.value[0] : undefined;
      if (!latest) return;
      const results = await api.matrix.results({ runId: latest.id });
      if (!results.ok || get().openMatrix?.id !== id) return;
      // A run may have started meanwhile: the newer one stays.
      if (get().matrixRun) return;
      const { run, rows } = results.value;
      set({ matrixRun: { run, rows, done: rows.length, total: run.summary.total } });
    },

    async createMatrix(request) {
      const r = await api.matrix.create(request);
      if (r.ok) set({ openMatrix: r.value, matrixRun: null });
      return keep(r);
    },

    renameMatrix: async (id, name) => keep(await api.matrix.update({ id, name })),

    async deleteMatrix(id) {
      const r = await api.matrix.delete({ id });
      if (r.ok)
        set((s) => ({
          matrices: s.matrices.filter((m) => m.id !== id),
          ...(s.openMatrix?.id === id ? { openMatrix: null, matrixRun: null } : {}),
        }));
      return r;
    },

    async addMatrixRows(source) {
      const m = open();
      return m ? keep(await api.matrix.addRows({ id: m.id, source })) : notOpen();
    },

    async setRowsExpectation(rowIds, expect) {
      const m = open();
      return m ? keep(await api.matrix.updateRows({ id: m.id, rowIds, patch: { expect } })) : notOpen();
    },

    async removeMatrixRows(rowIds) {
      const m = open();
      return m ? keep(await api.matrix.removeRows({ id: m.id, rowIds })) : notOpen();
    },

    async importMatrix(request) {
      const r = await api.matrix.import(request);
      if (r.ok) set({ openMatrix: r.value, matrixRun: null });
      return keep(r);
    },

    async runMatrix(failuresOnly = false) {
      const m = open();
      if (!m) return notOpen();
      const shown = get().matrixRun;
      if (failuresOnly && !shown) return noRun();
      const r = await api.matrix.run({ id: m.id, ...(failuresOnly && shown ? { rerunOf: shown.run.id } : {}) });
      if (r.ok) {
        // Rows of this run may have arrived before its answer: keep them.
        const before = early?.runId === r.value.id ? early : null;
        const ended = earlyEnd?.id === r.value.id ? earlyEnd : null;
        early = null;
        earlyEnd = null;
        set({ matrixRun: { run: r.value, rows: before?.rows ?? [], done: before?.done ?? 0, total: r.value.summary.total } });
        if (ended) get().applyMatrixFinished(ended);
      }
      return r;
    },

    async cancelMatrixRun() {
      const shown = get().matrixRun;
      return shown ? api.matrix.cancel({ runId: shown.run.id }) : noRun();
    },

    async loadMatrixReport(runId, reportId) {
      const key = `${runId}/${reportId}`;
      const known = get().matrixReports[key];
      if (known) return { ok: true, value: known };
      const r = await api.matrix.report({ runId, reportId });
      if (r.ok) set((s) => ({ matrixReports: { ...s.matrixReports, [key]: r.value } }));
      return r;
    },

    async exportMatrixResults(format) {
      const shown = get().matrixRun;
      if (!shown) return noRun();
      const r = await api.matrix.exportResults({ runId: shown.run.id, format });
      if (!r.ok) return r;
      options.download(r.value.fileName, r.value.text, r.value.mime);
      return { ok: true, value: { fileName: r.value.fileName } };
    },

    applyMatrixProgress({ runId, matrixId, rows, progress }) {
      const m = open();
      if (!m || matrixId !== m.id) return;
      const shown = get().matrixRun;
      if (!shown || shown.run.id !== runId) {
        early = { runId, rows: mergeRows(early?.runId === runId ? early.rows : [], rows), done: progress.done };
        return;
      }
      set({ matrixRun: { ...shown, rows: mergeRows(shown.rows, rows), done: progress.done, total: progress.total } });
    },

    applyMatrixFinished(run) {
      const shown = get().matrixRun;
      if (!shown || shown.run.id !== run.id) {
        if (run.matrixId !== null && run.matrixId === open()?.id) earlyEnd = run;
        return;
      }
      set({ matrixRun: { ...shown, run, done: shown.rows.length, total: run.summary.total } });
      // The rows file is whole now: read it, in case a batch was missed.
      void api.matrix.results({ runId: run.id }).then((r) => {
        const now = get().matrixRun;
        if (r.ok && now?.run.id === run.id)
          set({ matrixRun: { ...now, run: r.value.run, rows: mergeRows(now.rows, r.value.rows), done: r.value.rows.length } });
      });
    },
  };
};
