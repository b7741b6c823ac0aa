// The lab's PKI in the data folder, issued with the certificate workbench on first start: a lab
// CA, a broker certificate for localhost / 127.0.0.1 / ::1, a foreign CA, and the demo devices
// (demo-identities.ts), with the built-in auth table and the CRL. These are demo credentials:
// keys and passwords sit in the folder unencrypted (0600), for test brokers only.
import { Buffer } from 'node:buffer';
import { randomBytes, X509Certificate } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CaRecord, type IssueRequest } from '../../../shared/certs/issue';
import { Cause } from '../../../shared/connect/report';
import { LabSettings } from '../../../shared/lab/lab-api';
import { AuthTableEntry, NO_RIGHTS, OWN_TOPIC_RIGHTS } from '../../../shared/lab/lab-config';
import { MAX_FILE_BYTES } from '../../../shared/ipc/file-source';
import { err, ok, type Result } from '../../../shared/result';
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../certs/bounded-read';
import { buildCrl, newCaRecord, revoke, withIssued } from '../certs/crl';
import { issueCertificate, prepareIssuer, type Issued, type SigningIssuer } from '../certs/issue';
import { privateKeyPem } from '../certs/keys';
import { parsePrivateKey } from '../certs/private-key';
import { writePkcs12 } from '../certs/pkcs12-write';
import { redisLine, storedPassword } from '../certs/redis-script';
import { writeFileAtomic } from '../store/atomic-file';
import { DEMO_IDENTITIES, type DemoIdentitySpec } from './demo-identities';

export const LAB_FOLDER = 'lab';

export const LAB_FILES = {
  state: 'lab.json',
  ca: 'ca.pem',
  caKey: 'ca-key.pem',
  caRecord: 'ca.json',
  crl: 'crl.pem',
  broker: 'broker.pem',
  brokerKey: 'broker-key.pem',
  foreignCa: 'foreign-ca.pem',
  redis: 'redis-commands.txt',
} as const;

/** One demo identity as issued: its files (relative to the lab folder) and the secrets its profile uses. */
export const LabIdentity = z.object({
  name: z.string(),
  commonName: z.string().nullable(),
  about: z.string(),
  cert: z.string().nullable(),
  key: z.string().nullable(),
  pfx: z.string().nullable(),
  /** The password the profile sends (for `wrong-password-device`, not the one in the table). */
  password: z.string(),
  /** The password the auth table holds for this CN; null when the CN is not in the table. */
  tablePassword: z.string().nullable(),
  keyPassphrase: z.string().nullable(),
  pfxPassword: z.string().nullable(),
  mqttVersion: z.enum(['3.1.1', '5']),
  /** With refusal "not-authorized"; see expectedCause for the other setting. */
  expect: z.union([Cause, z.literal('refusal')]),
  serialNumber: z.string().nullable(),
});
export type LabIdentity = z.infer<typeof LabIdentity>;

export const LabState = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  identities: z.array(LabIdentity),
  /** The built-in auth table: CN → password hash + topic rights. */
  table: z.array(AuthTableEntry),
  /** The app's settings of its lab (port, auth source); kept across a regeneration. */
  settings: LabSettings.optional(),
  /** The profiles the app made of the identities (identity name → profile id), replaced when made again. */
  profiles: z.record(z.string(), z.string()).optional(),
});
export type LabState = z.infer<typeof LabState>;

/** The lab's PKI, opened: what the broker presents and trusts, and what the demo profiles use. */
export interface LabPki {
  dir: string;
  state: LabState;
  caPem: string;
  signer: SigningIssuer;
  record: CaRecord;
  brokerCertPem: string;
  brokerKeyPem: string;
  /** A CRL signed at open time (RFC 5280 §5.1.2.5: its nextUpdate is 30 days on). */
  crlPem: string;
}

export interface LabPkiError {
  code: 'pki-damaged' | 'pki-expired' | 'io';
  message: string;
}

const DAY = 86_400_000;
const at = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString();
const secret = (bytes = 12) => randomBytes(bytes).toString('base64url');
const SUBJECT_ORG = 'Keyhole Lab';

/** The lab folder of a data folder. */
export const labDir = (dataDir: string) => join(dataDir, LAB_FOLDER);

async function issue(request: IssueRequest, issuer: SigningIssuer | null, now: Date): Promise<Issued> {
  const made = await issueCertificate(request, issuer, now);
  // Every request here is fixed by this file; a failure is a bug, not a user's input.
  if (!made.ok) throw new Error(`lab PKI: ${made.error.message}`);
  return made.value;
}

async function signer(issued: Issued): Promise<SigningIssuer> {
  const prepared = await prepareIssuer({ certificate: issued.certificate, key: issued.key });
  if (!prepared.ok) throw new Error(`lab PKI: ${prepared.error.message}`);
  return prepared.value;
}

function validity(spec: DemoIdentitySpec, now: Date) {
  if (spec.validity === 'expired') return { notBefore: at(now, -400), notAfter: at(now, -30) };
  if (spec.validity === 'not-yet-valid') return { notBefore: at(now, 3650), notAfter: at(now, 3660) };
  return { notBefore: at(now, -1), notAfter: at(now, 5 * 365) };
}

interface Written {
  path: string;
  contents: string | Uint8Array;
  secret: boolean;
}

/** Issues a whole lab into `dir` (which must not hold one yet). */
async function issueLab(dir: string, now: Date): Promise<void> {
  const files: Written[] = [];
  const ca = await issue(
    {
      profile: 'ca',
      subject: { commonName: 'Keyhole Lab CA', organization: SUBJECT_ORG },
      key: 'ec-p256',
      validity: { notBefore: at(now, -1), notAfter: at(now, 10 * 365) },
    },
    null,
    now,
  );
  const caSigner = await signer(ca);
  const foreign = await issue(
    {
      profile: 'ca',
      subject: { commonName: 'Foreign CA', organization: 'Somebody Else' },
      key: 'ec-p256',
      validity: { notBefore: at(now, -1), notAfter: at(now, 10 * 365) },
    },
    null,
    now,
  );
  const foreignSigner = await signer(foreign);
  const broker = await issue(
    {
      profile: 'server',
      subject: { commonName: 'localhost', organization: SUBJECT_ORG },
      key: 'ec-p256',
      validity: { notBefore: at(now, -1), notAfter: at(now, 5 * 365) },
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    },
    caSigner,
    now,
  );
  let record = withIssued(newCaRecord(ca, false), [broker.record]);
  files.push(
    { path: LAB_FILES.ca, contents: ca.certPem, secret: false },
    { path: LAB_FILES.caKey, contents: privateKeyPem(ca.key), secret: true },
    { path: LAB_FILES.foreignCa, contents: foreign.certPem, secret: false },
    { path: LAB_FILES.broker, contents: broker.certPem, secret: false },
    { path: LAB_FILES.brokerKey, contents: privateKeyPem(broker.key), secret: true },
  );

  const identities: LabIdentity[] = [];
  const table: AuthTableEntry[] = [];
  const revoked: string[] = [];
  for (const spec of DEMO_IDENTITIES) {
    const made = await issueIdentity(spec, identities, spec.issuer === 'foreign' ? foreignSigner : caSigner, ca, now, files);
    identities.push(made.identity);
    if (made.issued?.issuer === 'lab') record = withIssued(record, [made.issued.record]);
    if (made.issued && spec.revoked) revoked.push(made.issued.record.serialNumber);
    if (made.tableEntry) table.push(await made.tableEntry);
  }
  if (revoked.length > 0) {
    const result = revoke(record, { serialNumbers: revoked }, now, 'keyCompromise');
    if (!result.ok) throw new Error(`lab PKI: ${result.error.message}`);
    record = result.value.record;
  }
  const state: LabState = { version: 1, createdAt: now.toISOString(), identities, table };
  files.push({ path: LAB_FILES.caRecord, contents: `${JSON.stringify(record, null, 2)}\n`, secret: false });
  for (const f of files) await writeFileAtomic(join(dir, f.path), f.contents, f.secret ? 0o600 : 0o644);
  await writeState(dir, state);
}

/** lab.json and the Redis script that mirrors its table (both 0600: they hold demo passwords). */
async function writeState(dir: string, state: LabState): Promise<void> {
  await writeFileAtomic(join(dir, LAB_FILES.redis), await redisCommands(state), 0o600);
  await writeFileAtomic(join(dir, LAB_FILES.state), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

/** Saves an edited state (table, settings, profiles) into the lab folder `dir`. */
export async function saveLabState(dir: string, state: LabState): Promise<Result<LabState, LabPkiError>> {
  const checked = LabState.safeParse(state);
  // The callers build the state from parsed parts; a mismatch here is a bug, not a user's input.
  if (!checked.success) throw new Error(`lab state: ${checked.error.issues[0]?.message ?? '?'}`);
  try {
    await writeState(dir, checked.data);
  } catch (e) {
    return err({ code: 'io', message: `Cannot write ${join(dir, LAB_FILES.state)}: ${why(e)}.` });
  }
  return ok(checked.data);
}

/** `HSET tls_domain:<CN> password <password>` for every allowed identity: the same lab on Redis (`redis-cli < redis-commands.txt`). */
async function redisCommands(state: LabState): Promise<string> {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const identity of state.identities) {
    if (identity.commonName === null || identity.tablePassword === null || seen.has(identity.commonName)) continue;
    seen.add(identity.commonName);
    lines.push(await redisLine(identity.commonName, identity.tablePassword));
  }
  return `${lines.join('\n')}\n`;
}

interface IssuedIdentity {
  identity: LabIdentity;
  issued: { issuer: 'lab' | 'foreign'; record: Issued['record'] } | null;
  tableEntry: Promise<AuthTableEntry> | null;
}

async function issueIdentity(
  spec: DemoIdentitySpec,
  earlier: LabIdentity[],
  issuer: SigningIssuer,
  ca: Issued,
  now: Date,
  files: Written[],
): Promise<IssuedIdentity> {
  const common = { name: spec.name, commonName: spec.commonName, about: spec.about, mqttVersion: spec.mqttVersion, expect: spec.expect };
  if (spec.sameCertificateAs) {
    const twin = earlier.find((i) => i.name === spec.sameCertificateAs);
    if (!twin) throw new Error(`lab PKI: ${spec.name} reuses ${spec.sameCertificateAs}, which comes later`);
    return { identity: { ...twin, ...common }, issued: null, tableEntry: null };
  }
  const own = secret();
  const noFiles = { cert: null, key: null, pfx: null, keyPassphrase: null, pfxPassword: null, serialNumber: null };
  if (spec.issuer === 'none' || spec.commonName === null) {
    return { identity: { ...common, ...noFiles, password: own, tablePassword: null }, issued: null, tableEntry: null };
  }
  const made = await issue(
    {
      profile: 'client',
      subject: { commonName: spec.commonName, organization: SUBJECT_ORG },
      key: 'ec-p256',
      validity: validity(spec, now),
    },
    issuer,
    now,
  );
  const stem = `devices/${spec.name}`;
  const identity: LabIdentity = {
    ...common,
    ...noFiles,
    cert: `${stem}.pem`,
    key: `${stem}-key.pem`,
    password: spec.password === 'wrong' ? `not-${secret(6)}` : own,
    tablePassword: spec.table === 'absent' ? null : own,
    serialNumber: made.record.serialNumber,
  };
  files.push({ path: `${stem}.pem`, contents: made.certPem, secret: false });
  if (spec.keyPassphrase) identity.keyPassphrase = secret();
  files.push({ path: `${stem}-key.pem`, contents: privateKeyPem(made.key, identity.keyPassphrase ?? undefined), secret: true });
  if (spec.pkcs12) {
    identity.pfx = `${stem}.p12`;
    identity.pfxPassword = secret();
    const bundle = writePkcs12({
      key: made.key,
      chain: [made.certificate, ca.certificate],
      password: identity.pfxPassword,
      friendlyName: spec.commonName,
    });
    files.push({ path: identity.pfx, contents: bundle, secret: true });
  }
  const commonName = spec.commonName;
  const tableEntry =
    spec.table === 'absent'
      ? null
      : storedPassword(own, 'sha256-salt-prefix', 10).then((stored): AuthTableEntry => ({
          commonName,
          hash: 'sha256-salt-prefix',
          value: stored.value,
          ...(stored.salt === undefined ? {} : { salt: stored.salt }),
          rights: spec.table === 'no-rights' ? NO_RIGHTS : OWN_TOPIC_RIGHTS,
        }));
  return { identity, issued: { issuer: spec.issuer, record: made.record }, tableEntry };
}

const why = (e: unknown) => ((e as { code?: string }).code === 'ENOENT' ? 'missing' : e instanceof Error ? e.message : String(e));

/**
 * A file of the lab folder (`path` relative to `dir`), read only when it is a regular file of at
 * most `maxBytes`: a FIFO put there must not hang the app, nor /dev/zero fill its memory.
 */
export async function readLabFile(dir: string, path: string, maxBytes = MAX_FILE_BYTES): Promise<Result<Buffer, LabPkiError>> {
  const read = await readBoundedFile(join(dir, path), maxBytes);
  return read.ok ? read : err({ code: 'pki-damaged', message: `The lab cannot be read: ${read.error.message}` });
}

/** The same, for the callers that have no result to give it to: a failure is thrown with its sentence. */
export async function labFileOrThrow(dir: string, path: string): Promise<Buffer> {
  const read = await readLabFile(dir, path);
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

/** The JSON documents of the lab list what it issued, so they get the documents' limit. */
const DOCUMENTS: readonly string[] = [LAB_FILES.state, LAB_FILES.caRecord];

async function readText(dir: string, file: string): Promise<Result<string, LabPkiError>> {
  const read = await readLabFile(dir, file, DOCUMENTS.includes(file) ? MAX_DOCUMENT_BYTES : MAX_FILE_BYTES);
  return read.ok ? ok(read.value.toString('utf8')) : read;
}

function parseJson<T>(dir: string, file: string, text: string, schema: z.ZodType<T>): Result<T, LabPkiError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ code: 'pki-damaged', message: `${join(dir, file)} is not valid JSON.` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({
      code: 'pki-damaged',
      message: `${join(dir, file)} is damaged (${issue?.path.join('.') || 'document'}: ${issue?.message ?? '?'}).`,
    });
  }
  return ok(parsed.data);
}

/** Opens the lab in `dir` and signs a fresh CRL (an expired CRL makes OpenSSL refuse every client). */
export async function openLabPki(dir: string, now: Date): Promise<Result<LabPki, LabPkiError>> {
  const texts: Record<string, string> = {};
  for (const file of [LAB_FILES.state, LAB_FILES.ca, LAB_FILES.caKey, LAB_FILES.caRecord, LAB_FILES.broker, LAB_FILES.brokerKey]) {
    const text = await readText(dir, file);
    if (!text.ok) return text;
    texts[file] = text.value;
  }
  const state = parseJson(dir, LAB_FILES.state, texts[LAB_FILES.state]!, LabState);
  if (!state.ok) return state;
  const record = parseJson(dir, LAB_FILES.caRecord, texts[LAB_FILES.caRecord]!, CaRecord);
  if (!record.ok) return record;
  let certificate: X509Certificate;
  let brokerCert: X509Certificate;
  try {
    certificate = new X509Certificate(texts[LAB_FILES.ca]!);
    brokerCert = new X509Certificate(texts[LAB_FILES.broker]!);
  } catch {
    return err({ code: 'pki-damaged', message: `${dir}: ${LAB_FILES.ca} or ${LAB_FILES.broker} is not a certificate.` });
  }
  const key = parsePrivateKey({ name: LAB_FILES.caKey, bytes: Buffer.from(texts[LAB_FILES.caKey]!) }, undefined);
  if (!key.ok) return err({ code: 'pki-damaged', message: `${join(dir, LAB_FILES.caKey)}: ${key.error.message}` });
  const prepared = await prepareIssuer({ certificate, key: key.value });
  if (!prepared.ok) return err({ code: 'pki-damaged', message: `${dir}: ${prepared.error.message}` });
  for (const [name, cert] of [
    ['lab CA', certificate],
    ['broker certificate', brokerCert],
  ] as const) {
    if (Date.parse(cert.validTo) <= now.getTime()) {
      return err({ code: 'pki-expired', message: `The ${name} in ${dir} expired on ${new Date(cert.validTo).toISOString()}.` });
    }
  }
  const crl = await signCrl(dir, record.value, prepared.value, now);
  if (!crl.ok) return crl;
  return ok({
    dir,
    state: state.value,
    caPem: texts[LAB_FILES.ca]!,
    signer: prepared.value,
    record: crl.value.record,
    brokerCertPem: texts[LAB_FILES.broker]!,
    brokerKeyPem: texts[LAB_FILES.brokerKey]!,
    crlPem: crl.value.pem,
  });
}

/** Signs a CRL of everything revoked, valid 30 days, numbered on from `record`, and writes it with the record. */
export async function signCrl(
  dir: string,
  record: CaRecord,
  signer: SigningIssuer,
  now: Date,
): Promise<Result<{ pem: string; record: CaRecord }, LabPkiError>> {
  const crl = await buildCrl(record, signer, now);
  try {
    await writeFileAtomic(join(dir, LAB_FILES.crl), crl.pem, 0o644);
    await writeFileAtomic(join(dir, LAB_FILES.caRecord), `${JSON.stringify(crl.record, null, 2)}\n`, 0o644);
  } catch (e) {
    return err({ code: 'io', message: `Cannot write the CRL in ${dir}: ${why(e)}.` });
  }
  return ok({ pem: crl.pem, record: crl.record });
}

async function exists(path: string): Promise<boolean> {
  try {
    // A stat, not a read: whatever lab.json is (a FIFO included), the lab was issued here.
    await stat(join(path, LAB_FILES.state));
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return false;
    throw e;
  }
}

/** Whether the data folder holds a lab (its lab.json), damaged or not. */
export const labIssued = (dataDir: string): Promise<boolean> => exists(labDir(dataDir));

/** Issues a new lab next to the old one, then swaps them, so a crash leaves one whole lab. */
async function issueInPlace(dataDir: string, now: Date): Promise<void> {
  const dir = labDir(dataDir);
  const fresh = `${dir}.new-${secret(6)}`;
  const old = `${dir}.old-${secret(6)}`;
  try {
    await issueLab(fresh, now);
    await rename(dir, old).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    });
    await rename(fresh, dir);
  } finally {
    await rm(fresh, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

/** The lab of a data folder, issued on first use; `created` says whether it was just issued. */
export async function ensureLabPki(dataDir: string, now: Date): Promise<Result<{ pki: LabPki; created: boolean }, LabPkiError>> {
  let created = false;
  try {
    const dir = labDir(dataDir);
    // A lab folder without lab.json (an interrupted first start) is issued again; one with a
    // damaged lab.json is reported, never overwritten.
    if (!(await exists(dir))) {
      await issueInPlace(dataDir, now);
      created = true;
    }
  } catch (e) {
    return err({ code: 'io', message: `Cannot issue the lab in ${labDir(dataDir)}: ${why(e)}.` });
  }
  const opened = await openLabPki(labDir(dataDir), now);
  return opened.ok ? ok({ pki: opened.value, created }) : opened;
}

/** Issues the whole lab anew (new CA, new devices, new passwords), replacing the old one. */
export async function regenerateLabPki(dataDir: string, now: Date): Promise<Result<LabPki, LabPkiError>> {
  try {
    await issueInPlace(dataDir, now);
  } catch (e) {
    return err({ code: 'io', message: `Cannot issue the lab in ${labDir(dataDir)}: ${why(e)}.` });
  }
  return openLabPki(labDir(dataDir), now);
}
