import { ActionIcon, Badge, Card, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { MaterialKind, MaterialRef } from '../../../shared/profile/profile';
import { FindingsList } from '../../ui/findings-list';
import { ValidityBadge } from '../../ui/validity-badge';
import { formatDate, shortFingerprint } from '../report/report-format';

const KIND_LABEL: Record<MaterialKind, string> = {
  certificate: 'certificate',
  'certificate-chain': 'certificate chain',
  'private-key': 'private key',
  'encrypted-private-key': 'encrypted private key',
  pkcs12: 'PKCS#12 bundle',
  unknown: 'unrecognised',
};

/** An imported file as a card: what it holds, validity, fingerprint, and (for keys) whether it fits the certificate. */
export function MaterialCard({ file, keyMatch, onRemove }: { file: MaterialRef; keyMatch?: boolean | null; onRemove: () => void }) {
  const cert = file.summary;
  const extra = (file.certificates?.length ?? 0) - 1;
  return (
    <Card withBorder padding="sm" radius="md" data-testid={`material-${file.slot}`} aria-label={`${file.slot} file ${file.fileName}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            {cert ? (
              <Text fw={600} fz="sm" data-testid="material-cn">
                {cert.commonName ?? cert.subject}
              </Text>
            ) : (
              <Text fw={600} fz="sm">
                {KIND_LABEL[file.kind]}
              </Text>
            )}
            <Badge size="xs" variant="light" color={file.kind === 'unknown' ? 'red' : 'blue'}>
              {KIND_LABEL[file.kind]}
            </Badge>
            {cert && <ValidityBadge cert={cert} />}
            {cert?.isCA && (
              <Badge size="xs" variant="light">
                CA
              </Badge>
            )}
            {extra > 0 && (
              <Badge size="xs" variant="light" color="gray">
                +{extra} more
              </Badge>
            )}
          </Group>
          <Text fz="xs" c="dimmed" truncate="end" title={file.fileName}>
            {file.fileName} · {(file.size / 1024).toFixed(1)} KiB
          </Text>
          {cert && (
            <>
              <Text fz="xs">
                issued by{' '}
                <Text span fw={500} fz="xs">
                  {cert.issuerCommonName ?? cert.issuer}
                </Text>
                {cert.selfSigned ? ' (self-signed)' : ''}
              </Text>
              <Text fz="xs">
                valid {formatDate(cert.validFrom)} → {formatDate(cert.validTo)}
              </Text>
              <Text fz="xs">
                {cert.keyType} ·{' '}
                <Code fz="xs" title={cert.fingerprint256}>
                  {shortFingerprint(cert.fingerprint256)}
                </Code>
              </Text>
            </>
          )}
          {keyMatch !== undefined && (
            <Text
              fz="xs"
              data-testid="key-match"
              data-match={keyMatch === null ? 'unknown' : String(keyMatch)}
              c={keyMatch === null ? 'dimmed' : keyMatch ? 'teal' : 'red'}
            >
              {keyMatch === null
                ? file.kind === 'encrypted-private-key'
                  ? 'Encrypted: checked against the certificate when connecting'
                  : 'Checked against the certificate when connecting'
                : keyMatch
                  ? 'Key matches certificate ✓'
                  : 'Key does not match the certificate ✕'}
            </Text>
          )}
          {file.problem && (
            <Text fz="xs" c="red" data-testid="material-problem">
              {file.problem}
            </Text>
          )}
          {file.lint && (
            <div data-testid="material-lint">
              <FindingsList findings={file.lint} empty="Lint: no findings ✓" compact />
            </div>
          )}
        </Stack>
        <Tooltip label="Remove file">
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Remove ${file.fileName}`}>
            ✕
          </ActionIcon>
        </Tooltip>
      </Group>
    </Card>
  );
}
