/** The inspector and the identity lint over what the user dropped, chose or pasted in the workbench. */
import { Buffer } from 'node:buffer';
import type { InspectedInput } from '../../../shared/certs/inspect';
import type { LintOptions, LintReport } from '../../../shared/certs/lint';
import type { WorkbenchInput } from '../../../shared/certs/workbench';
import { inspectInputs } from '../certs/inspect';
import { lintIdentity } from '../certs/lint';
import type { FileBytes } from '../certs/material';

/** Pasted text keeps its characters (PEM is ASCII); dropped files come as base64. */
export function fileBytesOf(input: WorkbenchInput): FileBytes {
  return { name: input.fileName, bytes: 'text' in input ? Buffer.from(input.text, 'utf8') : Buffer.from(input.base64, 'base64') };
}

/** Inspects the inputs together (keys matched against, chains anchored in, the certificates of all). */
export function inspectWorkbench(inputs: WorkbenchInput[], passphrase: string | undefined, now: Date): Promise<InspectedInput[]> {
  return inspectInputs(inputs.map(fileBytesOf), { now, ...(passphrase ? { passphrase } : {}) });
}

export interface LintInputs {
  ca: WorkbenchInput[];
  cert?: WorkbenchInput | undefined;
  key?: WorkbenchInput | undefined;
  pfx?: WorkbenchInput | undefined;
  passphrase?: string | undefined;
  options: LintOptions;
}

/** Lints a certificate (or PKCS#12 bundle) with its key against the CA files. */
export function lintWorkbench(input: LintInputs, now: Date): LintReport {
  return lintIdentity(
    {
      ca: input.ca.map(fileBytesOf),
      ...(input.cert ? { cert: fileBytesOf(input.cert) } : {}),
      ...(input.key ? { key: fileBytesOf(input.key) } : {}),
      ...(input.pfx ? { pfx: fileBytesOf(input.pfx) } : {}),
    },
    input.passphrase ? { passphrase: input.passphrase } : {},
    input.options,
    now,
  );
}
