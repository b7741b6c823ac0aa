import { Accordion, Badge, Checkbox, Group, List, Paper, Stack, Text, TextInput } from '@mantine/core';
import type { ImportItem } from '../../../shared/profile/transfer';
import { KeyValueTable } from '../../ui/key-value-table';
import { ConfigFileRow } from './config-file-row';
import { settingsRows } from './config-import-plan';
import { ConfigMappingTable } from './config-mapping-table';
import { secretKindsText } from './export-plan';
import { useT } from '../../i18n/use-t';

/** One profile read from the text: its name, broker, settings, files, secrets, and the report of the mapping. */
export function ConfigItemCard(props: {
  item: ImportItem;
  several: boolean;
  name: string;
  skipped: boolean;
  onName: (name: string) => void;
  onSkip: (skip: boolean) => void;
  onAttach: (index: number, file?: File) => void;
}) {
  const { t } = useT('transfer');
  const { item } = props;
  const mapping = item.mapping;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="config-item" data-name={item.name} style={{ opacity: props.skipped ? 0.6 : 1 }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
          <Group gap="xs" align="flex-end" wrap="nowrap" style={{ flex: 1, minWidth: 240 }}>
            {props.several && (
              <Checkbox
                checked={!props.skipped}
                onChange={(e) => props.onSkip(!e.currentTarget.checked)}
                aria-label={t('config.createItem', { name: item.name })}
                mb={8}
              />
            )}
            <TextInput
              label={t('config.profileName')}
              value={props.name}
              onChange={(e) => props.onName(e.currentTarget.value)}
              disabled={props.skipped}
              style={{ flex: 1 }}
              data-testid="config-item-name"
            />
          </Group>
          <Stack gap={2} align="flex-end">
            {mapping && (
              <Badge variant="light" color="grape">
                {t(`config.formats.${mapping.format}`)}
                {mapping.section ? ` · ${mapping.section}` : ''}
              </Badge>
            )}
            <Text fz="sm" ff="monospace" data-testid="config-item-target">
              {item.target}
            </Text>
          </Stack>
        </Group>
        {item.settings && <KeyValueTable label={t('config.settings')} rows={settingsRows(item.settings)} />}
        {item.files.length > 0 && (
          <Stack gap={4} data-testid="config-files">
            {item.files.map((f, i) => (
              <ConfigFileRow key={i} file={f} index={i} onAttach={(file) => props.onAttach(i, file)} />
            ))}
          </Stack>
        )}
        {item.secrets.included.length > 0 && (
          <Text fz="sm" data-testid="config-secrets-included">
            <Text span inherit c="teal.8" fw={600}>
              {t('config.secretsTaken')}
            </Text>{' '}
            {secretKindsText(item.secrets.included)}
            {t('config.sealedNote')}
          </Text>
        )}
        {item.secrets.missing.length > 0 && (
          <Text fz="sm" data-testid="config-secrets-missing">
            <Text span inherit c="orange.8" fw={600}>
              {t('config.stillNeeded')}
            </Text>{' '}
            {secretKindsText(item.secrets.missing)}
          </Text>
        )}
        {item.notes.length > 0 && (
          <List size="sm" spacing={2} data-testid="config-notes" style={{ overflowWrap: 'anywhere' }}>
            {item.notes.map((n, i) => (
              <List.Item key={i}>{n}</List.Item>
            ))}
          </List>
        )}
        {mapping && (
          <Accordion multiple variant="contained" chevronPosition="left" defaultValue={props.several ? [] : ['mapped']}>
            <Accordion.Item value="mapped">
              <Accordion.Control>{t('config.mapped', { count: mapping.mapped.length })}</Accordion.Control>
              <Accordion.Panel>
                <ConfigMappingTable rows={mapping.mapped} kind="mapped" />
              </Accordion.Panel>
            </Accordion.Item>
            <Accordion.Item value="ignored">
              <Accordion.Control>{t('config.leftOut', { count: mapping.ignored.length })}</Accordion.Control>
              <Accordion.Panel>
                <ConfigMappingTable rows={mapping.ignored} kind="ignored" />
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        )}
      </Stack>
    </Paper>
  );
}
