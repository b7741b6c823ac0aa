import { Badge, Code, Group, Text } from '@mantine/core';
import type { CertificateDetails, DistinguishedName } from '../../../shared/certs/inspect';
import { KeyValueTable } from '../../ui/key-value-table';
import { formatDate } from '../report/report-format';

/** A name attribute by attribute, most general first, the CN in bold (the identity brokers map to a user). */
export function NameLine({ name }: { name: DistinguishedName }) {
  if (name.attributes.length === 0)
    return (
      <Text span c="dimmed" fz="sm">
        (empty)
      </Text>
    );
  return (
    <Group gap={4} wrap="wrap">
      {name.attributes.map((a, i) => (
        <Text span key={`${a.type}-${i}`} fz="sm" fw={a.type === 'CN' ? 700 : 400} data-cn={a.type === 'CN' || undefined}>
          {a.type}={a.value}
          {i < name.attributes.length - 1 ? ',' : ''}
        </Text>
      ))}
    </Group>
  );
}

/** Days left, and the badge when a certificate is out of date. */
export function ValidityLine({ c }: { c: Pick<CertificateDetails, 'notBefore' | 'notAfter' | 'status' | 'daysLeft'> }) {
  return (
    <Group gap="xs" wrap="wrap">
      <span>
        {formatDate(c.notBefore)} → {formatDate(c.notAfter)}
      </span>
      {c.status === 'expired' && (
        <Badge color="red" variant="filled" size="sm">
          expired {-c.daysLeft} days ago
        </Badge>
      )}
      {c.status === 'not-yet-valid' && (
        <Badge color="orange" variant="filled" size="sm">
          not yet valid
        </Badge>
      )}
      {c.status === 'valid' && (
        <Badge color={c.daysLeft < 30 ? 'yellow' : 'green'} variant="light" size="sm">
          {c.daysLeft} days left
        </Badge>
      )}
    </Group>
  );
}

const list = (values: readonly string[]) => (values.length ? values.join(', ') : null);

/** Everything the inspector reads from a certificate. */
export function CertificateFacts({ c }: { c: CertificateDetails }) {
  const bc = c.basicConstraints;
  return (
    <KeyValueTable
      label={`Certificate ${c.subject.commonName ?? c.subject.text}`}
      rows={[
        { label: 'Subject', value: <NameLine name={c.subject} /> },
        { label: 'Issuer', value: c.selfSigned ? <Text fz="sm">self-signed (the subject)</Text> : <NameLine name={c.issuer} /> },
        { label: 'Serial number', value: <Code style={{ wordBreak: 'break-all' }}>{c.serialNumber}</Code> },
        { label: 'Validity', value: <ValidityLine c={c} /> },
        { label: 'Public key', value: c.publicKey.label },
        { label: 'Signature algorithm', value: c.signatureAlgorithm },
        { label: 'Subject alternative names', value: list(c.subjectAltNames) },
        { label: 'Key usage', value: list(c.keyUsage) },
        { label: 'Extended key usage', value: list(c.extKeyUsage) },
        {
          label: 'Basic constraints',
          value: bc
            ? `CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== null ? `, pathlen:${bc.pathLength}` : ''}${bc.critical ? ' (critical)' : ''}`
            : null,
        },
        { label: 'Subject key identifier', value: c.subjectKeyIdentifier ? <Code fz="xs">{c.subjectKeyIdentifier}</Code> : null },
        { label: 'Authority key identifier', value: c.authorityKeyIdentifier ? <Code fz="xs">{c.authorityKeyIdentifier}</Code> : null },
        { label: 'CRL distribution points', value: list(c.crlDistributionPoints) },
        {
          label: 'SHA-1 fingerprint',
          value: (
            <Code fz="xs" style={{ wordBreak: 'break-all' }}>
              {c.fingerprintSha1}
            </Code>
          ),
        },
        {
          label: 'SHA-256 fingerprint',
          value: (
            <Code fz="xs" style={{ wordBreak: 'break-all' }}>
              {c.fingerprintSha256}
            </Code>
          ),
        },
      ]}
    />
  );
}
