import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { CrlResult, SavedCa } from '../../../shared/certs/workbench';
import { useActions } from '../../store/store-context';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { ValidityLine } from './certificate-facts';
import { IssuedTable } from './issued-table';
import { OutputPanel } from './output-panel';

/** One saved CA: its certificate, its CRL, what it issued; revoke, re-sign the CRL, delete. */
export function SavedCaCard({ ca, parentName }: { ca: SavedCa; parentName: string | null }) {
  const { t } = useT('certificates');
  const { revoke, signCrl, deleteCa } = useActions();
  const [showAll, setShowAll] = useState(false);
  const [crl, setCrl] = useState<CrlResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const done = (r: { ok: true; value: CrlResult } | { ok: false; error: { message: string } }) => {
    if (r.ok) {
      setCrl(r.value);
      setError(null);
    } else setError(r.error.message);
  };
  const c = ca.certificate;
  return (
    <Card
      withBorder
      radius="md"
      padding="sm"
      data-testid="saved-ca"
      data-cn={ca.record.commonName}
      aria-label={t('saved.label', { name: ca.record.commonName })}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Text fw={700}>{ca.record.commonName}</Text>
            <Badge size="sm" variant="light">
              {ca.parentId ? t('saved.intermediateOf', { name: parentName ?? '?' }) : t('saved.root')}
            </Badge>
            <Badge size="sm" variant="outline" color="gray">
              {c.publicKey.label}
            </Badge>
            {!ca.keyAvailable && (
              <Badge size="sm" color="red">
                {t('saved.keyLocked')}
              </Badge>
            )}
          </Group>
          <Group gap={4}>
            <Button size="compact-xs" variant="light" onClick={() => void signCrl(ca.id, 30).then(done)} disabled={!ca.keyAvailable}>
              {t('saved.signCrl')}
            </Button>
            {confirmDelete ? (
              <>
                <Button size="compact-xs" color="red" onClick={() => void deleteCa(ca.id).then((r) => !r.ok && setError(r.error.message))}>
                  {t('saved.confirmDelete')}
                </Button>
                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setConfirmDelete(false)}>
                  {t('saved.keep')}
                </Button>
              </>
            ) : (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                {t('saved.delete')}
              </Button>
            )}
          </Group>
        </Group>
        <Text fz="xs" c="dimmed" component="div">
          <ValidityLine c={c} />
        </Text>
        <Text fz="xs" c="dimmed">
          {t('saved.summary', { subject: c.subject.text, issued: ca.record.issued.length, kept: ca.kept.length })}
          {ca.lastCrl
            ? `${t('saved.lastCrl', { number: ca.record.crlNumber, count: ca.lastCrl.revoked, date: formatDate(ca.lastCrl.nextUpdate) })}${Date.parse(ca.lastCrl.nextUpdate) < Date.now() ? t('saved.crlPassed') : ''}`
            : t('saved.noCrl')}
        </Text>
        <IssuedTable
          ca={ca}
          showAll={showAll}
          onRevoke={(r, reason) => void revoke({ caId: ca.id, serialNumbers: [r.serialNumber], reason }).then(done)}
        />
        {!showAll && ca.record.issued.length > 200 && (
          <Button size="compact-xs" variant="subtle" onClick={() => setShowAll(true)}>
            {t('saved.showAll', { count: ca.record.issued.length })}
          </Button>
        )}
        {error && (
          <Text c="red" fz="sm" role="alert">
            {error}
          </Text>
        )}
        {crl && (
          <Alert
            color="teal"
            variant="light"
            title={t('saved.crlSigned', { number: crl.ca.record.crlNumber, count: crl.revoked })}
            withCloseButton
            onClose={() => setCrl(null)}
            data-testid="crl-signed"
          >
            <OutputPanel output={crl.output} />
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
