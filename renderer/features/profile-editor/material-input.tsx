import { Button, Group, Input, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import type { MaterialRef, MaterialSlot } from '../../../shared/profile/profile';
import { useActions, useAppStore } from '../../store/store-context';
import { selectAppInfo } from '../../store/selectors';
import { ACCEPT } from './profile-draft';
import type { DragEvent, ReactNode } from 'react';
import { useT } from '../../i18n/use-t';

export interface MaterialInputProps {
  slot: MaterialSlot;
  label: string;
  description?: string;
  error?: string;
  /** Called with the host's summary of each loaded file. */
  onLoaded: (file: MaterialRef) => void;
  multiple?: boolean;
  children?: ReactNode;
}

/**
 * Loads a file into a profile slot: the native dialog in the desktop app, a file input in the
 * browser. The bytes go to the host once; only the summary comes back.
 */
export function MaterialInput({ slot, label, description, error, onLoaded, multiple = false, children }: MaterialInputProps) {
  const { importPageFile, pickFile } = useActions();
  const { t } = useT('profileEditor');
  const info = useAppStore(selectAppInfo);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const loadFiles = async (files: File[]) => {
    setBusy(true);
    setFailure(null);
    for (const f of files) {
      const r = await importPageFile(slot, f);
      if (r.ok) onLoaded(r.value);
      else setFailure(t('input.failed', { name: f.name, message: r.error.message }));
    }
    setBusy(false);
  };

  const pickNative = async () => {
    setBusy(true);
    setFailure(null);
    const r = await pickFile(slot);
    if (r.ok) onLoaded(r.value);
    else if (r.error.code !== 'cancelled') setFailure(r.error.message);
    setBusy(false);
  };

  const message = error ?? failure ?? undefined;
  // Files dropped on a slot take the same way as chosen ones: in the desktop app the preload's
  // path helper gives main the path to read; in the browser the bytes go to the host once.
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    if (files.length === 0) return;
    void loadFiles(multiple ? files : files.slice(0, 1));
  };
  return (
    <Input.Wrapper label={label} description={description} error={message} data-testid={`slot-${slot}`}>
      <Stack
        gap="xs"
        mt={4}
        p={4}
        data-testid={`drop-${slot}`}
        data-dragging={dragging || undefined}
        style={{ borderRadius: 6, outline: dragging ? '2px dashed var(--mantine-color-blue-5)' : undefined }}
        onDragOver={(e) => {
          if (![...e.dataTransfer.types].includes('Files')) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {children}
        <Group gap="xs">
          {info?.capabilities.nativeFilePicker ? (
            <Button size="xs" variant="light" loading={busy} onClick={() => void pickNative()} aria-label={t('input.chooseFor', { label })}>
              {t('input.choose')}
            </Button>
          ) : (
            <>
              <input
                ref={inputRef}
                type="file"
                hidden
                multiple={multiple}
                accept={ACCEPT[slot]}
                aria-label={t('input.fileInput', { label })}
                data-testid={`file-input-${slot}`}
                onChange={(e) => {
                  const files = [...(e.currentTarget.files ?? [])];
                  // Cleared so that choosing the same file again still fires a change.
                  e.currentTarget.value = '';
                  void loadFiles(files);
                }}
              />
              <Button
                size="xs"
                variant="light"
                loading={busy}
                onClick={() => inputRef.current?.click()}
                aria-label={t('input.chooseFor', { label })}
              >
                {t('input.choose')}
              </Button>
            </>
          )}
          {!children && (
            <Text fz="xs" c="dimmed">
              {t('input.none')}
            </Text>
          )}
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
