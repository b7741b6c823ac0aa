// A saved matrix as files and back: `matrix.json` (version 2) beside the files it names, the
// folder `keyhole matrix` runs as it is; and a matrix file (with the files it names, sent or on
// disk) made into a saved matrix. Profile and lab rows stay references (by name); rows with
// their own identity carry their files, with keys, bundles and the file itself written 0600.
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../../shared/ipc/contract';
import { MATRIX_FILE_VERSION, MatrixFile, type MatrixFileRow, type MatrixFileTarget } from '../../../shared/matrix/matrix-file';
import { err, ok, type Result } from '../../../shared/result';
import { fileStems } from '../certs/batch-names';
import type { ProfileService } from '../profiles/profile-service';
import { matrixSlot, type StoredMatrix, type StoredMatrixTarget } from '../store/matrix-document';
import type { OutputEntry } from '../workbench/outputs';
import { parseMatrixText, planMatrixFile, type PlanContext } from './file-plan';
import { rowFromPlanned, type NewRow } from './row-import';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function targetFile(m: StoredMatrix, profiles: ProfileService, files: OutputEntry[]): Result<MatrixFileTarget, ApiError> {
  const t = m.target;
  const extra = m.accessCheck ? { accessCheck: m.accessCheck } : {};
  if (t.kind === 'lab') return ok({ lab: true, port: t.port, protocol: 'mqtts', ca: [], ...extra });
  let settings;
  let ca: { fileName: string; bytes: Uint8Array }[];
  if (t.kind === 'profile') {
    const r = profiles.resolve(t.profileId);
    if (!r.ok) return err({ code: 'not-found', message: `The matrix's profile cannot be opened: ${r.error.message}` });
    settings = r.value.settings;
    ca = r.value.files.ca;
  } else {
    settings = t.settings;
    ca = t.ca.map((c) => ({ fileName: c.fileName, bytes: Buffer.from(c.base64, 'base64') }));
  }
  const names = fileStems(ca.map((c) => c.fileName)).map((stem) => `ca/${stem}`);
  ca.forEach((c, i) => files.push({ path: names[i]!, contents: c.bytes, secret: false }));
  return ok({
    protocol: settings.protocol,
    ...(settings.path ? { path: settings.path } : {}),
    host: settings.host,
    port: settings.port,
    ca: names,
    mqttVersion: settings.mqttVersion,
    verify: settings.verify,
    ...(settings.servername ? { servername: settings.servername } : {}),
    ...(settings.tlsMin ? { tlsMin: settings.tlsMin } : {}),
    ...(settings.tlsMax ? { tlsMax: settings.tlsMax } : {}),
    ...extra,
  });
}

/** A saved matrix as a folder of files: `matrix.json` and the files its rows name. */
export function exportMatrix(
  m: StoredMatrix,
  profiles: ProfileService,
  secrets: Record<string, string>,
): Result<{ fileName: string; files: OutputEntry[] }, ApiError> {
  const files: OutputEntry[] = [];
  const target = targetFile(m, profiles, files);
  if (!target.ok) return target;
  const stems = fileStems(m.rows.map((r) => r.name));
  let secret = false;
  const rows: MatrixFileRow[] = m.rows.map((r, i) => {
    const terms = {
      expect: r.expect,
      ...(r.access !== undefined ? { access: r.access } : {}),
      ...(r.retries !== undefined ? { retries: r.retries } : {}),
    };
    const s = r.source;
    if (s.kind === 'profile') {
      const p = profiles.getProfile(s.profileId);
      return {
        profile: p.ok ? p.value.name : s.profileId,
        name: r.name,
        ...terms,
      };
    }
    if (s.kind === 'lab') return { lab: s.identity, name: r.name, ...terms };
    const dir = `identities/${stems[i]}`;
    const value = (kind: Parameters<typeof matrixSlot>[0]) => secrets[matrixSlot(kind, m.id, r.id)];
    const row: MatrixFileRow & { name: string } = { name: r.name, ...terms };
    const put = (field: 'cert' | 'key' | 'pfx', name: string, base64: string, isSecret: boolean) => {
      const path = `${dir}/${name}`;
      files.push({ path, contents: Buffer.from(base64, 'base64'), secret: isSecret });
      (row as Record<string, unknown>)[field] = path;
    };
    if (s.cert) put('cert', s.certFileName ?? 'cert.pem', s.cert, false);
    const key = value('key');
    if (key !== undefined) put('key', s.keyFileName ?? 'key.pem', key, true);
    const pfx = value('pfx');
    if (pfx !== undefined) put('pfx', s.pfxFileName ?? 'identity.p12', pfx, true);
    for (const field of ['passphrase', 'password', 'pfxPassword'] as const) {
      const v = value(field);
      if (v === undefined) continue;
      (row as Record<string, unknown>)[field] = v;
      secret = true;
    }
    if (s.username !== undefined) (row as Record<string, unknown>).username = s.username;
    if (s.clientId !== undefined) (row as Record<string, unknown>).clientId = s.clientId;
    if (s.mqttVersion) (row as Record<string, unknown>).mqttVersion = s.mqttVersion;
    return row;
  });
  const doc = MatrixFile.parse({ version: MATRIX_FILE_VERSION, name: m.name, target: target.value, rows });
  // The file holds the rows' passwords when they have any: private, like the keys.
  files.unshift({ path: 'matrix.json', contents: `${JSON.stringify(doc, null, 2)}\n`, secret });
  return ok({ fileName: `${fileStems([m.name])[0]}-matrix.zip`, files });
}

export interface ImportedMatrix {
  name: string;
  target: StoredMatrixTarget;
  accessCheck?: string;
  rows: NewRow[];
}

/** A matrix file (with the files it names, through `ctx`) as a new saved matrix's parts. */
export async function importMatrix(text: string, fileName: string, ctx: PlanContext): Promise<Result<ImportedMatrix, ApiError>> {
  const parsed = parseMatrixText(text, fileName);
  if (!parsed.ok) return err({ code: 'invalid-file', message: parsed.error.message });
  const planned = await planMatrixFile(parsed.value, ctx);
  if (!planned.ok)
    return err({ code: planned.error.code === 'input' ? 'file-unreadable' : 'invalid-file', message: planned.error.message });
  const t = parsed.value.target;
  let target: StoredMatrixTarget;
  if (t.lab) target = { kind: 'lab', port: planned.value.target.settings.port };
  else if (t.profile !== undefined && ctx.profile) {
    const found = ctx.profile(t.profile);
    target = found.ok
      ? { kind: 'profile', profileId: found.value.id }
      : { kind: 'address', settings: planned.value.target.settings, ca: [] };
  } else {
    const p = planned.value.target;
    target = { kind: 'address', settings: p.settings, ca: p.ca.map((c) => ({ fileName: c.name, base64: b64(c.bytes) })) };
  }
  return ok({
    name: parsed.value.name ?? fileName.replace(/\.(json|ya?ml)$/i, ''),
    target,
    ...(t.accessCheck ? { accessCheck: t.accessCheck } : {}),
    rows: planned.value.rows.map(rowFromPlanned),
  });
}

/** A fresh id for a saved matrix. */
export const newMatrixId = () => randomUUID();
