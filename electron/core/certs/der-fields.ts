// A small, strict DER reader of the certificate fields the connect path needs and Node's
// X509Certificate does not decode: the names attribute by attribute, the signature algorithm,
// key usage, basic constraints, key identifiers and CRL distribution points (RFC 5280 §4.1,
// §4.2.1). It reads only definite, minimal lengths and one-byte tags, never recurses, and answers
// null for anything it cannot read; it never throws.
import { Buffer } from 'node:buffer';

/** One relative distinguished name: values by attribute type, types in order of first appearance. */
export type NameEntry = Record<string, string[]>;

export interface CertificateFields {
  /** Subject and issuer, one entry per RDN, as @peculiar/x509's `Name.toJSON()` gives them. */
  subject: NameEntry[];
  issuer: NameEntry[];
  /** The outer signature algorithm's OID. */
  signatureAlgorithm: string;
  /** Key usage bit names in bit order; null without the extension. */
  keyUsage: string[] | null;
  basicConstraints: { ca: boolean; pathLength: number | null; critical: boolean } | null;
  /** Lower-case hex; null without the extension. */
  subjectKeyIdentifier: string | null;
  /** Lower-case hex of the key identifier; null without one (or an empty one). */
  authorityKeyIdentifier: string | null;
  /** Each full name of each distribution point: its URI, its DNS name or "(non-URI name)". */
  crlDistributionPoints: string[];
}

/** Certificates larger than this are not read (Node's own limits are far below). */
const MAX_BYTES = 1 << 24;

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8: 0x0c,
  printable: 0x13,
  teletex: 0x14,
  ia5: 0x16,
  universal: 0x1c,
  bmp: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** @peculiar/x509's short names of attribute types; other types keep their OID. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
};

/** RFC 5280 §4.2.1.3 bit names, bit 0 first. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

const EXT_KEY_USAGE = '2.5.29.15';
const EXT_BASIC_CONSTRAINTS = '2.5.29.19';
const EXT_SUBJECT_KEY_ID = '2.5.29.14';
const EXT_AUTHORITY_KEY_ID = '2.5.29.35';
const EXT_CRL_DISTRIBUTION = '2.5.29.31';

/** One element: tag, content [start, end), and where the next element begins (= end). */
interface Tlv {
  tag: number;
  start: number;
  end: number;
  /** Offset of the tag byte: the element's whole encoding is [at, end). */
  at: number;
}

/** The element at `pos`, wholly inside [pos, limit); null when it is not one DER can encode. */
function element(der: Uint8Array, pos: number, limit: number): Tlv | null {
  if (pos + 2 > limit) return null;
  const tag = der[pos]!;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tags: none in what is read here
  const first = der[pos + 1]!;
  let length = first;
  let start = pos + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return null; // indefinite or absurd
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    if (der[start] === 0 || length < 0x80) return null; // not minimal
    start += count;
  }
  const end = start + length;
  if (end > limit) return null;
  return { tag, start, end, at: pos };
}

/** Reads the elements of a constructed value one by one; null once one cannot be read. */
function children(der: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end;) {
    const child = element(der, pos, parent.end);
    if (!child) return null;
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Dotted OID text; null for an empty, non-minimal or oversized arc. */
function oid(der: Uint8Array, t: Tlv): string | null {
  if (t.tag !== TAG.oid || t.end === t.start || t.end - t.start > 128) return null;
  const arcs: number[] = [];
  let value = 0;
  let fresh = true;
  for (let i = t.start; i < t.end; i++) {
    const byte = der[i]!;
    if (fresh && byte === 0x80) return null;
    if (value > (Number.MAX_SAFE_INTEGER - 127) / 128) return null;
    value = value * 128 + (byte & 0x7f);
    fresh = (byte & 0x80) === 0;
    if (fresh) {
      if (arcs.length === 0) arcs.push(value < 40 ? 0 : value < 80 ? 1 : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return fresh ? arcs.join('.') : null;
}

function latin1(der: Uint8Array, t: Tlv): string {
  return Buffer.from(der.buffer, der.byteOffset + t.start, t.end - t.start).toString('latin1');
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An attribute value as @peculiar's AttributeValue reads it: the string, or "#" and the hex of the whole element. */
function attributeValue(der: Uint8Array, t: Tlv): string {
  const bytes = der.subarray(t.start, t.end);
  switch (t.tag) {
    case TAG.printable:
    case TAG.teletex:
    case TAG.ia5:
      return latin1(der, t);
    case TAG.utf8:
      try {
        return utf8Decoder.decode(bytes);
      } catch {
        return latin1(der, t); // asn1js keeps the raw bytes of invalid UTF-8
      }
    case TAG.bmp: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
      return bytes.length % 2 === 0 ? s : s + String.fromCharCode(bytes[bytes.length - 1]! << 8);
    }
    case TAG.universal: {
      let s = '';
      for (let i = 0; i < bytes.length; i += 4) s += String.fromCharCode(((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0));
      return s;
    }
    default:
      return `#${Buffer.from(der.buffer, der.byteOffset + t.at, t.end - t.at).toString('hex')}`;
  }
}

/** Name ::= SEQUENCE OF SET OF AttributeTypeAndValue; null when it is not one. */
function name(der: Uint8Array, t: Tlv): NameEntry[] | null {
  if (t.tag !== TAG.sequence) return null;
  const rdns = children(der, t);
  if (!rdns) return null;
  const out: NameEntry[] = [];
  for (const rdn of rdns) {
    const attributes = rdn.tag === TAG.set ? children(der, rdn) : null;
    if (!attributes || attributes.length === 0) return null;
    const entry: NameEntry = {};
    for (const attribute of attributes) {
      const parts = attribute.tag === TAG.sequence ? children(der, attribute) : null;
      if (!parts || parts.length !== 2) return null;
      const type = oid(der, parts[0]!);
      if (type === null) return null;
      const key = ATTRIBUTE_NAMES[type] ?? type;
      (entry[key] ??= []).push(attributeValue(der, parts[1]!));
    }
    out.push(entry);
  }
  return out;
}

/** The content of a single element that must fill `t` exactly, with the tag asked for. */
function only(der: Uint8Array, t: Tlv, tag: number): Tlv | null {
  const inner = element(der, t.start, t.end);
  return inner && inner.tag === tag && inner.end === t.end ? inner : null;
}

function hex(der: Uint8Array, t: Tlv): string {
  return Buffer.from(der.buffer, der.byteOffset + t.start, t.end - t.start).toString('hex');
}

function keyUsage(der: Uint8Array, value: Tlv): string[] | null {
  const bits = only(der, value, TAG.bitString);
  if (!bits || bits.end === bits.start) return null;
  const unused = der[bits.start]!;
  const count = (bits.end - bits.start - 1) * 8 - unused;
  if (unused > 7 || count < 0) return null;
  return KEY_USAGE_BITS.filter((_, bit) => bit < count && (der[bits.start + 1 + (bit >> 3)]! >> (7 - (bit & 7))) & 1);
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
function basicConstraints(der: Uint8Array, value: Tlv, critical: boolean): CertificateFields['basicConstraints'] {
  const seq = only(der, value, TAG.sequence);
  const parts = seq ? children(der, seq) : null;
  if (!parts || parts.length > 2) return null;
  let ca = false;
  let pathLength: number | null = null;
  let i = 0;
  if (parts[i]?.tag === TAG.boolean) {
    const flag = boolean(der, parts[i]!);
    if (flag === null) return null;
    ca = flag;
    i++;
  }
  const path = parts[i];
  if (path) {
    const size = path.end - path.start;
    if (path.tag !== TAG.integer || size === 0 || size > 6 || der[path.start]! & 0x80) return null;
    pathLength = 0;
    for (let j = path.start; j < path.end; j++) pathLength = pathLength * 256 + der[j]!;
    i++;
  }
  return i === parts.length ? { ca, pathLength, critical } : null;
}

function boolean(der: Uint8Array, t: Tlv): boolean | null {
  return t.tag === TAG.boolean && t.end - t.start === 1 ? der[t.start] !== 0 : null;
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... } */
function authorityKeyId(der: Uint8Array, value: Tlv): string | null | undefined {
  const seq = only(der, value, TAG.sequence);
  const parts = seq ? children(der, seq) : null;
  if (!parts) return undefined;
  const keyId = parts.find((p) => p.tag === 0x80);
  return keyId && keyId.end > keyId.start ? hex(der, keyId) : null;
}

/** CRLDistributionPoints ::= SEQUENCE OF DistributionPoint; each fullName [0] GeneralNames read by name. */
function distributionPoints(der: Uint8Array, value: Tlv): string[] | null {
  const seq = only(der, value, TAG.sequence);
  const points = seq ? children(der, seq) : null;
  if (!points) return null;
  const out: string[] = [];
  for (const point of points) {
    const parts = point.tag === TAG.sequence ? children(der, point) : null;
    if (!parts) return null;
    const pointName = parts.find((p) => p.tag === 0xa0);
    if (!pointName) continue;
    const choice = element(der, pointName.start, pointName.end);
    if (!choice || choice.end !== pointName.end) return null;
    if (choice.tag !== 0xa0) continue; // nameRelativeToCRLIssuer: no full name
    const names = children(der, choice);
    if (!names) return null;
    for (const general of names) {
      out.push(general.tag === 0x86 || general.tag === 0x82 ? latin1(der, general) : '(non-URI name)');
    }
  }
  return out;
}

interface Extension {
  id: string;
  critical: boolean;
  value: Tlv;
}

/** Extensions ::= SEQUENCE OF SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function extensions(der: Uint8Array, wrapper: Tlv): Extension[] | null {
  const seq = only(der, wrapper, TAG.sequence);
  const items = seq ? children(der, seq) : null;
  if (!items) return null;
  const out: Extension[] = [];
  for (const item of items) {
    const parts = item.tag === TAG.sequence ? children(der, item) : null;
    if (!parts || parts.length < 2 || parts.length > 3) return null;
    const id = oid(der, parts[0]!);
    const critical = parts.length === 3 ? boolean(der, parts[1]!) : false;
    const value = parts[parts.length - 1]!;
    if (id === null || critical === null || value.tag !== TAG.octetString) return null;
    out.push({ id, critical, value });
  }
  return out;
}

/** The fields of one certificate from its DER bytes; null when they cannot all be read. */
export function readCertificateFields(der: Uint8Array): CertificateFields | null {
  if (!(der instanceof Uint8Array) || der.length > MAX_BYTES) return null;
  const cert = element(der, 0, der.length);
  if (!cert || cert.tag !== TAG.sequence || cert.end !== der.length) return null;
  const top = children(der, cert);
  if (!top || top.length !== 3 || top[0]!.tag !== TAG.sequence || top[1]!.tag !== TAG.sequence || top[2]!.tag !== TAG.bitString) {
    return null;
  }
  const algorithm = element(der, top[1]!.start, top[1]!.end);
  const signatureAlgorithm = algorithm ? oid(der, algorithm) : null;
  const tbs = children(der, top[0]!);
  if (!tbs || signatureAlgorithm === null) return null;
  let i = tbs[0]?.tag === 0xa0 ? 1 : 0; // version [0] EXPLICIT
  const [serial, signature, issuerTlv, validity, subjectTlv, spki] = tbs.slice(i, i + 6);
  if (serial?.tag !== TAG.integer || signature?.tag !== TAG.sequence || validity?.tag !== TAG.sequence || spki?.tag !== TAG.sequence) {
    return null;
  }
  const issuer = issuerTlv ? name(der, issuerTlv) : null;
  const subject = subjectTlv ? name(der, subjectTlv) : null;
  if (!issuer || !subject) return null;
  i += 6;
  if (tbs[i]?.tag === 0x81) i++; // issuerUniqueID
  if (tbs[i]?.tag === 0x82) i++; // subjectUniqueID
  const wrapper = tbs[i]?.tag === 0xa3 ? tbs[i++] : undefined;
  if (i !== tbs.length) return null;
  const list = wrapper ? extensions(der, wrapper) : [];
  if (!list) return null;
  return withExtensions({ subject, issuer, signatureAlgorithm }, der, list);
}

function withExtensions(
  base: Pick<CertificateFields, 'subject' | 'issuer' | 'signatureAlgorithm'>,
  der: Uint8Array,
  list: readonly Extension[],
): CertificateFields | null {
  const find = (id: string) => list.find((e) => e.id === id);
  const ku = find(EXT_KEY_USAGE);
  const bc = find(EXT_BASIC_CONSTRAINTS);
  const ski = find(EXT_SUBJECT_KEY_ID);
  const aki = find(EXT_AUTHORITY_KEY_ID);
  const cdp = find(EXT_CRL_DISTRIBUTION);
  const keyUsageBits = ku ? keyUsage(der, ku.value) : null;
  const constraints = bc ? basicConstraints(der, bc.value, bc.critical) : null;
  const skiValue = ski ? only(der, ski.value, TAG.octetString) : null;
  const akiValue = aki ? authorityKeyId(der, aki.value) : null;
  const urls = cdp ? distributionPoints(der, cdp.value) : [];
  if ((ku && !keyUsageBits) || (bc && !constraints) || (ski && !skiValue) || akiValue === undefined || !urls) return null;
  return {
    ...base,
    keyUsage: keyUsageBits,
    basicConstraints: constraints,
    subjectKeyIdentifier: skiValue ? hex(der, skiValue) : null,
    authorityKeyIdentifier: akiValue,
    crlDistributionPoints: urls,
  };
}
