import { ActionIcon, Badge, Card, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { MaterialRef } from '../../../shared/profile/profile';
import { FindingsList } from '../../ui/findings-list';
import { ValidityBadge } from '../../ui/validity-badge';
import { formatDate, shortFingerprint } from '../report/report-format';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';

/** An imported file as a card: what it holds, validity, fingerprint, and (for keys) whether it fits the certificate. */
export function MaterialCard({ file, keyMatch, onRemove }: { file: MaterialRef; keyMatch?: boolean | null; onRemove: () => void }) {
  const { t } = useT('profileEditor');
  const cert = file.summary;
  const kind = t(`card.kinds.${file.kind}`);
  const extra = (file.certificates?.length ?? 0) - 1;
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      data-testid={`material-${file.slot}`}
      aria-label={t('card.label', { slot: file.slot, name: file.fileName })}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            {cert ? (
              <Text fw={600} fz="sm" data-testid="material-cn">
                {cert.commonName ?? cert.subject}
              </Text>
            ) : (
              <Text fw={600} fz="sm">
                {kind}
              </Text>
            )}
            <Badge size="xs" variant="light" color={file.kind === 'unknown' ? 'red' : 'blue'}>
              {kind}
            </Badge>
            {cert && <ValidityBadge cert={cert} />}
            {cert?.isCA && (
              <Badge size="xs" variant="light">
                CA
              </Badge>
            )}
            {extra > 0 && (
              <Badge size="xs" variant="light" color="gray">
                {t('card.more', { n: extra })}
              </Badge>
            )}
          </Group>
          <Text fz="xs" c="dimmed" truncate="end" title={file.fileName}>
            {t('card.size', { name: file.fileName, kib: (file.size / 1024).toFixed(1) })}
          </Text>
          {cert && (
            <>
              <Text fz="xs">
                <Trans
                  t={t}
                  i18nKey={cert.selfSigned ? 'card.issuedBySelf' : 'card.issuedBy'}
                  values={{ issuer: cert.issuerCommonName ?? cert.issuer }}
                  components={[<Text key="issuer" span fw={500} fz="xs" />]}
                />
              </Text>
              <Text fz="xs">{t('card.valid', { from: formatDate(cert.validFrom), to: formatDate(cert.validTo) })}</Text>
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
                  ? t('card.encryptedCheck')
                  : t('card.laterCheck')
                : keyMatch
                  ? t('card.matches')
                  : t('card.noMatch')}
            </Text>
          )}
          {file.problem && (
            <Text fz="xs" c="red" data-testid="material-problem">
              {file.problem}
            </Text>
          )}
          {file.lint && (
            <div data-testid="material-lint">
              <FindingsList findings={file.lint} empty={t('card.lintClean')} compact />
            </div>
          )}
        </Stack>
        <Tooltip label={t('card.removeTip')}>
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('card.remove', { name: file.fileName })}>
            ✕
          </ActionIcon>
        </Tooltip>
      </Group>
    </Card>
  );
}
