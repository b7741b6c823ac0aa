// A finished (or running) run read back from its rows file: its rows without reports, one row's
// report, and the run as JUnit XML, JSON or CSV. The run list in the store holds only summaries
// and file names, so everything here reads the file.
import { join } from 'node:path';
import type { ConnectReport } from '../../../shared/connect/report';
import type { ApiError } from '../../../shared/ipc/contract';
import type { MatrixRowResult, MatrixRunRecord } from '../../../shared/matrix/matrix-run';
import type { ResultFormat } from '../../../shared/matrix/matrix-view';
import { err, ok, type Result } from '../../../shared/result';
import type { ProfileService } from '../profiles/profile-service';
import { junitXml } from './junit';
import { readRunLog, type RunFile } from './run-log';
import { resultsCsv, resultsJson } from './table-outputs';

export interface RunResults {
  read(runId: string): Promise<Result<{ run: MatrixRunRecord; file: RunFile }, ApiError>>;
  results(runId: string): Promise<Result<{ run: MatrixRunRecord; rows: MatrixRowResult[] }, ApiError>>;
  report(runId: string, reportId: string): Promise<Result<ConnectReport, ApiError>>;
  exportResults(runId: string, format: ResultFormat): Promise<Result<{ fileName: string; text: string; mime: string }, ApiError>>;
}

const notFound = (what: string): Result<never, ApiError> => err({ code: 'not-found', message: `No ${what}.` });

/** Reads the runs of the store's run list from their rows files under `dataDir`. */
export function runResults(profiles: ProfileService, dataDir: string): RunResults {
  const read: RunResults['read'] = async (runId) => {
    const run = profiles.matrices().runs.find((r) => r.id === runId);
    if (!run) return notFound('such run');
    try {
      return ok({ run, file: await readRunLog(join(dataDir, run.file)) });
    } catch (e) {
      return err({
        code: 'file-unreadable',
        message: `The rows of this run cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
      });
    }
  };
  return {
    read,
    async results(runId) {
      const r = await read(runId);
      if (!r.ok) return r;
      return ok({ run: r.value.run, rows: r.value.file.rows.map(({ report: _report, ...row }) => row) });
    },
    async report(runId, reportId) {
      const r = await read(runId);
      if (!r.ok) return r;
      const row = r.value.file.rows.find((x) => x.reportId === reportId);
      return row ? ok(row.report) : notFound('such report in this run');
    },
    async exportResults(runId, format) {
      const r = await read(runId);
      if (!r.ok) return r;
      const { run, file } = r.value;
      const common = {
        matrixName: run.matrixName,
        target: file.header?.target ?? '',
        startedAt: run.startedAt,
        summary: run.summary,
        rows: file.rows,
      };
      const stem = `${run.matrixName.replace(/[^A-Za-z0-9._-]+/g, '-')}-${run.startedAt.slice(0, 19).replace(/[:T]/g, '')}`;
      if (format === 'junit') return ok({ fileName: `${stem}.junit.xml`, text: junitXml(common), mime: 'application/xml' });
      if (format === 'csv') return ok({ fileName: `${stem}.csv`, text: resultsCsv(file.rows), mime: 'text/csv' });
      return ok({
        fileName: `${stem}.json`,
        text: resultsJson({ ...common, finishedAt: run.finishedAt, state: run.state }),
        mime: 'application/json',
      });
    },
  };
}
