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
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** A root CA, or an intermediate signed by a saved CA; the workbench keeps it (key sealed) to issue later. */
export function CreateCaForm() {
  const { t } = useT('certificates');
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
    const problem = subjectProblem(subject) ?? (kind === 'intermediate' && !parentId ? t('ca.chooseParent') : null);
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
              aria-label={t('ca.kindLabel')}
              value={kind}
              onChange={(v) => setKind(v as 'root' | 'intermediate')}
              data={[
                { value: 'root', label: t('ca.root') },
                { value: 'intermediate', label: t('ca.intermediate') },
              ]}
            />
            {kind === 'intermediate' && <CaSelect value={parentId} onChange={setParentId} label={t('ca.signedBy')} />}
          </Group>
          <SubjectFieldsInput value={subject} onChange={setSubject} cnLabel={t('ca.name')} />
          <Group gap="sm" align="flex-end" wrap="wrap">
            <KeyValidityFields keyAlgorithm={key} onKey={setKey} validity={validity} onValidity={setValidity} />
            <NumberInput
              label={t('ca.pathLength')}
              description={kind === 'root' ? t('ca.noLimit') : t('ca.devicesOnly')}
              min={0}
              max={16}
              value={pathLength}
              onChange={setPathLength}
              w={140}
            />
          </Group>
          <Group>
            <Button type="submit" loading={busy} data-testid="create-ca-submit">
              {kind === 'root' ? t('ca.createRoot') : t('ca.createIntermediate')}
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
        <Alert color="teal" variant="light" title={t('ca.created', { name: made.ca.record.commonName })} data-testid="create-ca-result">
          <Text fz="sm" mb="xs">
            {t('ca.createdBody', { key: made.ca.certificate.publicKey.label, date: formatDate(made.ca.certificate.notAfter) })}
          </Text>
          <OutputPanel output={made.output} />
        </Alert>
      )}
    </Stack>
  );
}
