// The batch manifest (`cn,password,sha256_fingerprint,serial,cert_file,key_file,pfx_file`, as
// certs/batch.ts writes it) read back: one device per line, columns found by their header, so a
// manifest with its columns reordered or extra ones still reads.
import { MANIFEST_COLUMNS } from '../certs/batch';
import { err, ok, type Result } from '../../../shared/result';

export interface ManifestDevice {
  /** 1-based line in the file, for messages. */
  line: number;
  commonName: string;
  password: string;
  certFile: string | null;
  keyFile: string | null;
  pfxFile: string | null;
}

/** Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): Result<string[][], string> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) return err(`a quoted field opened before line ${line} is never closed`);
  if (field !== '' || record.length) records.push([...record, field]);
  return ok(records.filter((r) => !(r.length === 1 && r[0] === '')));
}

/** The devices of a manifest. */
export function parseManifest(text: string): Result<ManifestDevice[], string> {
  const parsed = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.value;
  if (!header) return err('the manifest is empty');
  const col = (name: (typeof MANIFEST_COLUMNS)[number]) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const cn = col('cn');
  if (cn < 0) return err(`the manifest has no "cn" column (its header is ${JSON.stringify(header.join(','))})`);
  const [password, cert, key, pfx] = [col('password'), col('cert_file'), col('key_file'), col('pfx_file')];
  if (cert < 0 && pfx < 0) return err('the manifest has neither a "cert_file" nor a "pfx_file" column');
  const devices: ManifestDevice[] = [];
  const value = (r: string[], i: number) => (i < 0 ? null : r[i]?.trim() || null);
  records.forEach((r, i) => {
    const name = value(r, cn);
    if (name === null) return;
    devices.push({
      line: i + 2,
      commonName: name,
      password: password < 0 ? '' : (r[password] ?? ''),
      certFile: value(r, cert),
      keyFile: value(r, key),
      pfxFile: value(r, pfx),
    });
  });
  if (!devices.length) return err('the manifest lists no device');
  return ok(devices);
}
