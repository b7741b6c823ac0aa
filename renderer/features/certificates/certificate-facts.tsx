import { Badge, Code, Group, Text } from '@mantine/core';
import type { CertificateDetails, DistinguishedName } from '../../../shared/certs/inspect';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { KeyValueTable } from '../../ui/key-value-table';

/** A name attribute by attribute, most general first, the CN in bold (the identity brokers map to a user). */
export function NameLine({ name }: { name: DistinguishedName }) {
  const { t } = useT('certificates');
  if (name.attributes.length === 0)
    return (
      <Text span c="dimmed" fz="sm">
        {t('facts.empty')}
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
  const { t } = useT(['certificates', 'ui']);
  return (
    <Group gap="xs" wrap="wrap">
      <span>
        {formatDateTime(c.notBefore)} → {formatDateTime(c.notAfter)}
      </span>
      {c.status === 'expired' && (
        <Badge color="red" variant="filled" size="sm">
          {t('facts.expiredAgo', { count: -c.daysLeft })}
        </Badge>
      )}
      {c.status === 'not-yet-valid' && (
        <Badge color="orange" variant="filled" size="sm">
          {t('ui:validity.notYetValid')}
        </Badge>
      )}
      {c.status === 'valid' && (
        <Badge color={c.daysLeft < 30 ? 'yellow' : 'green'} variant="light" size="sm">
          {t('facts.daysLeft', { count: c.daysLeft })}
        </Badge>
      )}
    </Group>
  );
}

const list = (values: readonly string[]) => (values.length ? values.join(', ') : null);

/** Everything the inspector reads from a certificate. */
export function CertificateFacts({ c }: { c: CertificateDetails }) {
  const { t } = useT(['certificates', 'ui']);
  const bc = c.basicConstraints;
  return (
    <KeyValueTable
      label={t('ui:cert.tableLabel', { name: c.subject.commonName ?? c.subject.text })}
      rows={[
        { label: t('ui:cert.subject'), value: <NameLine name={c.subject} /> },
        {
          label: t('ui:cert.issuer'),
          value: c.selfSigned ? <Text fz="sm">{t('facts.selfSignedSubject')}</Text> : <NameLine name={c.issuer} />,
        },
        { label: t('ui:cert.serialNumber'), value: <Code style={{ wordBreak: 'break-all' }}>{c.serialNumber}</Code> },
        { label: t('ui:cert.validity'), value: <ValidityLine c={c} /> },
        { label: t('facts.publicKey'), value: c.publicKey.label },
        { label: t('facts.signatureAlgorithm'), value: c.signatureAlgorithm },
        { label: t('ui:cert.subjectAltNames'), value: list(c.subjectAltNames) },
        { label: t('facts.keyUsage'), value: list(c.keyUsage) },
        { label: t('ui:cert.extKeyUsage'), value: list(c.extKeyUsage) },
        {
          label: t('facts.basicConstraints'),
          value: bc
            ? `CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLength !== null ? `, pathlen:${bc.pathLength}` : ''}${bc.critical ? t('facts.critical') : ''}`
            : null,
        },
        { label: t('facts.subjectKeyId'), value: c.subjectKeyIdentifier ? <Code fz="xs">{c.subjectKeyIdentifier}</Code> : null },
        { label: t('facts.authorityKeyId'), value: c.authorityKeyIdentifier ? <Code fz="xs">{c.authorityKeyIdentifier}</Code> : null },
        { label: t('facts.crlDistribution'), value: list(c.crlDistributionPoints) },
        {
          label: t('facts.sha1'),
          value: (
            <Code fz="xs" style={{ wordBreak: 'break-all' }}>
              {c.fingerprintSha1}
            </Code>
          ),
        },
        {
          label: t('ui:cert.fingerprint'),
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
