import { Button, Group, Text } from '@mantine/core';
import { useRef } from 'react';
import type { ImportFileStatus } from '../../../shared/profile/transfer';
import { selectAppInfo } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/**
 * One file the configuration names: read, or not (with why), and a button to give it. The
 * desktop app opens its own file dialog; a browser sends the bytes of the file chosen.
 */
export function ConfigFileRow({ file, index, onAttach }: { file: ImportFileStatus; index: number; onAttach: (file?: File) => void }) {
  const { t } = useT('transfer');
  const native = useAppStore(selectAppInfo)?.capabilities.nativeFilePicker === true;
  const input = useRef<HTMLInputElement>(null);
  const included = file.status === 'included';
  return (
    <div data-testid="config-file" data-slot={file.slot} data-status={file.status}>
      <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
        <Text fz="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          <Text span inherit c={included ? 'teal' : 'red'} fw={700} aria-hidden>
            {included ? '✓' : '✗'}{' '}
          </Text>
          {t(`slots.${file.slot}`)}{' '}
          <Text span inherit ff="monospace" fz="xs">
            {file.fileName}
          </Text>
          {included ? t('config.read') : t('config.notRead')}
        </Text>
        {!included && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => (native ? onAttach() : input.current?.click())}
            aria-label={t('config.chooseSlot', { slot: t(`slotsLower.${file.slot}`), file: file.fileName })}
            data-testid={`config-attach-${index}`}
            style={{ flexShrink: 0 }}
          >
            {t('config.chooseFile')}
          </Button>
        )}
      </Group>
      {file.reason && !included && (
        <Text fz="xs" c="dimmed" pl="md" style={{ overflowWrap: 'anywhere' }}>
          {file.reason}
        </Text>
      )}
      <input
        ref={input}
        type="file"
        hidden
        aria-label={t('config.slotFile', { slot: t(`slots.${file.slot}`) })}
        data-testid={`config-attach-input-${index}`}
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (chosen) onAttach(chosen);
        }}
      />
    </div>
  );
}
