import { Alert, Button, Group, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { KeyAlgorithm } from '../../../shared/certs/issue';
import type { OutputInfo, SavedCa } from '../../../shared/certs/workbench';
import { useActions } from '../../store/store-context';
import { CaSelect } from './ca-select';
import { EMPTY_SUBJECT, subjectOf, subjectProblem, windowOf, type SubjectValues, type ValidityValues } from './issue-inputs';
import { KeyValidityFields } from './key-validity-fields';
import { OutputPanel } from './output-panel';
import { SubjectFieldsInput } from './subject-fields';

/** A root CA, or an intermediate signed by a saved CA; the workbench keeps it (key sealed) to issue later. */
export function CreateCaForm() {
  const { createCa } = useActions();
  const [kind, setKind] = useState<'root' | 'intermediate'>('root');
  const [parentId, setParentId] = useState<string | null>(null);
  const [subject, setSubject] = useState<SubjectValues>(EMPTY_SUBJECT);
  const [key, setKey] = useState<KeyAlgorithm>('ec-p256');
  const [validity, setValidity] = useState<ValidityValues>({ startDays: 0, days: 3650 });
  const [pathLength, setPathLength] = useState<number | string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<{ ca: SavedCa; output: OutputInfo } | null>(null);

  const submit = async () => {
    const problem = subjectProblem(subject) ?? (kind === 'intermediate' && !parentId ? 'Choose the CA that signs the intermediate.' : null);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    const r = await createCa({
      ...(kind === 'intermediate' && parentId ? { parentId } : {}),
      subject: subjectOf(subject),
      key,
      validity: windowOf(validity),
      ...(typeof pathLength === 'number' ? { pathLength } : {}),
    });
    setBusy(false);
    if (r.ok) setMade(r.value);
    else setError(r.error.message);
  };
  return (
    <Stack gap="sm" data-testid="create-ca-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <SegmentedControl
              aria-label="Kind of CA"
              value={kind}
              onChange={(v) => setKind(v as 'root' | 'intermediate')}
              data={[
                { value: 'root', label: 'Root CA' },
                { value: 'intermediate', label: 'Intermediate CA' },
              ]}
            />
            {kind === 'intermediate' && <CaSelect value={parentId} onChange={setParentId} label="Signed by" />}
          </Group>
          <SubjectFieldsInput value={subject} onChange={setSubject} cnLabel="CA name (CN)" />
          <Group gap="sm" align="flex-end" wrap="wrap">
            <KeyValidityFields keyAlgorithm={key} onKey={setKey} validity={validity} onValidity={setValidity} />
            <NumberInput
              label="Path length"
              description={kind === 'root' ? 'Empty: no limit' : 'Empty: 0 (signs devices only)'}
              min={0}
              max={16}
              value={pathLength}
              onChange={setPathLength}
              w={140}
            />
          </Group>
          <Group>
            <Button type="submit" loading={busy} data-testid="create-ca-submit">
              Create {kind === 'root' ? 'CA' : 'intermediate CA'}
            </Button>
          </Group>
          {error && (
            <Text c="red" fz="sm" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      </form>
      {made && (
        <Alert color="teal" variant="light" title={`CA "${made.ca.record.commonName}" created and saved`} data-testid="create-ca-result">
          <Text fz="sm" mb="xs">
            {made.ca.certificate.publicKey.label}, valid until {made.ca.certificate.notAfter.slice(0, 10)}. Its key is kept sealed in the
            store; issue broker and device certificates from it, or revoke them later, under Saved CAs.
          </Text>
          <OutputPanel output={made.output} />
        </Alert>
      )}
    </Stack>
  );
}
