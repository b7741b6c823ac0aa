import { Badge, Button, Code, Group, Menu, Table, Text } from '@mantine/core';
import type { IssuedRecord, RevocationReason } from '../../../shared/certs/issue';
import type { SavedCa } from '../../../shared/certs/workbench';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { MakeProfileButton } from './make-profile-button';

const REASONS: RevocationReason[] = [
  'unspecified',
  'keyCompromise',
  'superseded',
  'cessationOfOperation',
  'affiliationChanged',
  'privilegeWithdrawn',
];
/** Rows shown before "show all": a batch of thousands would otherwise be one very long page. */
const SHOWN = 200;

function StatusBadge({ r }: { r: IssuedRecord }) {
  const { t } = useT(['certificates', 'ui']);
  if (r.revoked)
    return (
      <Badge size="xs" color="red" variant="filled">
        {t('issued.revoked')}
      </Badge>
    );
  const now = Date.now();
  if (Date.parse(r.notAfter) < now)
    return (
      <Badge size="xs" color="red" variant="light">
        {t('ui:validity.expired')}
      </Badge>
    );
  if (Date.parse(r.notBefore) > now)
    return (
      <Badge size="xs" color="orange" variant="light">
        {t('ui:validity.notYetValid')}
      </Badge>
    );
  return (
    <Badge size="xs" color="green" variant="light">
      {t('ui:validity.valid')}
    </Badge>
  );
}

/** What a CA issued: revoke any of them, make a profile from those whose key is kept. */
export function IssuedTable({
  ca,
  onRevoke,
  showAll,
}: {
  ca: SavedCa;
  onRevoke: (record: IssuedRecord, reason: RevocationReason) => void;
  showAll: boolean;
}) {
  const { t } = useT('certificates');
  const kept = new Set(ca.kept.map((k) => k.serialNumber));
  const rows = showAll ? ca.record.issued : ca.record.issued.slice(0, SHOWN);
  if (ca.record.issued.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        {t('issued.empty')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table fz="xs" striped highlightOnHover aria-label={t('issued.label', { name: ca.record.commonName })} data-testid="issued-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>CN</Table.Th>
            <Table.Th>{t('issued.kind')}</Table.Th>
            <Table.Th>{t('issued.serial')}</Table.Th>
            <Table.Th>{t('issued.validUntil')}</Table.Th>
            <Table.Th>{t('issued.status')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.serialNumber} data-testid="issued-row" data-cn={r.commonName}>
              <Table.Td fw={600}>{r.commonName}</Table.Td>
              <Table.Td>{r.profile === 'server' ? t('issued.broker') : r.profile === 'client' ? t('issued.device') : r.profile}</Table.Td>
              <Table.Td>
                <Code fz="xs" title={r.serialNumber}>
                  {r.serialNumber.slice(0, 12)}…
                </Code>
              </Table.Td>
              <Table.Td>{formatDate(r.notAfter)}</Table.Td>
              <Table.Td>
                <StatusBadge r={r} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {r.profile === 'client' && kept.has(r.serialNumber) && !r.revoked && (
                    <MakeProfileButton caId={ca.id} serialNumber={r.serialNumber} name={r.commonName} compact />
                  )}
                  {!r.revoked && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          aria-label={t('issued.revokeLabel', { name: r.commonName })}
                          disabled={!ca.keyAvailable}
                        >
                          {t('issued.revoke')}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Label>{t('issued.because', { name: r.commonName })}</Menu.Label>
                        {REASONS.map((reason) => (
                          <Menu.Item key={reason} onClick={() => onRevoke(r, reason)}>
                            {reason}
                          </Menu.Item>
                        ))}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
