import { Alert, Button, Group, Kbd, List, ScrollArea, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type { ImportPreview } from '../../../shared/profile/transfer';
import { ConfigItemCard } from './config-item-card';
import { chosenItems, createLabel, readLine, type ConfigInput } from './config-import-plan';
import { useT } from '../../i18n/use-t';

/** Key names, printed on the keys in every language. */
const CTRL = 'Ctrl';
const ENTER = 'Enter';

/** What the text maps to: one card per profile, then Create (Ctrl/Cmd+Enter). */
export function ConfigPreviewStep(props: {
  input: ConfigInput;
  preview: ImportPreview;
  names: Record<string, string>;
  skipped: Record<string, boolean>;
  error: string | null;
  busy: boolean;
  onName: (key: string, name: string) => void;
  onSkip: (key: string, skip: boolean) => void;
  onAttach: (key: string, index: number, file?: File) => void;
  onCreate: () => void;
  onBack: () => void;
}) {
  const { t } = useT('transfer');
  const { preview } = props;
  const canCreate = chosenItems(preview, props.skipped).length > 0 && !props.busy;
  useHotkeys([['mod+Enter', () => canCreate && props.onCreate()]], []);
  return (
    <Stack gap="md" data-testid="config-preview">
      <Text fz="sm" data-testid="config-read-line">
        {readLine(preview, props.input)}
      </Text>
      {preview.notes.length > 0 && (
        <Alert color="blue" variant="light" title={t('config.aboutText')} data-testid="config-file-notes">
          <List size="sm">
            {preview.notes.map((n, i) => (
              <List.Item key={i}>{n}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <ScrollArea.Autosize mah="60vh" type="auto" offsetScrollbars>
        <Stack gap="sm">
          {preview.items.map((item) => (
            <ConfigItemCard
              key={item.key}
              item={item}
              several={preview.items.length > 1}
              name={props.names[item.key] ?? item.name}
              skipped={props.skipped[item.key] === true}
              onName={(n) => props.onName(item.key, n)}
              onSkip={(s) => props.onSkip(item.key, s)}
              onAttach={(index, file) => props.onAttach(item.key, index, file)}
            />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {props.error && (
        <Alert color="red" variant="light" title={t('config.notDone')} role="alert" data-testid="config-preview-error">
          {props.error}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="subtle" onClick={props.onBack}>
          {t('config.edit')}
        </Button>
        <Group gap="xs">
          <Text fz="xs" c="dimmed">
            <Kbd>{CTRL}</Kbd> + <Kbd>{ENTER}</Kbd>
          </Text>
          <Button onClick={props.onCreate} disabled={!canCreate} loading={props.busy} data-testid="config-create">
            {createLabel(preview, props.skipped)}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
