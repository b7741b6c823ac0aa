import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { OutputFile, OutputInfo } from '../../../shared/certs/workbench';
import { selectAppInfo } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Files in a folder are one row per folder (a batch makes thousands), top-level files one row each. */
export function outputRows(files: readonly OutputFile[]): { path: string; size: number; secret: boolean; count: number }[] {
  const rows = new Map<string, { path: string; size: number; secret: boolean; count: number }>();
  for (const f of files) {
    const slash = f.path.indexOf('/');
    const key = slash < 0 ? f.path : `${f.path.slice(0, slash + 1)}`;
    const row = rows.get(key) ?? { path: key, size: 0, secret: false, count: 0 };
    row.size += f.size;
    row.secret ||= f.secret;
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The files an issuing run made. The host holds them (30 minutes); the desktop app writes them
 * into a folder the user picks, the browser downloads them as one zip the host serves.
 */
export function OutputPanel({ output }: { output: OutputInfo }) {
  const { t } = useT('certificates');
  const info = useAppStore(selectAppInfo);
  const { saveOutput } = useActions();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const folder = info?.capabilities.saveFolder === true;
  const save = async () => {
    setError(null);
    const r = await saveOutput(output);
    if (!r.ok) {
      if (r.error.code !== 'cancelled') setError(r.error.message);
      return;
    }
    setDone(
      r.value.kind === 'folder'
        ? t('output.written', { count: r.value.files, folder: r.value.folder })
        : t('output.downloaded', { name: r.value.fileName }),
    );
  };
  return (
    <Stack gap="xs" data-testid="output-panel">
      <Table fz="xs" withTableBorder aria-label={t('output.table')} maw={560}>
        <Table.Tbody>
          {outputRows(output.files).map((f) => (
            <Table.Tr key={f.path}>
              <Table.Td style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>
                {f.path}
                {f.path.endsWith('/') ? t('output.folderFiles', { count: f.count }) : ''}
              </Table.Td>
              <Table.Td w={80}>{size(f.size)}</Table.Td>
              <Table.Td w={90}>
                {f.secret && (
                  <Badge size="xs" color="orange" variant="light">
                    {t('output.secret')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="sm">
        <Button size="xs" onClick={() => void save()} data-testid="save-output">
          {folder ? t('output.saveFolder') : t('output.download', { name: output.fileName })}
        </Button>
        {done && (
          <Text fz="xs" c="teal" data-testid="output-saved">
            {done}
          </Text>
        )}
        {error && (
          <Text fz="xs" c="red" role="alert">
            {error}
          </Text>
        )}
      </Group>
      <Text fz="xs" c="dimmed">
        {t('output.note', { how: folder ? t('output.folderHow') : t('output.zipHow') })}
      </Text>
    </Stack>
  );
}
