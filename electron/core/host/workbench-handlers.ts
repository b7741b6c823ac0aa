/** The `certs:*` channels: each validates nothing more, calls the workbench and returns. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BatchProgress } from '../../../shared/certs/batch';
import type { ApiError } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { brokerSnippet } from '../certs/snippets';
import type { HeldOutput } from '../workbench/outputs';
import type { WorkbenchService } from '../workbench/workbench-service';
import type { Handlers } from './api';

type CertChannel = Extract<keyof Handlers, `certs:${string}`>;

export interface WorkbenchDeps {
  workbench: WorkbenchService;
  now: () => Date;
  /** Shows a native folder dialog; the chosen folder, or null when cancelled. Desktop only. */
  pickFolder?: (suggestedName: string) => Promise<string | null>;
  onBatchProgress?: (caId: string, progress: BatchProgress) => void;
}

/** Writes an output's files under `folder`, never over an existing file; keys and passwords 0600. */
export async function writeOutput(folder: string, output: HeldOutput): Promise<Result<number, ApiError>> {
  const base = resolve(folder);
  try {
    for (const f of output.files) {
      const target = resolve(join(base, f.path));
      if (!target.startsWith(base + sep)) return err({ code: 'invalid-request', message: `${f.path} would leave ${base}.` });
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.contents, { mode: f.secret ? 0o600 : 0o644, flag: 'wx' });
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return err({
      code: 'file-unreadable',
      message:
        code === 'EEXIST'
          ? `${base} holds files of the same names already; choose an empty folder.`
          : `The files could not be written to ${base} (${code ?? String(e)}).`,
    });
  }
  return ok(output.files.length);
}

/** The handlers of the workbench's channels. */
export function workbenchHandlers(deps: WorkbenchDeps): Pick<Handlers, CertChannel> {
  const { workbench } = deps;
  return {
    'certs:inspect': async ({ inputs, passphrase }) => ok(await workbench.inspect(inputs, passphrase, deps.now())),
    'certs:lint': async ({ ca, cert, key, pfx, passphrase, role, host, maxValidityDays }) =>
      ok(workbench.lint({ ca, cert, key, pfx, passphrase, options: { role, host, maxValidityDays } }, deps.now())),
    'certs:list': async () => ok(workbench.listCas()),
    'certs:createCa': (request) => workbench.createCa(request),
    'certs:issue': (request) => workbench.issue(request),
    'certs:batch': (request) => workbench.batch(request, (p) => deps.onBatchProgress?.(request.caId, p)),
    'certs:revoke': (request) => workbench.revoke(request),
    'certs:crl': ({ caId, crlDays }) => workbench.revoke({ caId, crlDays }),
    'certs:makeProfile': (request) => workbench.makeProfile(request),
    'certs:deleteCa': ({ id }) => workbench.deleteCa(id),
    'certs:snippet': async (request) => {
      const made = brokerSnippet(request);
      return made.ok ? ok({ text: made.value }) : err({ code: 'invalid-request', message: made.error.message });
    },
    'certs:saveOutput': async ({ id }) => {
      if (!deps.pickFolder)
        return err({ code: 'unsupported', message: `This host has no folder dialog; download the files as a zip instead.` });
      const output = workbench.outputs.get(id);
      if (!output) return err({ code: 'not-found', message: 'These files are no longer held; issue again.' });
      const folder = await deps.pickFolder(output.fileName.replace(/\.zip$/, ''));
      if (folder === null) return err({ code: 'cancelled', message: 'The files were not saved.' });
      const written = await writeOutput(folder, output);
      return written.ok ? ok({ folder, files: written.value }) : written;
    },
  };
}
