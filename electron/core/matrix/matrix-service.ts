// The credential matrix for a host (desktop app, web host): saved matrices in the store, rows
// added from profiles, the lab, files or a batch folder, expectations set in bulk, runs with
// live progress, their results read back from each run's rows file, and exports.
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import type { ConnectReport } from '../../../shared/connect/report';
import type { ApiError } from '../../../shared/ipc/contract';
import { RunOptions, type MatrixRowResult, type MatrixRunRecord } from '../../../shared/matrix/matrix-run';
import type { MatrixListItem, MatrixView, ResultFormat, RowsPatch, TargetDraft } from '../../../shared/matrix/matrix-view';
import { err, ok, type Result } from '../../../shared/result';
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../certs/bounded-read';
import type { FileBytes } from '../certs/material';
import type { ProfileService } from '../profiles/profile-service';
import type { MatricesDraft } from '../profiles/matrix-ops';
import { matrixSlot, slotMatrix, type StoredMatrix } from '../store/matrix-document';
import type { OutputEntry } from '../workbench/outputs';
import type { FoundProfile, PlanContext } from './file-plan';
import { rowFromFiles, rowsFromBatch, rowsFromLab, rowsFromProfiles, type FilesInput, type NewRow } from './row-import';
import { runResults } from './run-results';
import { createRunManager, type RunEvents, type RunManager } from './run-manager';
import type { AttemptFn } from './runner';
import { labSource, type LabSource } from './sources';
import { planStoredMatrix } from './stored-plan';
import { exportMatrix, importMatrix, newMatrixId } from './transfer';
import { matrixListItem, matrixView } from './views';
import { fromProfileExpectation } from '../../../shared/matrix/expectation';

/** Rows of new material added in one request. */
export type RowsInput =
  | { kind: 'profiles'; profileIds: string[]; expect?: MatrixRowResult['expect'] }
  | { kind: 'lab'; identities?: string[]; expect?: MatrixRowResult['expect'] }
  | ({ kind: 'files' } & FilesInput)
  | { kind: 'batch'; read: NonNullable<PlanContext['read']>; expect?: MatrixRowResult['expect']; prefix?: string };

export interface MatrixServiceDeps {
  profiles: ProfileService;
  dataDir: string;
  events: RunEvents;
  attempt?: AttemptFn;
  now?: () => Date;
  logError?: (message: string, error: unknown) => void;
}

export interface MatrixService {
  list(): MatrixListItem[];
  get(id: string): Result<MatrixView, ApiError>;
  create(name: string, target: TargetDraft, accessCheck?: string): Promise<Result<MatrixView, ApiError>>;
  update(id: string, change: { name?: string; target?: TargetDraft; accessCheck?: string | null }): Promise<Result<MatrixView, ApiError>>;
  remove(id: string): Promise<Result<{ id: string }, ApiError>>;
  addRows(id: string, input: RowsInput): Promise<Result<MatrixView, ApiError>>;
  updateRows(id: string, rowIds: string[], patch: RowsPatch): Promise<Result<MatrixView, ApiError>>;
  removeRows(id: string, rowIds: string[]): Promise<Result<MatrixView, ApiError>>;
  importFile(text: string, fileName: string, read: NonNullable<PlanContext['read']>): Promise<Result<MatrixView, ApiError>>;
  exportFiles(id: string): Result<{ fileName: string; files: OutputEntry[] }, ApiError>;
  run(id: string, options: RunOptions, rerunOf?: string): Promise<Result<MatrixRunRecord, ApiError>>;
  cancel(runId: string): Result<{ runId: string }, ApiError>;
  runs(matrixId?: string): MatrixRunRecord[];
  results(runId: string): Promise<Result<{ run: MatrixRunRecord; rows: MatrixRowResult[] }, ApiError>>;
  report(runId: string, reportId: string): Promise<Result<ConnectReport, ApiError>>;
  exportResults(runId: string, format: ResultFormat): Promise<Result<{ fileName: string; text: string; mime: string }, ApiError>>;
  /** Cancels every run and waits for them (host shutdown). */
  close(): Promise<void>;
}

const notFound = (what: string): Result<never, ApiError> => err({ code: 'not-found', message: `No ${what}.` });

/** Names new rows so that every name in the matrix stays unique (`device-001`, `device-001 #2` …). */
function uniqueNames(existing: readonly string[], rows: NewRow[]): void {
  const used = new Set(existing);
  for (const r of rows) {
    let name = r.row.name;
    for (let n = 2; used.has(name); n++) name = `${r.row.name} #${n}`;
    r.row.name = name;
    used.add(name);
  }
}

const addTo = (d: MatricesDraft, m: StoredMatrix, rows: NewRow[]) => {
  uniqueNames(
    m.rows.map((r) => r.name),
    rows,
  );
  for (const { row, secrets } of rows) {
    m.rows.push(row);
    for (const [kind, value] of Object.entries(secrets)) d.secrets[matrixSlot(kind as keyof typeof secrets, m.id, row.id)] = value!;
  }
};

/** Sets the expectation, access check or retries of the rows named (null: back to the matrix's default). */
function patchRows(m: StoredMatrix, ids: ReadonlySet<string>, patch: RowsPatch): void {
  for (const r of m.rows) {
    if (!ids.has(r.id)) continue;
    if (patch.expect !== undefined) r.expect = patch.expect;
    if (patch.access === null) delete r.access;
    else if (patch.access !== undefined) r.access = patch.access;
    if (patch.retries === null) delete r.retries;
    else if (patch.retries !== undefined) r.retries = patch.retries;
  }
}

/** Deletes the secrets (sealed or locked) of a matrix's rows that `which` names. */
function dropSecrets(d: MatricesDraft, matrixId: string, which: (rowId: string) => boolean): void {
  for (const slots of [d.secrets, d.locked])
    for (const slot of Object.keys(slots)) if (slotMatrix(slot) === matrixId && which(slot.split(':')[2] ?? '')) delete slots[slot];
}

/** A new matrix without rows. */
const newMatrix = (at: Date, name: string, target: StoredMatrix['target'], accessCheck: string | undefined): StoredMatrix => ({
  id: newMatrixId(),
  name,
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
  target,
  ...(accessCheck ? { accessCheck } : {}),
  rows: [],
});

/** Finds a saved profile by name or id for a `profile:` row of an imported matrix file. */
const profileFinder =
  (profiles: ProfileService) =>
  (wanted: string): Result<FoundProfile, string> => {
    const list = profiles.listProfiles();
    const p = list.find((x) => x.name === wanted) ?? list.find((x) => x.id === wanted);
    if (!p) return err(`there is no profile named "${wanted}"`);
    const r = profiles.resolve(p.id);
    return r.ok ? ok({ id: p.id, name: p.name, source: r.value, expect: fromProfileExpectation(p.expect) }) : err(r.error.message);
  };

/** The rows (and their secrets) that one "add rows" request brings. */
async function rowsOf(
  profiles: ProfileService,
  lab: (port: number) => Promise<Result<LabSource, ApiError>>,
  m: StoredMatrix,
  input: RowsInput,
): Promise<Result<NewRow[], ApiError>> {
  if (input.kind === 'profiles') return rowsFromProfiles(profiles, input.profileIds, input.expect);
  if (input.kind === 'lab') {
    const l = await lab(m.target.kind === 'lab' ? m.target.port : 8883);
    return l.ok ? rowsFromLab(l.value, input.identities, input.expect) : l;
  }
  if (input.kind === 'batch')
    return rowsFromBatch(input.read, {
      ...(input.expect ? { expect: input.expect } : {}),
      ...(input.prefix ? { prefix: input.prefix } : {}),
    });
  const one = rowFromFiles(input);
  return one.ok ? ok([one.value]) : one;
}

/** Opens the matrix service of a host over its profile service. */
export async function createMatrixService(deps: MatrixServiceDeps): Promise<MatrixService> {
  const now = deps.now ?? (() => new Date());
  const logError = deps.logError ?? ((message, error) => console.error(message, error));
  const { profiles } = deps;
  const expiryWarningDays = () => profiles.getSettings().certExpiryWarningDays;
  const { dataDir, events } = deps;
  const runs: RunManager = createRunManager({
    profiles,
    dataDir,
    events,
    expiryWarningDays,
    now,
    logError,
    ...(deps.attempt ? { attempt: deps.attempt } : {}),
  });
  await runs.recover();

  const view = (m: StoredMatrix): MatrixView => {
    const d = profiles.matrices();
    return matrixView(m, profiles.listProfiles(), { ...d.secrets, ...d.locked });
  };
  const change = (id: string, f: (m: StoredMatrix, d: MatricesDraft) => Result<void, ApiError>) =>
    profiles.changeMatrices((d) => {
      const m = d.list.find((x) => x.id === id);
      if (!m) return notFound('such matrix');
      const r = f(m, d);
      if (!r.ok) return r;
      m.updatedAt = now().toISOString();
      return ok(structuredClone(m));
    });
  const viewed = async (r: Promise<Result<StoredMatrix, ApiError>>) => ((x) => (x.ok ? ok(view(x.value)) : x))(await r);
  const done = runResults(profiles, deps.dataDir);
  const lab = async (port: number) => {
    const l = await labSource(deps.dataDir, port, now(), true);
    return l.ok ? l : err<ApiError>({ code: 'not-found', message: `The lab cannot be opened: ${l.error}` });
  };
  const findProfile = profileFinder(profiles);

  const newRows = (m: StoredMatrix, input: RowsInput) => rowsOf(profiles, lab, m, input);

  return {
    list: () => profiles.matrices().list.map((m) => matrixListItem(m, profiles.listProfiles())),
    get(id) {
      const m = profiles.matrices().list.find((x) => x.id === id);
      return m ? ok(view(m)) : notFound('such matrix');
    },
    create: (name, target, accessCheck) =>
      viewed(
        profiles.changeMatrices((d) => {
          const m = newMatrix(now(), name, target, accessCheck);
          d.list.push(m);
          return ok(structuredClone(m));
        }),
      ),
    update: (id, c) =>
      viewed(
        change(id, (m) => {
          if (c.name !== undefined) m.name = c.name;
          if (c.target !== undefined) m.target = c.target;
          if (c.accessCheck === null) delete m.accessCheck;
          else if (c.accessCheck !== undefined) m.accessCheck = c.accessCheck;
          return ok(undefined);
        }),
      ),
    remove: (id) =>
      profiles.changeMatrices((d) => {
        const i = d.list.findIndex((x) => x.id === id);
        if (i < 0) return notFound('such matrix');
        d.list.splice(i, 1);
        dropSecrets(d, id, () => true);
        return ok({ id });
      }),
    async addRows(id, input) {
      const m = profiles.matrices().list.find((x) => x.id === id);
      if (!m) return notFound('such matrix');
      const made = await newRows(m, input);
      if (!made.ok) return made;
      return viewed(change(id, (target, d) => ok(addTo(d, target, made.value))));
    },
    updateRows: (id, rowIds, patch) =>
      viewed(
        change(id, (m) => {
          patchRows(m, new Set(rowIds), patch);
          return ok(undefined);
        }),
      ),
    removeRows: (id, rowIds) =>
      viewed(
        change(id, (m, d) => {
          const ids = new Set(rowIds);
          m.rows = m.rows.filter((r) => !ids.has(r.id));
          dropSecrets(d, id, (rowId) => ids.has(rowId));
          return ok(undefined);
        }),
      ),
    async importFile(text, fileName, read) {
      const imported = await importMatrix(text, fileName, {
        baseDir: '/',
        read,
        profile: findProfile,
        lab: (port) => lab(port).then((r) => (r.ok ? r : err(r.error.message))),
      });
      if (!imported.ok) return imported;
      const i = imported.value;
      return viewed(
        profiles.changeMatrices((d) => {
          const m = newMatrix(now(), i.name, i.target, i.accessCheck);
          addTo(d, m, i.rows);
          d.list.push(m);
          return ok(structuredClone(m));
        }),
      );
    },
    exportFiles(id) {
      const d = profiles.matrices();
      const m = d.list.find((x) => x.id === id);
      return m ? exportMatrix(m, profiles, d.secrets) : notFound('such matrix');
    },
    async run(id, options, rerunOf) {
      const d = profiles.matrices();
      const m = d.list.find((x) => x.id === id);
      if (!m) return notFound('such matrix');
      const parsed = RunOptions.safeParse(options);
      if (!parsed.success) return err({ code: 'invalid-request', message: parsed.error.issues[0]?.message ?? 'Invalid run options.' });
      let chosen = parsed.data;
      if (rerunOf !== undefined) {
        const earlier = await done.read(rerunOf);
        if (!earlier.ok) return earlier;
        chosen = { ...chosen, only: earlier.value.file.rows.filter((r) => r.status !== 'pass').map((r) => r.id) };
        if (!chosen.only!.length) return err({ code: 'invalid-request', message: 'That run has no failed or cancelled row to run again.' });
      }
      const plan = await planStoredMatrix(m, { profiles, secrets: d.secrets, dataDir: deps.dataDir, now: now() });
      if (!plan.ok) return plan;
      return runs.start(plan.value, m.id, chosen, rerunOf);
    },
    cancel: (runId) => runs.cancel(runId),
    runs: (matrixId) => profiles.matrices().runs.filter((r) => matrixId === undefined || r.matrixId === matrixId),
    results: (runId) => done.results(runId),
    report: (runId, reportId) => done.report(runId, reportId),
    exportResults: (runId, format) => done.exportResults(runId, format),
    close: () => runs.stopAll(),
  };
}

/** Files sent by a browser (relative path → base64), read as a batch folder or beside a matrix file. */
export function sentFiles(files: readonly { path: string; base64: string }[]): NonNullable<PlanContext['read']> {
  const byPath = new Map(files.map((f) => [f.path.replace(/\\/g, '/').replace(/^\.?\//, ''), f]));
  return async (path) => {
    const f = byPath.get(path.replace(/^\.?\//, ''));
    if (!f) return err(`${path} was not among the files sent (send the whole folder)`);
    return ok<FileBytes>({ name: path.split('/').at(-1) ?? path, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) });
  };
}

/** Files read from a folder on disk (desktop: a folder the user chose in the native dialog). */
export function folderFiles(folder: string): NonNullable<PlanContext['read']> {
  return async (path) => {
    // Bounded for the largest thing a folder holds (a manifest); the plan bounds each kind again.
    const read = await readBoundedFile(join(folder, path), MAX_DOCUMENT_BYTES);
    return read.ok ? ok<FileBytes>({ name: path.split('/').at(-1) ?? path, bytes: new Uint8Array(read.value) }) : err(read.error.message);
  };
}
