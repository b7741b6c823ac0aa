import { Button, Group, Stack, Text } from '@mantine/core';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { WorkbenchInput } from '../../../shared/certs/workbench';
import { pageFileInput } from '../../store/certs-slice';
import { useT } from '../../i18n/use-t';

/**
 * Largest file taken from the page: the inspector's own limit (4 MiB). Files travel base64 in
 * one WebSocket frame of at most 8 MiB, so all files of one drop together stay under 5 MiB.
 */
const MAX_DROP_BYTES = 4 * 1024 * 1024;
const MAX_DROP_TOTAL = 5 * 1024 * 1024;

export interface FileDropProps {
  label: string;
  /** For tests and labels: `drop-<id>`, `file-input-<id>`. */
  id: string;
  multiple?: boolean;
  onFiles: (inputs: WorkbenchInput[]) => void;
  /** What is loaded, shown inside the zone. */
  children?: ReactNode;
  hint?: string;
}

/** A drop zone with a "Choose…" button: files become workbench inputs (bytes, sent to the host once). */
export function FileDrop({ label, id, multiple = false, onFiles, children, hint }: FileDropProps) {
  const { t } = useT('certificates');
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const take = async (files: File[]) => {
    const big = files.find((f) => f.size > MAX_DROP_BYTES);
    if (big) {
      setProblem(t('drop.tooBig', { name: big.name, size: (big.size / 1024 / 1024).toFixed(1) }));
      return;
    }
    if (files.reduce((n, f) => n + f.size, 0) > MAX_DROP_TOTAL) {
      setProblem(t('drop.tooMuch'));
      return;
    }
    setProblem(null);
    onFiles(await Promise.all((multiple ? files : files.slice(0, 1)).map(pageFileInput)));
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    void take([...e.dataTransfer.files]);
  };
  return (
    <Stack
      gap={6}
      p="sm"
      data-testid={`drop-${id}`}
      data-dragging={dragging || undefined}
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      style={{
        border: `1px dashed var(--mantine-color-${dragging ? 'blue-5' : 'default-border'})`,
        borderRadius: 8,
        background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="wrap">
        <Text fz="sm" fw={500}>
          {label}
        </Text>
        <input
          ref={inputRef}
          type="file"
          hidden
          multiple={multiple}
          aria-label={t('drop.fileInput', { label })}
          data-testid={`file-input-${id}`}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            void take(files);
          }}
        />
        <Button size="xs" variant="light" onClick={() => inputRef.current?.click()} aria-label={t('drop.chooseLabel', { label })}>
          {t('drop.choose')}
        </Button>
        <Text fz="xs" c="dimmed">
          {hint ?? t('drop.hint')}
        </Text>
      </Group>
      {children}
      {problem && (
        <Text fz="xs" c="red" role="alert">
          {problem}
        </Text>
      )}
    </Stack>
  );
}
