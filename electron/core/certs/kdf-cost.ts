// The cost a file sets for its own unlocking: PBKDF2 and PKCS#12 KDF iteration counts, scrypt
// parameters and the PKCS#12 MAC iteration count are chosen by whoever wrote the file, and
// OpenSSL pays them before it can say "wrong password". A 2 KB bundle with 2^31-1 MAC
// iterations keeps a core busy for minutes, so the counts are read from the DER first (no
// password needed) and a file above the caps is refused before any derivation runs.
import { DER_SEQUENCE, derElement } from './pem';

/** Highest iteration count accepted for one derivation (PBKDF2, the PKCS#12 KDF, the MAC). */
export const MAX_KDF_ITERATIONS = 1_000_000;
/** Highest sum of iterations over every derivation one file asks for (MAC + each encrypted part). */
export const MAX_KDF_TOTAL = 3_000_000;
/** Highest scrypt N·r·p accepted (2^20 · 8 · 1 is scrypt's "sensitive" setting and needs 1 GiB). */
export const MAX_SCRYPT_COST = 2 ** 23;

/** Sum of iterations up to which node-forge (JavaScript) may open a bundle to list its contents. */
export const MAX_FORGE_TOTAL = 100_000;
/** The `errorCode` of a file refused for its key-derivation cost. */
export const KDF_COST_CODE = 'ERR_KEYHOLE_KDF_COST';

/** One derivation the file asks for: where it is and what it costs. */
export interface KdfUse {
  what: 'mac' | 'pbkdf2' | 'pkcs12-pbe' | 'scrypt';
  /** Iterations, or N·r·p for scrypt; Infinity when the count does not fit in 48 bits. */
  cost: number;
}

const OID_PBKDF2 = '1.2.840.113549.1.5.12';
const OID_SCRYPT = '1.3.6.1.4.1.11591.4.11';
/** PKCS#12 PBE (RFC 7292 Appendix C) and PKCS#5 v1.5 PBES1 (RFC 8018 §6.1): params are SEQUENCE { salt, iterations }. */
const PBE_PREFIXES = ['1.2.840.113549.1.12.1.', '1.2.840.113549.1.5.'];
const PBES1 = new Set(['1', '3', '4', '6', '10', '11']);

const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_OID = 0x06;
const MAX_DEPTH = 24;
const MAX_ELEMENTS = 100_000;

/** Every key derivation a DER file (PKCS#12, encrypted PKCS#8) asks for; unreadable parts are skipped. */
export function kdfUses(der: Uint8Array): KdfUse[] {
  const uses: KdfUse[] = [];
  const budget = { elements: MAX_ELEMENTS };
  const mac = pfxMacIterations(der);
  if (mac !== null) uses.push({ what: 'mac', cost: mac });
  walk(der, 0, der.length, 0, uses, budget);
  return uses;
}

/** Why the derivations of a file cost too much to try, or null when they are within the caps. */
export function kdfCostProblem(uses: readonly KdfUse[]): string | null {
  const words = { mac: 'MAC', pbkdf2: 'PBKDF2', 'pkcs12-pbe': 'PKCS#12 key derivation', scrypt: 'scrypt' } as const;
  for (const use of uses) {
    if (use.what === 'scrypt' && use.cost > MAX_SCRYPT_COST) {
      return `it asks for scrypt with N·r·p = ${count(use.cost)}, above Keyhole's limit of ${count(MAX_SCRYPT_COST)}`;
    }
    if (use.what !== 'scrypt' && use.cost > MAX_KDF_ITERATIONS) {
      return `its ${words[use.what]} asks for ${count(use.cost)} iterations, above Keyhole's limit of ${count(MAX_KDF_ITERATIONS)}`;
    }
  }
  const total = uses.filter((u) => u.what !== 'scrypt').reduce((sum, u) => sum + u.cost, 0);
  if (total > MAX_KDF_TOTAL) {
    return `its ${uses.length} key derivations ask for ${count(total)} iterations in all, above Keyhole's limit of ${count(MAX_KDF_TOTAL)}`;
  }
  return null;
}

/** The sum of iterations a file asks for (scrypt not counted). */
export function kdfTotal(uses: readonly KdfUse[]): number {
  return uses.filter((u) => u.what !== 'scrypt').reduce((sum, u) => sum + u.cost, 0);
}

function count(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : 'more than 2^48';
}

// PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
// MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 } (RFC 7292 §4).
function pfxMacIterations(der: Uint8Array): number | null {
  const top = derElement(der);
  if (!top || top.tag !== DER_SEQUENCE) return null;
  const children = childrenOf(der, top.headerLength, Math.min(der.length, top.totalLength));
  const [version, authSafe, macData] = children;
  if (!version || version.tag !== TAG_INTEGER || !authSafe || authSafe.tag !== DER_SEQUENCE) return null;
  if (!macData || macData.tag !== DER_SEQUENCE) return null;
  const fields = childrenOf(der, macData.start + macData.headerLength, macData.end);
  if (fields[0]?.tag !== DER_SEQUENCE || fields[1]?.tag !== TAG_OCTET_STRING) return null;
  const iterations = fields[2];
  return iterations?.tag === TAG_INTEGER ? integer(der, iterations) : 1;
}

interface Child {
  tag: number;
  start: number;
  headerLength: number;
  end: number;
}

function childrenOf(der: Uint8Array, from: number, to: number): Child[] {
  const children: Child[] = [];
  let at = from;
  while (at < to) {
    const e = derElement(der, at);
    if (!e || at + e.totalLength > to) break;
    children.push({ tag: e.tag, start: at, headerLength: e.headerLength, end: at + e.totalLength });
    at += e.totalLength;
  }
  return children;
}

function walk(der: Uint8Array, from: number, to: number, depth: number, uses: KdfUse[], budget: { elements: number }): void {
  if (depth > MAX_DEPTH) return;
  const children = childrenOf(der, from, to);
  budget.elements -= children.length;
  if (budget.elements < 0) return;
  // AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY }
  const [first, second] = children;
  if (first?.tag === TAG_OID && second) {
    const found = algorithmCost(oid(der, first), der, second);
    if (found) uses.push(found);
  }
  for (const child of children) {
    const inside = child.start + child.headerLength;
    if ((child.tag & 0x20) !== 0) {
      walk(der, inside, child.end, depth + 1, uses, budget);
    } else if (child.tag === TAG_OCTET_STRING || child.tag === 0x80) {
      // ContentInfo `data` and bag values wrap DER in OCTET STRINGs; read them when they parse.
      const inner = derElement(der, inside);
      if (inner && (inner.tag & 0x20) !== 0 && inside + inner.totalLength === child.end)
        walk(der, inside, child.end, depth + 1, uses, budget);
    }
  }
}

function algorithmCost(id: string, der: Uint8Array, params: Child): KdfUse | null {
  if (params.tag !== DER_SEQUENCE) return null;
  const fields = childrenOf(der, params.start + params.headerLength, params.end);
  // PBKDF2-params ::= SEQUENCE { salt CHOICE, iterationCount INTEGER, keyLength INTEGER OPTIONAL, prf } (RFC 8018 §A.2)
  if (id === OID_PBKDF2) return fields[1]?.tag === TAG_INTEGER ? { what: 'pbkdf2', cost: integer(der, fields[1]) } : null;
  // scrypt-params ::= SEQUENCE { salt, costParameter N, blockSize r, parallelizationParameter p, keyLength OPTIONAL } (RFC 7914 §7.1)
  if (id === OID_SCRYPT) {
    const [, n, r, p] = fields;
    if (n?.tag !== TAG_INTEGER || r?.tag !== TAG_INTEGER || p?.tag !== TAG_INTEGER) return null;
    return { what: 'scrypt', cost: integer(der, n) * integer(der, r) * integer(der, p) };
  }
  const prefix = PBE_PREFIXES.find((p) => id.startsWith(p));
  if (!prefix) return null;
  if (prefix === PBE_PREFIXES[1] && !PBES1.has(id.slice(prefix.length))) return null;
  return fields[0]?.tag === TAG_OCTET_STRING && fields[1]?.tag === TAG_INTEGER
    ? { what: 'pkcs12-pbe', cost: integer(der, fields[1]) }
    : null;
}

/** A non-negative INTEGER's value; Infinity past 48 bits, negative counts read as Infinity too (nonsense). */
function integer(der: Uint8Array, e: Child): number {
  const bytes = der.subarray(e.start + e.headerLength, e.end);
  if (bytes.length === 0 || (bytes[0] ?? 0) & 0x80) return Number.POSITIVE_INFINITY;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  if (bytes.length - start > 6) return Number.POSITIVE_INFINITY;
  let value = 0;
  for (let i = start; i < bytes.length; i++) value = value * 256 + (bytes[i] ?? 0);
  return value;
}

/** Dotted form of an OBJECT IDENTIFIER (X.690 §8.19). */
function oid(der: Uint8Array, e: Child): string {
  const bytes = der.subarray(e.start + e.headerLength, e.end);
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}
