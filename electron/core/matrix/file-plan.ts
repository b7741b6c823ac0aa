// A matrix file (JSON or YAML, version 1 or 2) read into a plan: the target resolved (address,
// saved profile or the lab), every row's files read relative to the file's folder, manifests
// expanded into one row per device, passwords taken from the file or the environment. Every
// problem is a value naming the row and the field.
import { dirname, relative, resolve, sep } from 'node:path';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { defaultSettings, type ConnectSettings } from '../../../shared/connect/settings';
import {
  MatrixFile,
  fileRowName,
  upgradeMatrixFile,
  type FileRow,
  type ManifestRow,
  type MatrixFileTarget,
  type OutcomeExpectation,
} from '../../../shared/matrix/matrix-file';
import { MAX_FILE_BYTES } from '../../../shared/ipc/file-source';
import { err, ok, type Result } from '../../../shared/result';
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../certs/bounded-read';
import type { FileBytes, IdentitySecrets } from '../certs/material';
import type { ProbeSource } from '../profiles/probe-input';
import { parseManifest } from './manifest';
import { commonNameOf, commonNameOfPfx, type MatrixPlan, type MatrixTarget, type PlannedRow } from './plan';
import { accessTopicOf, explicitTarget, labRow, profileRow, profileTarget, type LabSource, type RowTerms } from './sources';

export interface MatrixFileError {
  /** `parse`: not JSON/YAML; `invalid`: not a matrix file; `input`: a file, variable, profile or lab it names is missing. */
  code: 'parse' | 'invalid' | 'input';
  message: string;
}

/** A saved profile for a `profile:` row or target, with the expectation it stores. */
export interface FoundProfile {
  id: string;
  name: string;
  source: ProbeSource;
  expect: OutcomeExpectation | null;
}

export interface PlanContext {
  /** Relative paths in the file start here (the file's folder). */
  baseDir: string;
  /** Reads a file by its path relative to `baseDir` (`/` separators); default: from disk. */
  read?: (path: string) => Promise<Result<FileBytes, string>>;
  env?: Record<string, string | undefined>;
  /** Saved profiles by name or id (the CLI's data folder, the app's store). */
  profile?: (wanted: string) => Result<FoundProfile, string>;
  /** The lab of the data folder, for a lab on `port`. */
  lab?: (port: number) => Promise<Result<LabSource, string>>;
}

const fail = (code: MatrixFileError['code'], message: string) => err<MatrixFileError>({ code, message });

/** Parses matrix text: YAML for .yaml/.yml, JSON for .json, else whichever reads; then validates (v1 upgraded). */
export function parseMatrixText(text: string, fileName: string): Result<MatrixFile, MatrixFileError> {
  let raw: unknown;
  const yaml = /\.ya?ml$/i.test(fileName) || (!/\.json$/i.test(fileName) && !/^\s*[{[]/.test(text));
  try {
    raw = yaml ? load(text, { schema: CORE_SCHEMA, filename: fileName }) : JSON.parse(text);
  } catch (e) {
    const where = e instanceof YAMLException ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    const reason = e instanceof YAMLException ? e.reason : e instanceof Error ? e.message : String(e);
    return fail('parse', `${fileName} is not valid ${yaml ? 'YAML' : 'JSON'}${where}: ${reason}`);
  }
  const parsed = MatrixFile.safeParse(upgradeMatrixFile(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    return fail('invalid', `${fileName}: ${path.replace(/^\./, '') || 'document'}: ${issue?.message ?? 'not a matrix file'}`);
  }
  return ok(parsed.data);
}

type Read = (path: string) => Promise<Result<FileBytes, MatrixFileError>>;

/**
 * Reads files relative to `baseDir`: with `read` when given (files a browser sent), else from
 * disk. A path in a matrix file may name a FIFO, a device or a huge file: only a regular file
 * of at most `maxBytes` is read.
 */
const readerOf = (baseDir: string, read: PlanContext['read'], maxBytes: number): Read =>
  read
    ? async (path) => {
        const r = await read(relative(baseDir, resolve(baseDir, path)).split(sep).join('/'));
        if (!r.ok) return fail('input', r.error);
        return r.value.bytes.byteLength > maxBytes
          ? fail(
              'input',
              `${path} is ${r.value.bytes.byteLength.toLocaleString('en-US')} bytes; files larger than ${maxBytes.toLocaleString('en-US')} bytes are not read here.`,
            )
          : r;
      }
    : reader(baseDir, maxBytes);

const reader =
  (baseDir: string, maxBytes: number): Read =>
  async (path) => {
    const read = await readBoundedFile(resolve(baseDir, path), maxBytes);
    if (!read.ok) return fail('input', read.error.message);
    return ok({ name: path.split(/[\\/]/).at(-1) ?? path, bytes: new Uint8Array(read.value) });
  };

/** The target's settings and trust, with the file's fields over a profile's or the lab's. */
async function targetOf(
  t: MatrixFileTarget,
  ctx: PlanContext,
  read: Read,
  lab: LabSource | null,
): Promise<Result<MatrixTarget, MatrixFileError>> {
  let base: MatrixTarget;
  if (t.lab) base = lab!.target;
  else if (t.profile !== undefined) {
    if (!ctx.profile) return fail('input', `the target names the profile "${t.profile}", but no saved profiles are available here`);
    const found = ctx.profile(t.profile);
    if (!found.ok) return fail('input', `target: ${found.error}`);
    base = profileTarget(found.value.source);
  } else base = explicitTarget(defaultSettings({ host: t.host!, port: t.port!, protocol: t.protocol ?? 'mqtts' }), []);
  const s: ConnectSettings = { ...base.settings };
  if (t.protocol !== undefined) s.protocol = t.protocol;
  if (t.path !== undefined) s.path = t.path;
  if (t.host !== undefined) s.host = t.host;
  if (t.port !== undefined) s.port = t.port;
  if (t.servername !== undefined) s.servername = t.servername;
  if (t.verify !== undefined) s.verify = t.verify;
  if (t.tlsMin !== undefined) s.tlsMin = t.tlsMin;
  if (t.tlsMax !== undefined) s.tlsMax = t.tlsMax;
  if (t.mqttVersion !== undefined) s.mqttVersion = t.mqttVersion;
  let ca = base.ca;
  if (t.ca.length) {
    ca = [];
    for (const path of t.ca) {
      const f = await read(path);
      if (!f.ok) return fail('input', `target CA: ${f.error.message}`);
      ca.push(f.value);
    }
  }
  return ok({ ...explicitTarget(s, ca), ...(t.lab ? { label: base.label.replace(/\d+$/, String(s.port)) } : {}) });
}

/** Reads a secret given in the file or in an environment variable. */
function secretOf(row: string, value: string | undefined, envName: string | undefined, env: Record<string, string | undefined>) {
  if (envName === undefined) return ok(value);
  const v = env[envName];
  return v === undefined ? fail('input', `row "${row}": the environment variable ${envName} is not set`) : ok(v);
}

async function fileRow(row: FileRow, index: number, terms: RowTerms, topic: string | undefined, read: Read, env: PlanContext['env'] = {}) {
  const at = (f: Result<FileBytes, MatrixFileError>) => (f.ok ? f : fail('input', `row "${row.name}": ${f.error.message}`));
  const files: Partial<Record<'cert' | 'key' | 'pfx', FileBytes>> = {};
  for (const slot of ['cert', 'key', 'pfx'] as const) {
    const path = row[slot];
    if (path === undefined) continue;
    const f = at(await read(path));
    if (!f.ok) return f;
    files[slot] = f.value;
  }
  const secrets: IdentitySecrets = {};
  for (const [field, value, envName] of [
    ['passphrase', row.passphrase, row.passphraseEnv],
    ['password', row.password, row.passwordEnv],
    ['pfxPassword', row.pfxPassword, row.pfxPasswordEnv],
  ] as const) {
    const s = secretOf(row.name, value, envName, env);
    if (!s.ok) return s;
    if (s.value !== undefined) secrets[field] = s.value;
  }
  const planned: PlannedRow = {
    index,
    id: row.name,
    name: row.name,
    expect: terms.expect,
    accessTopic: accessTopicOf(terms, topic),
    retries: terms.retries,
    commonName: files.cert
      ? commonNameOf(files.cert.bytes)
      : files.pfx
        ? commonNameOfPfx(files.pfx, secrets.pfxPassword ?? secrets.passphrase)
        : null,
    ...files,
    secrets,
    ...(row.username !== undefined ? { username: row.username } : {}),
    ...(row.clientId !== undefined ? { clientId: row.clientId } : {}),
    ...(row.mqttVersion ? { mqttVersion: row.mqttVersion } : {}),
  };
  return ok(planned);
}

/** The devices of a manifest row as rows, their files read beside the manifest. */
export async function manifestRows(row: ManifestRow, first: number, terms: RowTerms, topic: string | undefined, ctx: PlanContext) {
  const text = await readerOf(ctx.baseDir, ctx.read, MAX_DOCUMENT_BYTES)(row.manifest);
  if (!text.ok) return fail('input', `manifest row: ${text.error.message}`);
  const devices = parseManifest(new TextDecoder().decode(text.value.bytes));
  if (!devices.ok) return fail('input', `${row.manifest}: ${devices.error}`);
  const folder = dirname(resolve(ctx.baseDir, row.manifest));
  const sent = ctx.read;
  const inFolder = readerOf(folder, sent && ((p) => sent(relative(ctx.baseDir, resolve(folder, p)).split(sep).join('/'))), MAX_FILE_BYTES);
  const out: PlannedRow[] = [];
  for (const d of devices.value) {
    const name = `${row.prefix ?? ''}${d.commonName}`;
    const pfx = row.usePfx === true;
    if (pfx ? !d.pfxFile : !d.certFile || !d.keyFile)
      return fail('input', `${row.manifest} line ${d.line} (${d.commonName}): no ${pfx ? 'pfx_file' : 'cert_file and key_file'}`);
    const planned = await fileRow(
      {
        name,
        ...(pfx ? { pfx: d.pfxFile!, pfxPassword: d.password } : { cert: d.certFile!, key: d.keyFile! }),
        ...(row.usernameIsCn === false ? {} : { username: d.commonName }),
        password: d.password,
      },
      first + out.length,
      terms,
      topic,
      inFolder,
    );
    if (!planned.ok) return planned;
    out.push(planned.value);
  }
  return ok(out);
}

/** Resolves a parsed matrix file into a plan: every file read, every row named once. */
export async function planMatrixFile(file: MatrixFile, ctx: PlanContext): Promise<Result<MatrixPlan, MatrixFileError>> {
  const read = readerOf(ctx.baseDir, ctx.read, MAX_FILE_BYTES);
  const t = file.target;
  const needsLab = t.lab === true || file.rows.some((r) => 'lab' in r);
  let lab: LabSource | null = null;
  if (needsLab) {
    if (!ctx.lab) return fail('input', 'the matrix names the lab, but no lab is available here');
    const opened = await ctx.lab(t.port ?? 8883);
    if (!opened.ok) return fail('input', opened.error);
    lab = opened.value;
  }
  const target = await targetOf(t, ctx, read, lab);
  if (!target.ok) return target;
  const d = file.defaults ?? {};
  const rows: PlannedRow[] = [];
  const topic = t.accessCheck;
  for (const row of file.rows) {
    const terms = (expect: OutcomeExpectation | null): RowTerms => ({
      expect: row.expect ?? expect ?? d.expect ?? 'accepted',
      access: row.access ?? d.access,
      retries: row.retries ?? d.retries ?? 0,
    });
    const name = fileRowName(row);
    const at = { index: rows.length, id: name ?? '', name: name ?? '' };
    if ('manifest' in row) {
      const expanded = await manifestRows(row, rows.length, terms(null), topic, ctx);
      if (!expanded.ok) return expanded;
      rows.push(...expanded.value);
    } else if ('profile' in row) {
      const found = ctx.profile ? ctx.profile(row.profile) : err('no saved profiles are available here');
      if (!found.ok) return fail('input', `row "${at.name}": ${found.error}`);
      const origin = { kind: 'profile' as const, profileId: found.value.id };
      rows.push({ ...profileRow(found.value.source, at, terms(found.value.expect), topic), origin });
    } else if ('lab' in row) {
      const demo = lab!.profiles.find((p) => p.name === row.lab);
      if (!demo)
        return fail(
          'input',
          `row "${at.name}": the lab has no identity "${row.lab}" (it has ${lab!.profiles.map((p) => p.name).join(', ')})`,
        );
      const labTerms = {
        access: row.access ?? d.access,
        retries: row.retries ?? d.retries ?? 0,
        ...(row.expect ? { expect: row.expect } : {}),
      };
      rows.push({ ...labRow(demo, at, labTerms), origin: { kind: 'lab', identity: demo.name } });
    } else {
      const planned = await fileRow(row, rows.length, terms(null), topic, read, ctx.env ?? {});
      if (!planned.ok) return planned;
      rows.push(planned.value);
    }
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id))
      return fail('invalid', `two rows are named "${r.id}": row names must be unique (give one a name, or a manifest a prefix)`);
    seen.add(r.id);
  }
  return ok({ name: file.name ?? 'matrix', target: target.value, rows });
}
