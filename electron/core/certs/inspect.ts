// The certificate inspector: any certificate, chain, key, CSR, CRL or PKCS#12, PEM or DER, in
// a file, a drop or pasted text. Inputs are inspected together, so a key is matched against
// every certificate given and a chain is anchored in the CA file next to it. Every input gets
// a result with a one-line summary; a bad input gets a finding that says exactly what is wrong.
import { countFindings } from '../../../shared/certs/findings';
import type { InputKind, InspectedInput, InspectedItem, InspectFinding, KeyMatch } from '../../../shared/certs/inspect';
import { certificateDetails, publicKeyInfo } from './cert-details';
import { analyseChain, type ChainResult, type Located } from './inspect-chain';
import { crlDetails, csrDetails } from './inspect-objects';
import { readPkcs12 } from './inspect-pkcs12';
import { readInput, type RawItem } from './inspect-read';
import type { FileBytes } from './material';
import { isBlank } from './pem';
import { commonName } from './summary';

/** Larger inputs are refused unread: certificate material is kilobytes (a CA bundle a few hundred). */
export const MAX_INSPECT_BYTES = 4 * 1024 * 1024;

export interface InspectOptions {
  now?: Date;
  /** Tried on encrypted keys and PKCS#12 bundles. */
  passphrase?: string;
  /** A certificate that expires within this many days gets a note (default 30). */
  expiresSoonDays?: number;
}

/** An item as read, PKCS#12 bundles opened into their certificates and key. */
type Entry = Exclude<RawItem, { kind: 'pkcs12' }> | { kind: 'pkcs12-details'; details: Extract<InspectedItem, { kind: 'pkcs12' }> };

interface Working {
  input: FileBytes;
  encoding: InspectedInput['encoding'];
  entries: Entry[];
  findings: InspectFinding[];
}

/** Inspects every input; keys are matched against, and chains anchored in, the certificates of all of them. */
export async function inspectInputs(inputs: FileBytes[], options: InspectOptions = {}): Promise<InspectedInput[]> {
  const now = options.now ?? new Date();
  const working = inputs.map((input) => readOne(input, options.passphrase));
  const located: Located[] = working.flatMap((w, input) =>
    w.entries.flatMap((e, item) => (e.kind === 'certificate' ? [{ cert: e.cert, source: w.input.name, item, input }] : [])),
  );
  const results: InspectedInput[] = [];
  for (const [index, w] of working.entries()) {
    // A structure that parses but breaks a decoder deeper in (a CSR attribute, a key's
    // parameters) makes this one input unreadable, never the whole inspection.
    const done = await finish(w, index, located, now, options.expiresSoonDays ?? 30).catch((e: unknown) => unreadable(w, e));
    results.push(done);
  }
  return results;
}

function readOne(input: FileBytes, passphrase: string | undefined): Working {
  const size = input.bytes.byteLength;
  if (size > MAX_INSPECT_BYTES) {
    const mib = (size / 1024 / 1024).toFixed(1);
    return failed(
      input,
      'too-large',
      `"${input.name}" is ${mib} MiB: certificate files are kilobytes, so it was not read (the limit is ${MAX_INSPECT_BYTES / 1024 / 1024} MiB).`,
    );
  }
  if (isBlank(input.bytes)) return failed(input, 'empty', `"${input.name}" is empty${size > 0 ? ' (only whitespace)' : ''}.`);
  const read = readInput(input, passphrase);
  const findings = [...read.findings];
  const entries: Entry[] = [];
  for (const raw of read.items) {
    if (raw.kind !== 'pkcs12') {
      entries.push(raw);
      continue;
    }
    const opened = readPkcs12(raw.der, input.name, passphrase);
    const at = entries.length;
    entries.push({ kind: 'pkcs12-details', details: opened.details });
    if (opened.problem)
      findings.push({ code: opened.problem.code, level: opened.problem.level, message: opened.problem.message, item: at });
    for (const cert of opened.certificates) entries.push({ kind: 'certificate', cert });
    if (opened.key) entries.push({ kind: 'private-key', key: opened.key, format: 'PKCS#12 key bag', encrypted: true });
  }
  return { input, encoding: read.encoding, entries, findings };
}

/** An input whose contents a decoder could not take apart, said in one sentence. */
function unreadable(w: Working, e: unknown): InspectedInput {
  const why = e instanceof Error ? e.message.replace(/^error:[0-9A-F]+:[^:]*::/i, '') : String(e);
  const message = `"${w.input.name}" looks like certificate material but a part of it cannot be decoded (${why}).`;
  return {
    name: w.input.name,
    size: w.input.bytes.byteLength,
    encoding: w.encoding,
    kind: 'unreadable',
    summary: message,
    items: [],
    chain: null,
    findings: [{ code: 'not-recognised', level: 'error', message }],
  };
}

function failed(input: FileBytes, code: 'too-large' | 'empty', message: string): Working {
  return { input, encoding: 'unknown', entries: [], findings: [{ code, level: 'error', message }] };
}

async function finish(w: Working, inputIndex: number, located: Located[], now: Date, soonDays: number): Promise<InspectedInput> {
  const findings = [...w.findings];
  const items: InspectedItem[] = [];
  const spki = new Map(located.map((l) => [l, publicKeyInfo(l.cert.publicKey).fingerprint256]));
  for (const [index, entry] of w.entries.entries()) {
    const item = await detailsOf(entry, index, w.input.name, located, spki, now, soonDays, findings);
    items.push(item);
  }
  const certs = w.entries.flatMap((e, i) => (e.kind === 'certificate' ? [{ cert: e.cert, i }] : []));
  let chain: ChainResult | null = null;
  if (certs.length > 0) {
    const others = located.filter((l) => l.input !== inputIndex);
    chain = analyseChain(
      certs.map((c) => c.cert),
      certs.map((c) => c.i),
      others,
      w.input.name,
    );
    findings.push(...chain.findings);
  }
  const kind = inputKind(items, chain);
  return {
    name: w.input.name,
    size: w.input.bytes.byteLength,
    encoding: w.encoding,
    kind,
    summary: summaryOf(kind, items, findings, w.input.name),
    items,
    chain: chain ? chain.analysis : null,
    findings,
  };
}

async function detailsOf(
  entry: Entry,
  index: number,
  name: string,
  located: Located[],
  spki: Map<Located, string>,
  now: Date,
  soonDays: number,
  findings: InspectFinding[],
): Promise<InspectedItem> {
  switch (entry.kind) {
    case 'certificate': {
      const details = certificateDetails(entry.cert, now);
      const who = `Certificate ${index + 1} (${details.subject.commonName ?? details.subject.text})`;
      if (details.status === 'expired') {
        findings.push({
          code: 'cert-expired',
          level: 'warning',
          message: `${who} expired on ${details.notAfter} (${-details.daysLeft} days ago).`,
          item: index,
        });
      } else if (details.status === 'not-yet-valid') {
        findings.push({
          code: 'cert-not-yet-valid',
          level: 'warning',
          message: `${who} is not valid before ${details.notBefore}.`,
          item: index,
        });
      } else if (details.daysLeft < soonDays) {
        findings.push({
          code: 'cert-expires-soon',
          level: 'note',
          message: `${who} expires in ${details.daysLeft} days (${details.notAfter}).`,
          item: index,
        });
      }
      return details;
    }
    case 'private-key':
      return keyDetails(entry, index, name, located, spki, findings);
    case 'public-key':
      findings.push({
        code: 'public-key-only',
        level: 'note',
        message: `"${name}" holds a public key only; a TLS client needs the private key that belongs to its certificate.`,
        item: index,
      });
      return { kind: 'public-key', publicKey: publicKeyInfo(entry.key) };
    case 'csr': {
      const details = await csrDetails(entry.der);
      if (!details.signatureValid) {
        findings.push({
          code: 'csr-signature-invalid',
          level: 'error',
          message: `The request in "${name}" is not signed by the key it carries (RFC 2986 §3): it was altered or assembled wrongly.`,
          item: index,
        });
      }
      return details;
    }
    case 'crl': {
      const details = await crlDetails(entry.der, now, located);
      if (details.status === 'stale') {
        findings.push({
          code: 'crl-stale',
          level: 'warning',
          message: `The CRL in "${name}" was due for renewal on ${details.nextUpdate}: OpenSSL-based brokers then reject every client ("CRL has expired").`,
          item: index,
        });
      }
      const namedIssuer = located.some((l) => l.cert.ca && commonName(l.cert.subject) === details.issuer.commonName);
      if (!details.verifiedBy && namedIssuer) {
        findings.push({
          code: 'crl-signature-invalid',
          level: 'error',
          message: `The CRL in "${name}" names "${details.issuer.commonName}" as its issuer, but that CA's key does not verify its signature.`,
          item: index,
        });
      }
      return details;
    }
    case 'pkcs12-details':
      return entry.details;
    default: {
      const never: never = entry;
      return never;
    }
  }
}

function keyDetails(
  entry: Extract<Entry, { kind: 'private-key' }>,
  index: number,
  name: string,
  located: Located[],
  spki: Map<Located, string>,
  findings: InspectFinding[],
): InspectedItem {
  const info = entry.key ? publicKeyInfo(entry.key) : null;
  const matches: KeyMatch[] = info
    ? located
        .filter((l) => spki.get(l) === info.fingerprint256)
        .map((l) => ({ source: l.source, item: l.item, commonName: commonName(l.cert.subject), fingerprintSha256: l.cert.fingerprint256 }))
    : [];
  if (info && matches.length === 0 && located.length > 0) {
    findings.push({
      code: 'key-matches-no-certificate',
      level: 'warning',
      message: `The private key in "${name}" (${info.label}) belongs to none of the ${located.length} certificate${located.length === 1 ? '' : 's'} given.`,
      item: index,
    });
  }
  return { kind: 'private-key', format: entry.format, encrypted: entry.encrypted, unlocked: entry.key !== null, publicKey: info, matches };
}

function inputKind(items: InspectedItem[], chain: ChainResult | null): InputKind {
  if (items.length === 0) return 'unreadable';
  if (items.some((i) => i.kind === 'pkcs12')) return 'pkcs12';
  const kinds = new Set(items.map((i) => i.kind));
  if (kinds.size > 1) return 'mixed';
  const only = items[0]?.kind;
  if (only === 'certificate') return chain?.shape === 'bundle' ? 'bundle' : items.length === 1 ? 'certificate' : 'chain';
  return only ?? 'unreadable';
}

function summaryOf(kind: InputKind, items: InspectedItem[], findings: InspectFinding[], name: string): string {
  const first = items[0];
  const certs = items.filter((i): i is Extract<InspectedItem, { kind: 'certificate' }> => i.kind === 'certificate');
  const cert = (c: (typeof certs)[number]) => `"${c.subject.commonName ?? c.subject.text}" (${c.publicKey.label})`;
  switch (kind) {
    case 'unreadable':
      return findings.find((f) => f.level === 'error')?.message ?? `"${name}" holds nothing readable.`;
    case 'certificate': {
      const c = certs[0];
      if (!c) return 'certificate';
      const when =
        c.status === 'expired'
          ? `expired ${-c.daysLeft} days ago`
          : c.status === 'not-yet-valid'
            ? `not valid before ${c.notBefore.slice(0, 10)}`
            : `valid for ${c.daysLeft} more days`;
      return `${c.basicConstraints?.ca ? 'CA certificate' : 'certificate'} ${cert(c)}, ${when}`;
    }
    case 'chain':
      return `chain of ${certs.length} certificates: ${certs.map((c) => `"${c.subject.commonName ?? c.subject.text}"`).join(' ← ')}`;
    case 'bundle':
      return `bundle of ${certs.length} CA certificates`;
    case 'private-key':
      if (first?.kind !== 'private-key') return 'private key';
      if (!first.unlocked) return `encrypted private key (${first.format}), locked`;
      return `private key ${first.publicKey?.label ?? ''} (${first.format})${first.matches.length ? `, belongs to ${first.matches.map((m) => `"${m.commonName ?? m.source}"`).join(', ')}` : ''}`;
    case 'public-key':
      return first?.kind === 'public-key' ? `public key ${first.publicKey.label}` : 'public key';
    case 'csr':
      return first?.kind === 'csr'
        ? `certificate request "${first.subject.commonName ?? first.subject.text}" (${first.publicKey.label})`
        : 'certificate request';
    case 'crl':
      return first?.kind === 'crl'
        ? `CRL of "${first.issuer.commonName ?? first.issuer.text}": ${first.revoked.length} revoked, next update ${first.nextUpdate ?? 'not set'}`
        : 'CRL';
    case 'pkcs12': {
      const p = items.find((i) => i.kind === 'pkcs12');
      if (p?.kind !== 'pkcs12') return 'PKCS#12 bundle';
      if (!p.unlocked) return `PKCS#12 bundle, locked (${p.encryption.join('; ') || 'protection unknown'})`;
      return `PKCS#12 bundle: ${p.certificateCount ?? 0} certificate${p.certificateCount === 1 ? '' : 's'}${p.hasKey ? ' and a private key' : ', no key'}${certs[0] ? `, leaf ${cert(certs[0])}` : ''}`;
    }
    case 'mixed':
      return `${items.length} items: ${items.map((i) => i.kind).join(', ')}`;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Counts of an input's findings by level. */
export function inspectCounts(input: InspectedInput) {
  return countFindings(input.findings);
}
