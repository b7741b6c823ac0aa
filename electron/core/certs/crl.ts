// Revocation: a CA's issued list (a CaRecord, which the store can keep as it is), revoking by
// serial or CN, and the CRL (RFC 5280 §5) that mosquitto's `crlfile` and the lab broker read.
import { Buffer } from 'node:buffer';
import * as asn1js from 'asn1js';
import type { CaRecord, IssuedRecord, RevocationReason } from '../../../shared/certs/issue';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import type { Issued, SigningIssuer } from './issue';
import { webAlgorithm } from './keys';
import { derToPem } from './pem';
import { x509, x509Crypto } from './x509';

/** RFC 5280 §5.2.3 cRLNumber. */
const OID_CRL_NUMBER = '2.5.29.20';

/** A new issued list for a CA just created. */
export function newCaRecord(ca: Issued, keyEncrypted: boolean): CaRecord {
  return {
    version: 1,
    commonName: ca.record.commonName,
    subject: ca.certificate.subject.split('\n').join(', '),
    serialNumber: ca.record.serialNumber,
    fingerprint256: ca.record.fingerprint256,
    keyAlgorithm: ca.keyAlgorithm,
    notBefore: ca.record.notBefore,
    notAfter: ca.record.notAfter,
    keyEncrypted,
    crlNumber: 0,
    issued: [],
  };
}

/** The record with one more issued certificate. */
export function withIssued(record: CaRecord, issued: IssuedRecord[]): CaRecord {
  return { ...record, issued: [...record.issued, ...issued] };
}

/** What to revoke: certificates by serial number (hex, colons and case ignored) or every unrevoked one with a CN. */
export interface RevokeTarget {
  serialNumbers?: string[];
  commonNames?: string[];
}

export interface Revocation {
  record: CaRecord;
  /** Newly revoked. */
  revoked: IssuedRecord[];
  /** Asked for but revoked before (left as they were, with their first date). */
  alreadyRevoked: IssuedRecord[];
}

export interface RevokeError {
  code: 'nothing-to-revoke' | 'not-issued';
  message: string;
}

/** Canonical serial: upper-case hex without colons or leading zeros. */
export function normalizeSerial(serial: string): string {
  return serial
    .replace(/[:\s]/g, '')
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
}

/** Marks the targets revoked at `at`; an unknown serial or CN is an error and nothing changes. */
export function revoke(
  record: CaRecord,
  target: RevokeTarget,
  at: Date,
  reason: RevocationReason = 'unspecified',
): Result<Revocation, RevokeError> {
  const serials = (target.serialNumbers ?? []).map(normalizeSerial);
  const names = target.commonNames ?? [];
  if (serials.length === 0 && names.length === 0)
    return err({ code: 'nothing-to-revoke', message: 'Name a serial number or a CN to revoke.' });
  const missing = [
    ...serials.filter((s) => !record.issued.some((r) => normalizeSerial(r.serialNumber) === s)).map((s) => `serial ${s}`),
    ...names.filter((n) => !record.issued.some((r) => r.commonName === n)).map((n) => `CN "${n}"`),
  ];
  if (missing.length > 0) {
    return err({ code: 'not-issued', message: `The CA "${record.commonName}" has not issued ${missing.join(', ')}.` });
  }
  const revoked: IssuedRecord[] = [];
  const alreadyRevoked: IssuedRecord[] = [];
  const issued = record.issued.map((r) => {
    const asked = serials.includes(normalizeSerial(r.serialNumber)) || names.includes(r.commonName);
    if (!asked) return r;
    if (r.revoked) {
      alreadyRevoked.push(r);
      return r;
    }
    const updated = { ...r, revoked: { at: at.toISOString(), reason } };
    revoked.push(updated);
    return updated;
  });
  return ok({ record: { ...record, issued }, revoked, alreadyRevoked });
}

export interface CrlOutput {
  pem: string;
  der: Buffer;
  /** The record with its CRL number advanced. */
  record: CaRecord;
}

/**
 * A CRL of every revoked certificate in the record, signed by the CA, numbered one above the
 * last. `nextUpdate` matters: OpenSSL (and so mosquitto) rejects every client once it has
 * passed ("CRL has expired"), so the default is 30 days.
 */
export async function buildCrl(record: CaRecord, issuer: SigningIssuer, thisUpdate: Date, nextUpdate?: Date): Promise<CrlOutput> {
  const crlNumber = record.crlNumber + 1;
  const entries = record.issued
    .filter((r): r is IssuedRecord & { revoked: NonNullable<IssuedRecord['revoked']> } => r.revoked !== undefined)
    .map((r) => ({
      serialNumber: r.serialNumber,
      revocationDate: new Date(r.revoked.at),
      // RFC 5280 §5.3.1: the reasonCode "unspecified" SHOULD be absent.
      ...(r.revoked.reason === 'unspecified' ? {} : { reason: x509.X509CrlReason[r.revoked.reason] }),
    }));
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.parsed.subjectName,
      thisUpdate,
      nextUpdate: nextUpdate ?? new Date(thisUpdate.getTime() + 30 * 86_400_000),
      entries,
      signingKey: issuer.signingKey,
      signingAlgorithm: webAlgorithm(issuer.algorithm),
      extensions: [issuer.authorityKeyId, new x509.Extension(OID_CRL_NUMBER, false, new asn1js.Integer({ value: crlNumber }).toBER())],
    },
    x509Crypto,
  );
  const der = Buffer.from(crl.rawData);
  // RFC 7468 §9: the label is "X509 CRL" (@peculiar writes "CRL", which OpenSSL does not read).
  return { pem: derToPem('X509 CRL', der), der, record: { ...record, crlNumber } };
}
