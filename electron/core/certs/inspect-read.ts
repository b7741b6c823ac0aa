// First pass of the inspector: what the bytes of one input are. PEM is read block by block
// (each label checked against what its bytes really hold), DER by sniffing the structure with
// Node and @peculiar's parsers. Every problem becomes a finding with a stable code; nothing throws.
import { Buffer } from 'node:buffer';
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { usableX509 } from './certificates';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { PFX } from '@peculiar/asn1-pfx';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { InspectCode, InspectFinding } from '../../../shared/certs/inspect';
import type { FindingLevel } from '../../../shared/certs/findings';
import type { FileBytes } from './material';
import { DER_SEQUENCE, asBuffer, derElement, isBase64, latin1, looksLikePem, pemBlocks, toPem, type PemBlock } from './pem';
import { describePem, parsePrivateKey } from './private-key';
import { asn1Bytes, x509 } from './x509';

/** What one PEM block or DER element turned out to be, before details are worked out. */
export type RawItem =
  | { kind: 'certificate'; cert: X509Certificate }
  | { kind: 'private-key'; key: KeyObject | null; format: string; encrypted: boolean }
  | { kind: 'public-key'; key: KeyObject }
  | { kind: 'csr'; der: Buffer }
  | { kind: 'crl'; der: Buffer }
  | { kind: 'pkcs12'; der: Buffer };

export interface ReadInput {
  encoding: 'pem' | 'der' | 'unknown';
  items: RawItem[];
  findings: InspectFinding[];
}

/** PEM labels (RFC 7468 §§5–13, and OpenSSL's traditional key labels) by what they announce. */
const LABELS: Record<string, RawItem['kind'] | 'unsupported'> = {
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'TRUSTED CERTIFICATE': 'certificate',
  'PRIVATE KEY': 'private-key',
  'ENCRYPTED PRIVATE KEY': 'private-key',
  'RSA PRIVATE KEY': 'private-key',
  'EC PRIVATE KEY': 'private-key',
  'DSA PRIVATE KEY': 'private-key',
  'PUBLIC KEY': 'public-key',
  'RSA PUBLIC KEY': 'public-key',
  'CERTIFICATE REQUEST': 'csr',
  'NEW CERTIFICATE REQUEST': 'csr',
  'X509 CRL': 'crl',
  PKCS7: 'unsupported',
  CMS: 'unsupported',
  'OPENSSH PRIVATE KEY': 'unsupported',
};

const KIND_WORDS: Record<RawItem['kind'], string> = {
  certificate: 'a certificate',
  'private-key': 'a private key',
  'public-key': 'a public key',
  csr: 'a certificate request (CSR)',
  crl: 'a CRL',
  pkcs12: 'a PKCS#12 bundle',
};

/** PBES2 (RFC 8018) and the PKCS#12 PBE schemes (RFC 7292 Appendix C): what an encrypted PKCS#8 key uses. */
const KEY_ENCRYPTION = /^(1\.2\.840\.113549\.1\.5\.(13|3|6|10|11)|1\.2\.840\.113549\.1\.12\.1\.[1-6])$/;

class Findings {
  readonly list: InspectFinding[] = [];
  add(code: InspectCode, level: FindingLevel, message: string, item?: number): void {
    this.list.push(item === undefined ? { code, level, message } : { code, level, message, item });
  }
}

/** Reads one input: PEM blocks or DER elements, with a finding for each problem. */
export function readInput(input: FileBytes, passphrase: string | undefined): ReadInput {
  const findings = new Findings();
  const items: RawItem[] = [];
  if (looksLikePem(input.bytes)) {
    readPem(input, passphrase, items, findings);
    return { encoding: 'pem', items, findings: findings.list };
  }
  const read = readDer(input, passphrase, items, findings);
  return { encoding: read ? 'der' : 'unknown', items, findings: findings.list };
}

function readPem(input: FileBytes, passphrase: string | undefined, items: RawItem[], findings: Findings): void {
  const blocks = pemBlocks(latin1(input.bytes));
  if (blocks.length === 0) {
    findings.add(
      'not-recognised',
      'error',
      `"${input.name}" has a "-----BEGIN " marker but no well-formed PEM block (a BEGIN line is "-----BEGIN LABEL-----").`,
    );
    return;
  }
  blocks.forEach((block, i) => {
    const where =
      blocks.length > 1 ? `Block ${i + 1} ("${block.label}") of "${input.name}"` : `The "${block.label}" block of "${input.name}"`;
    if (!block.terminated) return findings.add('pem-truncated', 'error', `${where} has no END line: the file is cut off.`);
    if (block.body === '')
      return findings.add('pem-empty-block', 'error', `${where} is empty: there is nothing between its BEGIN and END lines.`);
    if (!isBase64(block.body)) {
      return findings.add(
        'pem-bad-base64',
        'error',
        `${where} is damaged: its body is not valid base64 (${block.body.length} characters; lines missing or edited?).`,
      );
    }
    readPemBlock(input, block, where, passphrase, items, findings);
  });
}

function readPemBlock(
  input: FileBytes,
  block: PemBlock,
  where: string,
  passphrase: string | undefined,
  items: RawItem[],
  findings: Findings,
): void {
  const announced = LABELS[block.label];
  if (announced === 'unsupported') {
    const hint =
      block.label === 'OPENSSH PRIVATE KEY'
        ? 'an OpenSSH key, which TLS libraries do not read (convert a copy with ssh-keygen -p -m PEM)'
        : 'a PKCS#7/CMS structure (list its certificates with openssl pkcs7 -print_certs)';
    return findings.add('pem-unsupported', 'error', `${where} is ${hint}.`);
  }
  if (announced === 'private-key') {
    // The key reader knows every PEM key form, legacy `Proc-Type` encryption included.
    const key = readKey(
      { name: input.name, bytes: Buffer.from(toPem(block)) },
      passphrase,
      describePem(block.label, isEncryptedPem(block)),
      findings,
      items.length,
    );
    if (key) return void items.push(key);
  }
  const der = Buffer.from(block.body, 'base64');
  const sniffed = sniffDer(der, input.name, passphrase, findings, items.length);
  if (!sniffed) return;
  if (announced === undefined) {
    findings.add(
      'pem-unknown-label',
      'error',
      `${where} has a label OpenSSL does not know, but holds ${KIND_WORDS[sniffed.kind]}: relabel it "${labelFor(sniffed)}".`,
      items.length,
    );
  } else if (announced !== sniffed.kind) {
    findings.add(
      'pem-label-mismatch',
      'error',
      `${where} is labelled "${block.label}" but holds ${KIND_WORDS[sniffed.kind]}: tools that go by the label will refuse it.`,
      items.length,
    );
  }
  items.push(sniffed);
}

function isEncryptedPem(block: PemBlock): boolean {
  return block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(block.headers['Proc-Type'] ?? '');
}

function labelFor(item: RawItem): string {
  return {
    certificate: 'CERTIFICATE',
    'private-key': 'PRIVATE KEY',
    'public-key': 'PUBLIC KEY',
    csr: 'CERTIFICATE REQUEST',
    crl: 'X509 CRL',
    pkcs12: 'PKCS12',
  }[item.kind];
}

/** A DER file: one element, or several back to back (some tools write chains so). False when nothing was readable. */
function readDer(input: FileBytes, passphrase: string | undefined, items: RawItem[], findings: Findings): boolean {
  const bytes = asBuffer(input.bytes);
  let offset = 0;
  while (offset < bytes.length) {
    const element = derElement(bytes, offset);
    if (!element || element.tag !== DER_SEQUENCE) {
      if (items.length === 0) {
        findings.add(
          'not-recognised',
          'error',
          `"${input.name}" is neither PEM (no "-----BEGIN" line) nor DER (it does not start with an ASN.1 SEQUENCE): not certificate material.`,
        );
        return false;
      }
      findings.add(
        'der-trailing-bytes',
        'warning',
        `"${input.name}" has ${bytes.length - offset} unreadable bytes after its ${items.length === 1 ? 'first item' : `${items.length} items`}.`,
      );
      return true;
    }
    const sniffed = sniffDer(bytes.subarray(offset), input.name, passphrase, findings, items.length);
    if (!sniffed) return items.length > 0;
    items.push(sniffed);
    offset += element.totalLength;
  }
  return true;
}

/** What one DER element is; null (with a finding) when it is none of the things we read. */
function sniffDer(der: Buffer, name: string, passphrase: string | undefined, findings: Findings, index: number): RawItem | null {
  const top = derElement(der);
  if (!top || top.tag !== DER_SEQUENCE) {
    findings.add('not-recognised', 'error', `The contents of "${name}" do not start with an ASN.1 SEQUENCE: not certificate material.`);
    return null;
  }
  if (top.totalLength > der.length) {
    findings.add(
      'der-truncated',
      'error',
      `"${name}" is truncated: its encoding announces ${top.totalLength} bytes but only ${der.length} are present.`,
    );
    return null;
  }
  const body = der.subarray(0, top.totalLength);
  const attempts: (() => RawItem | null)[] = [
    () => ({ kind: 'certificate', cert: usableX509(body) }),
    () => (AsnConvert.parse(body, PFX).version === 3 ? { kind: 'pkcs12', der: body } : null),
    () => (new x509.X509Crl(asn1Bytes(body)), { kind: 'crl', der: body }),
    () => (new x509.Pkcs10CertificateRequest(asn1Bytes(body)), { kind: 'csr', der: body }),
    () => ({ kind: 'public-key', key: createPublicKey({ key: body, format: 'der', type: 'spki' }) }),
  ];
  for (const attempt of attempts) {
    try {
      const item = attempt();
      if (item) return item;
    } catch {
      // not this kind
    }
  }
  const format = derKeyFormat(body);
  if (format) return readKey({ name, bytes: body }, passphrase, format, findings, index);
  findings.add(
    'not-recognised',
    'error',
    `"${name}" holds a DER structure of ${body.length} bytes that is none of: certificate, private or public key, CSR, CRL, PKCS#12.`,
  );
  return null;
}

/** The encoding of a DER private key, or null when the bytes are not one. */
function derKeyFormat(der: Buffer): string | null {
  for (const [type, label] of [
    ['pkcs8', 'PKCS#8 (DER)'],
    ['pkcs1', 'PKCS#1 (DER)'],
    ['sec1', 'SEC1 (DER)'],
  ] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return label;
    } catch {
      // not this encoding
    }
  }
  try {
    const info = AsnConvert.parse(der, EncryptedPrivateKeyInfo);
    return KEY_ENCRYPTION.test(info.encryptionAlgorithm.algorithm) ? 'encrypted PKCS#8 (DER)' : null;
  } catch {
    return null;
  }
}

/** Reads a key with the preflight's reader; a locked key is still an item (type unknown until unlocked). */
function readKey(file: FileBytes, passphrase: string | undefined, format: string, findings: Findings, index: number): RawItem | null {
  const parsed = parsePrivateKey(file, passphrase);
  const encrypted = /encrypted/i.test(format);
  if (parsed.ok) return { kind: 'private-key', key: parsed.value, format, encrypted };
  switch (parsed.error.cause) {
    case 'key-passphrase-missing':
      findings.add(
        'key-passphrase-needed',
        'warning',
        `The private key in "${file.name}" is encrypted (${format}): give its passphrase to see its type and which certificate it belongs to.`,
        index,
      );
      return { kind: 'private-key', key: null, format, encrypted: true };
    case 'key-passphrase-wrong':
      findings.add(
        'key-passphrase-wrong',
        'error',
        `The passphrase given does not decrypt the private key in "${file.name}" (${format}).`,
        index,
      );
      return { kind: 'private-key', key: null, format, encrypted: true };
    default:
      // A PEM block labelled as a key whose bytes are something else: the caller sniffs them.
      if (looksLikePem(file.bytes)) return null;
      findings.add('key-invalid', 'error', parsed.error.message);
      return null;
  }
}
