import { Button, Group, PasswordInput, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { WorkbenchInput } from '../../../shared/certs/workbench';
import { selectInspected } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { FileDrop } from './file-drop';
import { InputChips } from './input-chips';
import { InspectedInputCard } from './inspected-input-card';

/** The inspector: drop or choose files, paste PEM, and see everything in them, inspected together. */
export function Inspector() {
  const inspected = useAppStore(selectInspected);
  const { inspect } = useActions();
  const [files, setFiles] = useState<WorkbenchInput[]>([]);
  const [pasted, setPasted] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const inputs: WorkbenchInput[] = [...files, ...(pasted.trim() ? [{ fileName: 'pasted text', text: pasted }] : [])];
  const run = async (list = inputs) => {
    if (list.length === 0) return setError('Drop or choose a file, or paste PEM text, first.');
    setBusy(true);
    setError(null);
    const r = await inspect(list, passphrase || undefined);
    setBusy(false);
    if (!r.ok) setError(r.error.message);
  };
  return (
    <Stack gap="sm" data-testid="inspector">
      <Text fz="sm" c="dimmed">
        Any certificate, chain, private key, CSR, CRL or PKCS#12 bundle, PEM or DER. Everything given is inspected together: a key is
        matched against every certificate, a chain anchored in a CA file next to it.
      </Text>
      <FileDrop
        id="inspect"
        label="Files"
        multiple
        onFiles={(added) => {
          const next = [...files, ...added];
          setFiles(next);
          // Dropping is the intent to look: inspect at once, with whatever is pasted too.
          void run([...next, ...(pasted.trim() ? [{ fileName: 'pasted text', text: pasted }] : [])]);
        }}
      >
        <InputChips inputs={files} onRemove={(i) => setFiles(files.filter((_, j) => j !== i))} />
      </FileDrop>
      <Textarea
        label="Or paste PEM"
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
          label="Passphrase"
          description="For encrypted keys and PKCS#12 bundles"
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          w={260}
        />
        <Button onClick={() => void run()} loading={busy} data-testid="inspect-button">
          Inspect
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
            Clear
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
