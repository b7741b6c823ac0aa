import { Badge, Code, Group } from '@mantine/core';
import type { CertSummary } from '../../shared/connect/report';
import { formatDate } from '../features/report/report-format';
import { KeyValueTable } from './key-value-table';
import { ValidityBadge } from './validity-badge';

/** Every field of a certificate summary, for expandable panels. */
export function CertDetails({ cert }: { cert: CertSummary }) {
  return (
    <KeyValueTable
      label={`Certificate ${cert.commonName ?? cert.subject}`}
      rows={[
        { label: 'Subject', value: cert.subject },
        { label: 'Subject alternative names', value: cert.subjectAltNames.length ? cert.subjectAltNames.join(', ') : null },
        { label: 'Issuer', value: cert.issuer },
        {
          label: 'Validity',
          value: (
            <Group gap="xs">
              <span>
                {formatDate(cert.validFrom)} → {formatDate(cert.validTo)}
              </span>
              <ValidityBadge cert={cert} />
            </Group>
          ),
        },
        { label: 'Serial number', value: <Code>{cert.serialNumber}</Code> },
        { label: 'Key type', value: cert.keyType },
        {
          label: 'Flags',
          value: (
            <Group gap={4}>
              {cert.isCA && (
                <Badge size="sm" variant="light">
                  CA
                </Badge>
              )}
              {cert.selfSigned && (
                <Badge size="sm" variant="light" color="orange">
                  self-signed
                </Badge>
              )}
              {!cert.isCA && !cert.selfSigned && (
                <Badge size="sm" variant="light" color="gray">
                  end entity
                </Badge>
              )}
            </Group>
          ),
        },
        { label: 'Extended key usage', value: cert.extKeyUsage.length ? cert.extKeyUsage.join(', ') : null },
        { label: 'SHA-256 fingerprint', value: <Code style={{ wordBreak: 'break-all' }}>{cert.fingerprint256}</Code> },
        { label: 'Source', value: cert.source },
      ]}
    />
  );
}
