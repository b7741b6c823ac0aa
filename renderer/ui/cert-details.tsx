import { Badge, Code, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CertSummary } from '../../shared/connect/report';
import { formatDate } from '../features/report/report-format';
import { useT } from '../i18n/use-t';
import { KeyValueTable } from './key-value-table';
import { ValidityBadge } from './validity-badge';

/** Every field of a certificate summary, for expandable panels; `badge` replaces the validity badge (an untrusted chain). */
export function CertDetails({ cert, badge }: { cert: CertSummary; badge?: ReactNode }) {
  const { t } = useT('ui');
  return (
    <KeyValueTable
      label={t('cert.tableLabel', { name: cert.commonName ?? cert.subject })}
      rows={[
        { label: t('cert.subject'), value: cert.subject },
        { label: t('cert.subjectAltNames'), value: cert.subjectAltNames.length ? cert.subjectAltNames.join(', ') : null },
        { label: t('cert.issuer'), value: cert.issuer },
        {
          label: t('cert.validity'),
          value: (
            <Group gap="xs">
              <span>
                {formatDate(cert.validFrom)} → {formatDate(cert.validTo)}
              </span>
              {badge ?? <ValidityBadge cert={cert} />}
            </Group>
          ),
        },
        { label: t('cert.serialNumber'), value: <Code>{cert.serialNumber}</Code> },
        { label: t('cert.keyType'), value: cert.keyType },
        {
          label: t('cert.flags'),
          value: (
            <Group gap={4}>
              {cert.isCA && (
                <Badge size="sm" variant="light">
                  CA
                </Badge>
              )}
              {cert.selfSigned && (
                <Badge size="sm" variant="light" color="orange">
                  {t('cert.selfSigned')}
                </Badge>
              )}
              {!cert.isCA && !cert.selfSigned && (
                <Badge size="sm" variant="light" color="gray">
                  {t('cert.endEntity')}
                </Badge>
              )}
            </Group>
          ),
        },
        { label: t('cert.extKeyUsage'), value: cert.extKeyUsage.length ? cert.extKeyUsage.join(', ') : null },
        { label: t('cert.fingerprint'), value: <Code style={{ wordBreak: 'break-all' }}>{cert.fingerprint256}</Code> },
        { label: t('cert.source'), value: cert.source },
      ]}
    />
  );
}
