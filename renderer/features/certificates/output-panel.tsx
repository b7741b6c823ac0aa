import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { OutputInfo } from '../../../shared/certs/workbench';
import { selectAppInfo } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';

/**
 * The files an issuing run made. The host holds them (30 minutes); the desktop app writes them
 * into a folder the user picks, the browser downloads them as one zip the host serves.
 */
export function OutputPanel({ output }: { output: OutputInfo }) {
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
    setDone(r.value.kind === 'folder' ? `${r.value.files} files written to ${r.value.folder}` : `${r.value.fileName} downloaded`);
  };
  return (
    <Stack gap="xs" data-testid="output-panel">
      <Table fz="xs" withTableBorder aria-label="Files made" maw={560}>
        <Table.Tbody>
          {output.files.map((f) => (
            <Table.Tr key={f.path}>
              <Table.Td style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{f.path}</Table.Td>
              <Table.Td w={80}>{f.size < 1024 ? `${f.size} B` : `${(f.size / 1024).toFixed(1)} KiB`}</Table.Td>
              <Table.Td w={90}>
                {f.secret && (
                  <Badge size="xs" color="orange" variant="light">
                    secret
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="sm">
        <Button size="xs" onClick={() => void save()} data-testid="save-output">
          {folder ? 'Save files to a folder…' : `Download ${output.fileName}`}
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
        Keys and passwords are secret:{' '}
        {folder ? 'written readable by you only (0600)' : 'the zip keeps them readable by you only (0600) when unpacked'}. The host keeps
        these files for 30 minutes; the CA keeps what it issued.
      </Text>
    </Stack>
  );
}
