/** The `matrix:*` channels: each resolves files or dialogs where the host must, calls the matrix service and returns. */
import { dirname } from 'node:path';
import { CHANNELS, type ApiError, type FileSource } from '../../../shared/ipc/contract';
import type { ResultFormat } from '../../../shared/matrix/matrix-view';
import { err, ok, type Result } from '../../../shared/result';
import type { FileBytes } from '../certs/material';
import { decodeImportBytes, readImportFile } from '../certs/material-file';
import { folderFiles, sentFiles, type MatrixService, type RowsInput } from '../matrix/matrix-service';
import { writeFileAtomic } from '../store/atomic-file';
import type { OutputShelf } from '../workbench/outputs';
import type { Handlers } from './api';

type MatrixChannel = Extract<keyof Handlers, `matrix:${string}`>;

export interface MatrixDeps {
  /** Absent (a host built without a data folder for runs): every channel answers `unsupported`. */
  matrices?: MatrixService;
  /** Where exported matrices are held for download (the workbench's shelf). */
  outputs: OutputShelf;
  /** Whether paths may be read (desktop: they come from the OS). */
  allowPathImport: boolean;
  /** A native dialog to choose a folder to read (desktop). */
  pickOpenFolder?: (title: string) => Promise<string | null>;
  /** A native save dialog (desktop). */
  pickSavePath?: (suggestedName: string, kind?: { title: string; name: string; extension: string }) => Promise<string | null>;
}

const FORMAT_FILES: Record<ResultFormat, { name: string; extension: string }> = {
  junit: { name: 'JUnit XML', extension: 'xml' },
  json: { name: 'JSON', extension: 'json' },
  csv: { name: 'CSV', extension: 'csv' },
};

async function fileOf(deps: MatrixDeps, file: FileSource | undefined): Promise<Result<FileBytes | undefined, ApiError>> {
  if (file === undefined) return ok(undefined);
  if (file.source === 'path' && !deps.allowPathImport)
    return err({ code: 'unsupported', message: 'This host does not read paths; send the file bytes instead.' });
  const read = file.source === 'path' ? await readImportFile(file.path) : decodeImportBytes(file.fileName, file.base64);
  return read.ok ? ok({ name: read.value.fileName, bytes: new Uint8Array(read.value.bytes) }) : read;
}

/** The rows a request adds: files decoded, a batch folder sent or chosen in the native dialog. */
async function rowsInput(
  deps: MatrixDeps,
  source: Parameters<Handlers['matrix:addRows']>[0]['source'],
): Promise<Result<RowsInput, ApiError>> {
  if (source.kind === 'profiles' || source.kind === 'lab') return ok(source);
  if (source.kind === 'batch') {
    const options = { ...(source.expect ? { expect: source.expect } : {}), ...(source.prefix ? { prefix: source.prefix } : {}) };
    if (source.files) return ok({ kind: 'batch', read: sentFiles(source.files), ...options });
    if (!deps.pickOpenFolder)
      return err({ code: 'unsupported', message: 'This host has no folder dialog; send the folder’s files instead.' });
    const folder = await deps.pickOpenFolder('Choose a batch folder (with manifest.csv)');
    if (folder === null) return err({ code: 'cancelled', message: 'No folder was chosen.' });
    return ok({ kind: 'batch', read: folderFiles(folder), ...options });
  }
  const { cert, key, pfx, ...rest } = source;
  const files: Partial<Record<'cert' | 'key' | 'pfx', FileBytes>> = {};
  for (const [slot, f] of [
    ['cert', cert],
    ['key', key],
    ['pfx', pfx],
  ] as const) {
    const read = await fileOf(deps, f);
    if (!read.ok) return read;
    if (read.value) files[slot] = read.value;
  }
  return ok({ ...rest, ...files });
}

/** The handlers of the matrix channels. */
export function matrixHandlers(deps: MatrixDeps): Pick<Handlers, MatrixChannel> {
  const { matrices } = deps;
  if (!matrices) {
    const unsupported = async () => err({ code: 'unsupported' as const, message: 'This host runs no credential matrix.' });
    const channels = CHANNELS.filter((c): c is MatrixChannel => c.startsWith('matrix:'));
    return Object.fromEntries(channels.map((c) => [c, unsupported])) as unknown as Pick<Handlers, MatrixChannel>;
  }
  return {
    'matrix:list': async () => ok(matrices.list()),
    'matrix:get': async ({ id }) => matrices.get(id),
    'matrix:create': ({ name, target, accessCheck }) => matrices.create(name, target, accessCheck),
    'matrix:update': ({ id, ...change }) => matrices.update(id, change),
    'matrix:delete': ({ id }) => matrices.remove(id),
    'matrix:addRows': async ({ id, source }) => {
      const input = await rowsInput(deps, source);
      return input.ok ? matrices.addRows(id, input.value) : input;
    },
    'matrix:updateRows': ({ id, rowIds, patch }) => matrices.updateRows(id, rowIds, patch),
    'matrix:removeRows': ({ id, rowIds }) => matrices.removeRows(id, rowIds),
    'matrix:import': ({ text, fileName, path, files }) => {
      // A path only tells where the files it names are, and only where paths come from the OS.
      const read = files ? sentFiles(files) : path !== undefined && deps.allowPathImport ? folderFiles(dirname(path)) : sentFiles([]);
      return matrices.importFile(text, fileName, read);
    },
    'matrix:export': async ({ id }) => {
      const made = matrices.exportFiles(id);
      return made.ok ? ok(deps.outputs.hold(made.value.fileName, made.value.files)) : made;
    },
    'matrix:run': ({ id, options, rerunOf }) => matrices.run(id, options ?? {}, rerunOf),
    'matrix:cancel': async ({ runId }) => matrices.cancel(runId),
    'matrix:runs': async ({ matrixId }) => ok(matrices.runs(matrixId)),
    'matrix:results': ({ runId }) => matrices.results(runId),
    'matrix:report': ({ runId, reportId }) => matrices.report(runId, reportId),
    'matrix:exportResults': ({ runId, format }) => matrices.exportResults(runId, format),
    'matrix:saveResults': async ({ runId, format }) => {
      if (!deps.pickSavePath) return err({ code: 'unsupported', message: 'This host has no save dialog; download the file instead.' });
      const made = await matrices.exportResults(runId, format);
      if (!made.ok) return made;
      const path = await deps.pickSavePath(made.value.fileName, { title: 'Save matrix results', ...FORMAT_FILES[format] });
      if (path === null) return err({ code: 'cancelled', message: 'The results were not saved.' });
      try {
        await writeFileAtomic(path, made.value.text, 0o644);
      } catch (e) {
        return err({
          code: 'file-unreadable',
          message: `The results could not be written to ${path}: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
      return ok({ path, fileName: made.value.fileName });
    },
  };
}
