import { Button, Group, PasswordInput, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { WorkbenchInput } from '../../../shared/certs/workbench';
import { selectInspected } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { FileDrop } from './file-drop';
import { InputChips } from './input-chips';
import { InspectedInputCard } from './inspected-input-card';
import { useT } from '../../i18n/use-t';

/** The inspector: drop or choose files, paste PEM, and see everything in them, inspected together. */
export function Inspector() {
  const { t } = useT('certificates');
  const inspected = useAppStore(selectInspected);
  const { inspect } = useActions();
  const [files, setFiles] = useState<WorkbenchInput[]>([]);
  const [pasted, setPasted] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pastedInput = (): WorkbenchInput[] => (pasted.trim() ? [{ fileName: t('inspector.pastedText'), text: pasted }] : []);
  const inputs: WorkbenchInput[] = [...files, ...pastedInput()];
  const run = async (list = inputs) => {
    if (list.length === 0) return setError(t('inspector.needInput'));
    setBusy(true);
    setError(null);
    const r = await inspect(list, passphrase || undefined);
    setBusy(false);
    if (!r.ok) setError(r.error.message);
  };
  return (
    <Stack gap="sm" data-testid="inspector">
      <Text fz="sm" c="dimmed">
        {t('inspector.intro')}
      </Text>
      <FileDrop
        id="inspect"
        label={t('inspector.files')}
        multiple
        onFiles={(added) => {
          const next = [...files, ...added];
          setFiles(next);
          // Dropping is the intent to look: inspect at once, with whatever is pasted too.
          void run([...next, ...pastedInput()]);
        }}
      >
        <InputChips inputs={files} onRemove={(i) => setFiles(files.filter((_, j) => j !== i))} />
      </FileDrop>
      <Textarea
        label={t('inspector.paste')}
        placeholder="-----BEGIN CERTIFICATE-----"
        autosize
        minRows={3}
        maxRows={10}
        value={pasted}
        onChange={(e) => setPasted(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
        }}
      />
      <Group align="flex-end" gap="sm">
        <PasswordInput
          label={t('inspector.passphrase')}
          description={t('inspector.passphraseHint')}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          w={260}
        />
        <Button onClick={() => void run()} loading={busy} data-testid="inspect-button">
          {t('inspector.inspect')}
        </Button>
        {(files.length > 0 || pasted) && (
          <Button
            variant="subtle"
            color="gray"
            onClick={() => {
              setFiles([]);
              setPasted('');
            }}
          >
            {t('inspector.clear')}
          </Button>
        )}
      </Group>
      {error && (
        <Text c="red" fz="sm" role="alert">
          {error}
        </Text>
      )}
      {inspected?.map((input, i) => (
        <InspectedInputCard key={`${input.name}-${i}`} input={input} />
      ))}
    </Stack>
  );
}
