// Batch issuing, one device one secret: N client certificates from one CA, each with its own
// password, and the files that carry them elsewhere (DESIGN §1): certificates and keys, a CSV
// manifest, a Redis script of HSET lines, and a matrix file (shared/matrix/matrix-file.ts).
// Core writes nothing itself: every file goes to the caller's sink, secrets marked as such.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatchRequest, type BatchProgress, type BatchSummary, type ManifestRow } from '../../../shared/certs/batch';
import type { IssuedRecord } from '../../../shared/certs/issue';
import { MATRIX_FILE_VERSION, MatrixFile, type FileRow } from '../../../shared/matrix/matrix-file';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import { csvField, fileStems, namesFromPattern, validateNames } from './batch-names';
import { issueCertificate, type SigningIssuer } from './issue';
import { privateKeyPem } from './keys';
import { writePkcs12 } from './pkcs12-write';
import { redisLine } from './redis-script';
import { isSelfSigned } from './summary';

/** A file of the batch, by path relative to the batch folder. `secret`: keys, passwords (write it 0600). */
export interface BatchFile {
  path: string;
  contents: string | Uint8Array;
  secret: boolean;
}

export interface BatchOptions {
  onProgress?: (progress: BatchProgress) => void;
  signal?: AbortSignal;
  /** Devices issued at the same time (WebCrypto runs on the thread pool). */
  concurrency?: number;
  now?: Date;
}

export interface BatchResult {
  summary: BatchSummary;
  rows: ManifestRow[];
  /** For the CA's issued list. */
  issued: IssuedRecord[];
}

export interface BatchError {
  code: 'request-invalid' | 'names-invalid' | 'issue-failed' | 'aborted';
  message: string;
  /** Devices fully written before it stopped. */
  done: number;
}

export const BATCH_FILES = { ca: 'ca.pem', manifest: 'manifest.csv', redis: 'redis-commands.txt', matrix: 'matrix.json' } as const;

/** Issues every device of the request with `issuer`, handing each file to `write` as it is made. */
export async function runBatch(
  input: BatchRequest,
  issuer: SigningIssuer,
  write: (file: BatchFile) => Promise<void>,
  options: BatchOptions = {},
): Promise<Result<BatchResult, BatchError>> {
  const parsed = BatchRequest.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err({
      code: 'request-invalid',
      message: `Invalid batch: ${first ? `${first.path.join('.') || 'request'}: ${first.message}` : '?'}.`,
      done: 0,
    });
  }
  const request = parsed.data;
  const names = request.names ? validateNames(request.names) : namesFromPattern(request.cnPattern, request.count ?? 0);
  if (!names.ok) return err({ ...names.error, done: 0 });
  const stems = fileStems(names.value);
  const total = names.value.length;
  const started = performance.now();
  const now = options.now ?? new Date();
  // A device certificate from an intermediate is sent with it, so brokers that trust the root accept it.
  const extraChain = isSelfSigned(issuer.certificate) ? [] : [issuer.certificate];
  const rows: ManifestRow[] = new Array(total);
  const issued: IssuedRecord[] = new Array(total);
  let next = 0;
  let done = 0;
  let failure: BatchError | null = null;

  const device = async (index: number): Promise<void> => {
    const cn = names.value[index] as string;
    const stem = stems[index] as string;
    const made = await issueCertificate(
      { profile: 'client', subject: { commonName: cn }, key: request.key, validity: request.validity },
      issuer,
      now,
    );
    if (!made.ok) throw new BatchStop({ code: 'issue-failed', message: `Device "${cn}": ${made.error.message}`, done });
    const password = randomBytes(request.passwordLength).toString('base64url').slice(0, request.passwordLength);
    const row: ManifestRow = {
      commonName: cn,
      password,
      fingerprint256: made.value.certificate.fingerprint256,
      serialNumber: made.value.record.serialNumber,
      certFile: `certs/${stem}.pem`,
      keyFile: `keys/${stem}-key.pem`,
    };
    await write({ path: row.certFile, contents: [made.value.certPem, ...extraChain.map((c) => c.toString())].join(''), secret: false });
    await write({ path: row.keyFile, contents: privateKeyPem(made.value.key), secret: true });
    if (request.pkcs12) {
      row.pfxFile = `pfx/${stem}.p12`;
      const pfx = writePkcs12({
        key: made.value.key,
        chain: [made.value.certificate, ...extraChain, issuer.certificate].filter(unique),
        password,
        friendlyName: cn,
      });
      await write({ path: row.pfxFile, contents: pfx, secret: true });
    }
    rows[index] = row;
    issued[index] = made.value.record;
    done++;
    const elapsedMs = performance.now() - started;
    options.onProgress?.({ done, total, elapsedMs, rate: done / Math.max(elapsedMs / 1000, 1e-6) });
  };

  const worker = async (): Promise<void> => {
    while (failure === null && next < total) {
      if (options.signal?.aborted) {
        failure = { code: 'aborted', message: `Stopped after ${done} of ${total} devices.`, done };
        return;
      }
      const index = next++;
      try {
        await device(index);
      } catch (e) {
        failure ??= e instanceof BatchStop ? e.error : { code: 'issue-failed', message: e instanceof Error ? e.message : String(e), done };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, total)) }, worker));
  if (failure) return err(failure);

  await write({ path: BATCH_FILES.ca, contents: issuer.certificate.toString(), secret: false });
  await write({ path: BATCH_FILES.manifest, contents: manifestCsv(rows), secret: true });
  const redisLines: string[] = [];
  for (const row of rows) redisLines.push(await redisLine(row.commonName, row.password, request.redis));
  await write({ path: BATCH_FILES.redis, contents: `${redisLines.join('\n')}\n`, secret: true });
  await write({ path: BATCH_FILES.matrix, contents: `${JSON.stringify(matrixOf(rows, request.matrix), null, 2)}\n`, secret: true });
  const elapsedMs = performance.now() - started;
  return ok({
    summary: {
      count: total,
      elapsedMs,
      rate: total / Math.max(elapsedMs / 1000, 1e-6),
      keyAlgorithm: request.key,
      manifestFile: BATCH_FILES.manifest,
      redisFile: BATCH_FILES.redis,
      matrixFile: BATCH_FILES.matrix,
      caFile: BATCH_FILES.ca,
    },
    rows,
    issued,
  });
}

class BatchStop extends Error {
  constructor(readonly error: BatchError) {
    super(error.message);
  }
}

function unique<T>(value: T, index: number, list: T[]): boolean {
  return list.indexOf(value) === index;
}

export const MANIFEST_COLUMNS = ['cn', 'password', 'sha256_fingerprint', 'serial', 'cert_file', 'key_file', 'pfx_file'] as const;

/** The manifest as CSV (RFC 4180), one device per line. */
export function manifestCsv(rows: ManifestRow[]): string {
  const lines: string[] = [MANIFEST_COLUMNS.join(',')];
  for (const r of rows)
    lines.push(
      [r.commonName, r.password, r.fingerprint256, r.serialNumber, r.certFile, r.keyFile, r.pfxFile ?? ''].map(csvField).join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** Every device expected to get in, with its CN as the username and its password. */
function matrixOf(rows: ManifestRow[], target: { host: string; port: number }): MatrixFile {
  const matrixRows: FileRow[] = rows.map((r) => ({
    name: r.commonName,
    cert: r.certFile,
    key: r.keyFile,
    username: r.commonName,
    password: r.password,
    expect: 'accepted',
  }));
  return MatrixFile.parse({
    version: MATRIX_FILE_VERSION,
    name: `batch of ${rows.length} devices`,
    target: { host: target.host, port: target.port, ca: [BATCH_FILES.ca] },
    rows: matrixRows,
  });
}
