// New rows of a saved matrix, from where the app finds identities: saved profiles (kept by
// reference), the lab's identities (by name), one identity's files, a batch folder's manifest,
// or a matrix file. Rows that carry their own files keep the key, bundle and passwords as
// sealed secrets of the matrix; the renderer only ever learns that a row has them.
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../../shared/ipc/contract';
import type { OutcomeExpectation } from '../../../shared/matrix/matrix-file';
import { fromProfileExpectation } from '../../../shared/matrix/expectation';
import { err, ok, type Result } from '../../../shared/result';
import type { FileBytes } from '../certs/material';
import type { ProfileService } from '../profiles/profile-service';
import type { MatrixSecretKind, StoredMatrixRow } from '../store/matrix-document';
import { manifestRows, type PlanContext } from './file-plan';
import { commonNameOf, commonNameOfPfx, type PlannedRow } from './plan';
import type { LabSource } from './sources';

/** A row to add and the secrets it brings (slot kind → value). */
export interface NewRow {
  row: StoredMatrixRow;
  secrets: Partial<Record<MatrixSecretKind, string>>;
}

const base64 = (f: FileBytes) => Buffer.from(f.bytes).toString('base64');
const invalid = (message: string): Result<never, ApiError> => err({ code: 'invalid-request', message });

/** Saved profiles as rows (by reference: the profile's files and secrets are read at each run). */
export function rowsFromProfiles(
  profiles: ProfileService,
  ids: readonly string[],
  expect?: OutcomeExpectation,
): Result<NewRow[], ApiError> {
  const out: NewRow[] = [];
  for (const id of ids) {
    const p = profiles.getProfile(id);
    if (!p.ok) return p;
    const row: StoredMatrixRow = {
      id: randomUUID(),
      name: p.value.name,
      expect: expect ?? fromProfileExpectation(p.value.expect) ?? 'accepted',
      source: { kind: 'profile', profileId: id },
    };
    out.push({ row, secrets: {} });
  }
  return ok(out);
}

/** The lab's identities (all, or the named ones) as rows, each expecting what the lab gives it unless told. */
export function rowsFromLab(lab: LabSource, names: readonly string[] | undefined, expect?: OutcomeExpectation): Result<NewRow[], ApiError> {
  const chosen = names ? names.map((n) => lab.profiles.find((p) => p.name === n) ?? n) : lab.profiles;
  const missing = chosen.filter((c): c is string => typeof c === 'string');
  if (missing.length) return invalid(`The lab has no identity ${missing.map((m) => `"${m}"`).join(', ')}.`);
  return ok(
    chosen.map((demo) => {
      const d = demo as Exclude<(typeof chosen)[number], string>;
      return {
        row: { id: randomUUID(), name: d.name, expect: expect ?? d.expect.cause, source: { kind: 'lab', identity: d.name } },
        secrets: {},
      };
    }),
  );
}

/** A planned row (read from files) as a saved row: its files and secrets kept in the matrix. */
export function rowFromPlanned(p: PlannedRow): NewRow {
  const id = randomUUID();
  const common = {
    id,
    name: p.name,
    expect: p.expect,
    ...(p.accessTopic !== null ? { access: p.accessTopic } : {}),
    ...(p.retries ? { retries: p.retries } : {}),
  };
  if (p.origin?.kind === 'profile') return { row: { ...common, source: { kind: 'profile', profileId: p.origin.profileId } }, secrets: {} };
  if (p.origin?.kind === 'lab') return { row: { ...common, source: { kind: 'lab', identity: p.origin.identity } }, secrets: {} };
  const secrets: NewRow['secrets'] = {};
  if (p.key) secrets.key = base64(p.key);
  if (p.pfx) secrets.pfx = base64(p.pfx);
  for (const field of ['passphrase', 'password', 'pfxPassword'] as const)
    if (p.secrets[field] !== undefined) secrets[field] = p.secrets[field];
  const row: StoredMatrixRow = {
    ...common,
    source: {
      kind: 'files',
      commonName: p.commonName,
      ...(p.cert ? { cert: base64(p.cert), certFileName: p.cert.name } : {}),
      ...(p.key ? { keyFileName: p.key.name } : {}),
      ...(p.pfx ? { pfxFileName: p.pfx.name } : {}),
      ...(p.username !== undefined ? { username: p.username } : {}),
      ...(p.clientId !== undefined ? { clientId: p.clientId } : {}),
      ...(p.mqttVersion ? { mqttVersion: p.mqttVersion } : {}),
    },
  };
  return { row, secrets };
}

export interface FilesInput {
  name?: string;
  cert?: FileBytes;
  key?: FileBytes;
  pfx?: FileBytes;
  passphrase?: string;
  password?: string;
  pfxPassword?: string;
  username?: string;
  expect?: OutcomeExpectation;
}

/** One identity from its files: cert + key, a bundle, or neither (a row that sends no certificate). */
export function rowFromFiles(input: FilesInput): Result<NewRow, ApiError> {
  if ((input.cert === undefined) !== (input.key === undefined)) return invalid('Give the certificate and its key together.');
  if (input.pfx && input.cert) return invalid('Give a certificate and key, or a PKCS#12 bundle, not both.');
  const commonName = input.cert
    ? commonNameOf(input.cert.bytes)
    : input.pfx
      ? commonNameOfPfx(input.pfx, input.pfxPassword ?? input.passphrase)
      : null;
  if (input.cert && commonName === null && input.name === undefined)
    return invalid(`${input.cert.name} holds no readable certificate with a CN; name the row yourself.`);
  const name = input.name ?? commonName ?? input.pfx?.name ?? 'no certificate';
  const secrets = Object.fromEntries(
    (['passphrase', 'password', 'pfxPassword'] as const).filter((f) => input[f] !== undefined).map((f) => [f, input[f]!]),
  );
  return ok(
    rowFromPlanned({
      index: 0,
      id: name,
      name,
      expect: input.expect ?? 'accepted',
      accessTopic: null,
      retries: 0,
      commonName,
      ...(input.cert ? { cert: input.cert } : {}),
      ...(input.key ? { key: input.key } : {}),
      ...(input.pfx ? { pfx: input.pfx } : {}),
      secrets,
      ...(input.username !== undefined ? { username: input.username } : {}),
    }),
  );
}

/** A batch folder (manifest.csv and the files it names), read through `read`: one row per device, the CN its username. */
export async function rowsFromBatch(
  read: NonNullable<PlanContext['read']>,
  options: { expect?: OutcomeExpectation; prefix?: string },
): Promise<Result<NewRow[], ApiError>> {
  const planned = await manifestRows(
    { manifest: 'manifest.csv', ...(options.prefix ? { prefix: options.prefix } : {}) },
    0,
    { expect: options.expect ?? 'accepted', access: undefined, retries: 0 },
    undefined,
    { baseDir: '/', read },
  );
  if (!planned.ok) return invalid(`The batch folder cannot be read: ${planned.error.message}`);
  return ok(planned.value.map(rowFromPlanned));
}
