// Human output of certificate details: the fields `openssl x509 -text` buries, one per line.
import type { CertificateDetails } from '../../../shared/certs/inspect';

/** Label/value lines of a certificate, indented under a heading. */
export function certificateLines(c: CertificateDetails, indent = '  '): string[] {
  const days =
    c.status === 'expired' ? `expired ${-c.daysLeft} days ago` : c.status === 'not-yet-valid' ? 'NOT YET VALID' : `${c.daysLeft} days left`;
  const rows: [string, string][] = [
    ['subject', c.subject.text],
    ['issuer', c.issuer.text + (c.selfSigned ? '  (self-signed)' : '')],
    ['serial', c.serialNumber],
    ['valid', `${c.notBefore} → ${c.notAfter}  (${days})`],
    ['key', c.publicKey.label],
    ['signature', c.signatureAlgorithm],
  ];
  if (c.subjectAltNames.length > 0) rows.push(['SAN', abbreviate(c.subjectAltNames)]);
  if (c.keyUsage.length > 0) rows.push(['key usage', c.keyUsage.join(', ')]);
  if (c.extKeyUsage.length > 0) rows.push(['ext. usage', c.extKeyUsage.join(', ')]);
  if (c.basicConstraints)
    rows.push([
      'basic',
      `CA:${c.basicConstraints.ca ? 'TRUE' : 'FALSE'}${c.basicConstraints.pathLength !== null ? `, pathlen:${c.basicConstraints.pathLength}` : ''}${c.basicConstraints.critical ? ' (critical)' : ''}`,
    ]);
  if (c.subjectKeyIdentifier) rows.push(['SKI', c.subjectKeyIdentifier]);
  if (c.authorityKeyIdentifier) rows.push(['AKI', c.authorityKeyIdentifier]);
  if (c.crlDistributionPoints.length > 0) rows.push(['CRL DP', c.crlDistributionPoints.join(', ')]);
  rows.push(['SHA-1', c.fingerprintSha1], ['SHA-256', c.fingerprintSha256]);
  return rows.map(([label, value]) => `${indent}${label.padEnd(11)}${value}`);
}

/** Thousands of SANs stay readable: the first few and a count. */
function abbreviate(names: string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 6).join(', ')} … and ${names.length - 6} more`;
}
