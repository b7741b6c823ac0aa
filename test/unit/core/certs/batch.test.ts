// Batch issuing, one device one secret: 1,000 devices whose manifest, Redis script, matrix file
// and certificate/key files agree when each is parsed back; the rate is printed (no timed assertion).
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MatrixFile } from '../../../../shared/matrix/matrix-file';
import type { BatchProgress } from '../../../../shared/certs/batch';
import { BATCH_FILES, MANIFEST_COLUMNS, runBatch, type BatchFile } from '../../../../electron/core/certs/batch';
import { issueCertificate, prepareIssuer, type SigningIssuer } from '../../../../electron/core/certs/issue';
import { issuedBy } from '../../../../electron/core/certs/summary';

const DAY = 86_400_000;
const validity = () => ({ notBefore: new Date(Date.now() - DAY).toISOString(), notAfter: new Date(Date.now() + 365 * DAY).toISOString() });

let issuer: SigningIssuer;

beforeAll(async () => {
  const ca = await issueCertificate({ profile: 'ca', subject: { commonName: 'Batch Test CA' }, key: 'ec-p256', validity: validity() });
  if (!ca.ok) throw new Error(ca.error.message);
  const signer = await prepareIssuer({ certificate: ca.value.certificate, key: ca.value.key });
  if (!signer.ok) throw new Error(signer.error.message);
  issuer = signer.value;
});

/** RFC 4180 CSV, parsed independently of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      field += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

async function run(request: Parameters<typeof runBatch>[0], options: Parameters<typeof runBatch>[3] = {}) {
  const files = new Map<string, BatchFile>();
  const result = await runBatch(request, issuer, async (file) => void files.set(file.path, file), options);
  const text = (path: string) => {
    const file = files.get(path);
    if (!file) throw new Error(`no ${path}`);
    return typeof file.contents === 'string' ? file.contents : Buffer.from(file.contents).toString('utf8');
  };
  return { result, files, text };
}

describe('runBatch', () => {
  it('issues 1,000 devices whose manifest, Redis script, matrix file and files agree', async () => {
    const progress: BatchProgress[] = [];
    const { result, files, text } = await run(
      { count: 1000, validity: validity() },
      { onProgress: (p) => progress.push(p), concurrency: 4 },
    );
    if (!result.ok) throw new Error(result.error.message);
    const { summary } = result.value;
    console.log(
      `batch: ${summary.count} EC P-256 devices in ${(summary.elapsedMs / 1000).toFixed(2)} s, ${summary.rate.toFixed(0)} devices/s`,
    );
    expect(summary.count).toBe(1000);
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));

    const [header, ...rows] = parseCsv(text(BATCH_FILES.manifest));
    expect(header).toEqual([...MANIFEST_COLUMNS]);
    expect(rows).toHaveLength(1000);
    expect(rows[0]?.[0]).toBe('device-0001');
    expect(new Set(rows.map((r) => r[0])).size).toBe(1000);
    expect(new Set(rows.map((r) => r[1])).size).toBe(1000);

    const redis = text(BATCH_FILES.redis).trimEnd().split('\n');
    expect(redis).toHaveLength(1000);
    const matrix = MatrixFile.parse(JSON.parse(text(BATCH_FILES.matrix)));
    expect(matrix.rows).toHaveLength(1000);
    expect(matrix.target).toMatchObject({ host: '127.0.0.1', port: 8883, ca: [BATCH_FILES.ca] });
    const ca = new X509Certificate(text(BATCH_FILES.ca));
    expect(ca.fingerprint256).toBe(issuer.certificate.fingerprint256);

    rows.forEach(([cn, password, fingerprint, serial, certFile, keyFile], i) => {
      const cert = new X509Certificate(text(certFile ?? ''));
      expect(cert.subject).toBe(`CN=${cn}`);
      expect(cert.fingerprint256).toBe(fingerprint);
      expect(cert.serialNumber).toBe(serial);
      expect(issuedBy(cert, ca)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(text(keyFile ?? '')))).toBe(true);
      expect(files.get(keyFile ?? '')?.secret).toBe(true);
      expect(files.get(certFile ?? '')?.secret).toBe(false);
      expect(redis[i]?.split(' ')).toEqual(['HSET', `tls_domain:${cn}`, 'password', password]);
      expect(matrix.rows[i]).toEqual({ name: cn, cert: certFile, key: keyFile, username: cn, password, expect: 'accepted' });
    });
    expect(result.value.issued.map((r) => r.serialNumber)).toEqual(rows.map((r) => r[3]));
    for (const secret of [BATCH_FILES.manifest, BATCH_FILES.redis, BATCH_FILES.matrix]) expect(files.get(secret)?.secret).toBe(true);
  }, 120_000);

  it('takes CNs from a list, quotes awkward ones, and names files safely', async () => {
    const names = ['346a004d-1dab-4016-bb38-03cca7094415', 'a b', 'quote"comma,', 'x\r\nFLUSHALL', '../etc/passwd', 'Gerät-Ä'];
    const { result, text } = await run({ names, validity: validity(), pkcs12: true });
    if (!result.ok) throw new Error(result.error.message);
    const [, ...rows] = parseCsv(text(BATCH_FILES.manifest));
    expect(rows.map((r) => r[0])).toEqual(names);
    for (const row of rows) {
      expect(row[4]).toMatch(/^certs\/[A-Za-z0-9._-]+\.pem$/);
      expect(row[6]).toMatch(/^pfx\/[A-Za-z0-9._-]+\.p12$/);
      expect(new X509Certificate(text(row[4] ?? '')).subject).toContain('CN=');
    }
    const redis = text(BATCH_FILES.redis);
    expect(redis.trimEnd().split('\n')).toHaveLength(names.length);
    expect(redis).toContain('"tls_domain:x\\x0d\\x0aFLUSHALL"');
    expect(redis).toContain('"tls_domain:quote\\"comma,"');
    expect(redis).toContain('"tls_domain:Ger\\xc3\\xa4t-\\xc3\\x84"');
  });

  it('stores salted SHA-256 and bcrypt hashes that verify against the manifest passwords', async () => {
    for (const hash of ['sha256-salt-prefix', 'sha256-salt-suffix', 'bcrypt'] as const) {
      const { result, text } = await run({
        count: 3,
        validity: validity(),
        redis: { hash, bcryptRounds: 4, keyPrefix: 'dev:', passwordField: 'pw', saltField: 's' },
      });
      if (!result.ok) throw new Error(result.error.message);
      const lines = text(BATCH_FILES.redis).trimEnd().split('\n');
      result.value.rows.forEach((row, i) => {
        const [cmd, key, field, value, saltField, salt] = (lines[i] ?? '').split(' ');
        expect([cmd, key, field]).toEqual(['HSET', `dev:${row.commonName}`, 'pw']);
        if (hash === 'bcrypt') {
          expect(saltField).toBeUndefined();
          expect(bcrypt.compareSync(row.password, value ?? '')).toBe(true);
        } else {
          expect(saltField).toBe('s');
          const input = hash === 'sha256-salt-prefix' ? `${salt}${row.password}` : `${row.password}${salt}`;
          expect(value).toBe(createHash('sha256').update(input).digest('hex'));
        }
      });
    }
  });

  it('refuses a pattern that would repeat a CN, and a list that does', async () => {
    const repeat = await run({ count: 2, cnPattern: 'same', validity: validity() });
    expect(!repeat.result.ok && repeat.result.error).toMatchObject({ code: 'names-invalid' });
    const twice = await run({ names: ['a', 'b', 'a'], validity: validity() });
    expect(!twice.result.ok && twice.result.error.message).toContain('"a" appears twice');
  });

  it('stops when aborted, saying how many devices were written', async () => {
    const controller = new AbortController();
    const { result } = await run(
      { count: 50, validity: validity() },
      { signal: controller.signal, concurrency: 1, onProgress: (p) => p.done === 5 && controller.abort() },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'aborted', done: 5 });
  });
});
