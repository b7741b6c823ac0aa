import { Table, Text } from '@mantine/core';
import type { IgnoredField, MappedField } from '../../../shared/profile/config-import';
import { useT } from '../../i18n/use-t';

/** What each option of the source became (mapped), or why it was left out (ignored), with its line. */
export function ConfigMappingTable({ rows, kind }: { rows: readonly (MappedField | IgnoredField)[]; kind: 'mapped' | 'ignored' }) {
  const { t } = useT('transfer');
  if (!rows.length)
    return (
      <Text fz="sm" c="dimmed">
        {kind === 'mapped' ? t('config.nothingMapped') : t('config.nothingLeftOut')}
      </Text>
    );
  return (
    <Table
      aria-label={kind === 'mapped' ? t('config.optionsMapped') : t('config.optionsLeftOut')}
      data-testid={`config-${kind}`}
      verticalSpacing={3}
      horizontalSpacing="xs"
      fz="sm"
      layout="fixed"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={64}>{t('config.line')}</Table.Th>
          <Table.Th w="34%">{t('config.option')}</Table.Th>
          <Table.Th>{kind === 'mapped' ? t('config.became') : t('config.why')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={i}>
            <Table.Td c="dimmed">{r.line ?? ''}</Table.Td>
            <Table.Td ff="monospace" fz="xs" style={{ overflowWrap: 'anywhere' }}>
              {r.source}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{'target' in r ? r.target : r.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
