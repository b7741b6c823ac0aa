// A saved matrix made ready to run: its target resolved (a profile's broker, the lab's, or its
// own settings), each row's identity taken from its profile, the lab, or its own files and
// sealed secrets. A row whose profile was deleted stops the run before it starts, by name.
import { Buffer } from 'node:buffer';
import type { ApiError } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { FileBytes, IdentitySecrets } from '../certs/material';
import type { ProfileService } from '../profiles/profile-service';
import { matrixSlot, type StoredMatrix, type StoredMatrixRow } from '../store/matrix-document';
import { commonNameOf, type MatrixPlan, type MatrixTarget, type PlannedRow } from './plan';
import { accessTopicOf, explicitTarget, labRow, labSource, profileRow, profileTarget, type LabSource } from './sources';

export interface StoredPlanDeps {
  profiles: ProfileService;
  /** The matrices' secrets in clear (slot → value). */
  secrets: Record<string, string>;
  dataDir: string;
  now: Date;
}

const fromBase64 = (name: string, base64: string): FileBytes => ({ name, bytes: new Uint8Array(Buffer.from(base64, 'base64')) });
const notFound = (message: string): Result<never, ApiError> => err({ code: 'not-found', message });

async function targetOf(m: StoredMatrix, deps: StoredPlanDeps, lab: () => Promise<Result<LabSource, ApiError>>) {
  const t = m.target;
  if (t.kind === 'lab') {
    const l = await lab();
    return l.ok ? ok(l.value.target) : l;
  }
  if (t.kind === 'profile') {
    const r = deps.profiles.resolve(t.profileId);
    if (!r.ok) return notFound(`The profile this matrix connects through was deleted or cannot be opened: ${r.error.message}`);
    return ok(profileTarget(r.value));
  }
  const target: MatrixTarget = explicitTarget(
    structuredClone(t.settings),
    t.ca.map((c) => fromBase64(c.fileName, c.base64)),
  );
  return ok(target);
}

function filesRow(m: StoredMatrix, row: StoredMatrixRow, index: number, secrets: Record<string, string>): PlannedRow {
  if (row.source.kind !== 'files') throw new Error('not a files row');
  const s = row.source;
  const secret = (kind: Parameters<typeof matrixSlot>[0]) => secrets[matrixSlot(kind, m.id, row.id)];
  const idSecrets: IdentitySecrets = {};
  for (const field of ['passphrase', 'password', 'pfxPassword'] as const) {
    const v = secret(field);
    if (v !== undefined) idSecrets[field] = v;
  }
  const key = secret('key');
  const pfx = secret('pfx');
  const cert = s.cert ? fromBase64(s.certFileName ?? 'cert.pem', s.cert) : undefined;
  return {
    index,
    id: row.name,
    name: row.name,
    expect: row.expect,
    accessTopic: accessTopicOf({ expect: row.expect, access: row.access }, m.accessCheck),
    retries: row.retries ?? 0,
    commonName: s.commonName ?? (cert ? commonNameOf(cert.bytes) : null),
    ...(cert ? { cert } : {}),
    ...(key !== undefined ? { key: fromBase64(s.keyFileName ?? 'key.pem', key) } : {}),
    ...(pfx !== undefined ? { pfx: fromBase64(s.pfxFileName ?? 'identity.p12', pfx) } : {}),
    secrets: idSecrets,
    ...(s.username !== undefined ? { username: s.username } : {}),
    ...(s.clientId !== undefined ? { clientId: s.clientId } : {}),
    ...(s.mqttVersion ? { mqttVersion: s.mqttVersion } : {}),
  };
}

/** The plan of a saved matrix. */
export async function planStoredMatrix(m: StoredMatrix, deps: StoredPlanDeps): Promise<Result<MatrixPlan, ApiError>> {
  let opened: Promise<Result<LabSource, ApiError>> | null = null;
  const lab = (): Promise<Result<LabSource, ApiError>> =>
    (opened ??= labSource(deps.dataDir, m.target.kind === 'lab' ? m.target.port : 8883, deps.now, true).then((r) =>
      r.ok ? r : err<ApiError>({ code: 'not-found', message: `The lab cannot be opened: ${r.error}` }),
    ));
  const target = await targetOf(m, deps, lab);
  if (!target.ok) return target;
  const rows: PlannedRow[] = [];
  for (const [index, row] of m.rows.entries()) {
    const at = { index, id: row.name, name: row.name };
    const terms = { expect: row.expect, access: row.access, retries: row.retries ?? 0 };
    const src = row.source;
    if (src.kind === 'files') rows.push(filesRow(m, row, index, deps.secrets));
    else if (src.kind === 'profile') {
      const r = deps.profiles.resolve(src.profileId);
      if (!r.ok) return notFound(`Row "${row.name}": its profile was deleted or cannot be opened (${r.error.message}).`);
      rows.push(profileRow(r.value, at, terms, m.accessCheck));
    } else {
      const l = await lab();
      if (!l.ok) return l;
      const demo = l.value.profiles.find((p) => p.name === src.identity);
      if (!demo) return notFound(`Row "${row.name}": the lab has no identity "${src.identity}" any more.`);
      rows.push(labRow(demo, at, terms));
    }
  }
  return ok({ name: m.name, target: target.value, rows });
}
