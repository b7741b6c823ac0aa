import { Alert, Button, Checkbox, Group, NumberInput, Progress, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { PasswordHash } from '../../../shared/certs/batch';
import type { KeyAlgorithm } from '../../../shared/certs/issue';
import { MAX_APP_BATCH, MAX_KEPT_BATCH, type WorkbenchBatchResult } from '../../../shared/certs/workbench';
import { selectBatchProgress } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { CaSelect } from './ca-select';
import { KEY_CHOICES, windowOf, type ValidityValues } from './issue-inputs';
import { KeyValidityFields } from './key-validity-fields';
import { OutputPanel } from './output-panel';

/** One device, one secret: N device certificates with a password each, a manifest, a Redis script and a matrix file. */
export function BatchForm() {
  const { runBatch } = useActions();
  const progress = useAppStore(selectBatchProgress);
  const [caId, setCaId] = useState<string | null>(null);
  const [count, setCount] = useState<number | string>(10);
  const [pattern, setPattern] = useState('device-{n}');
  const [names, setNames] = useState('');
  const [key, setKey] = useState<KeyAlgorithm>('ec-p256');
  const [validity, setValidity] = useState<ValidityValues>({ startDays: 0, days: 365 });
  const [prefix, setPrefix] = useState('tls_domain:');
  const [hash, setHash] = useState<PasswordHash>('plain');
  const [pkcs12, setPkcs12] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<WorkbenchBatchResult | null>(null);

  const list = names
    .split(/\r?\n/)
    .map((n) => n.trim())
    .filter((n) => n && !n.startsWith('#'));
  const submit = async () => {
    if (!caId) return setError('Choose the CA that issues the devices.');
    if (list.length === 0 && (typeof count !== 'number' || count < 1)) return setError('Give a number of devices, or a list of CNs.');
    setError(null);
    setMade(null);
    const r = await runBatch({
      caId,
      batch: {
        ...(list.length ? { names: list } : { count: count as number, cnPattern: pattern }),
        key,
        validity: windowOf(validity),
        redis: { keyPrefix: prefix, hash },
        pkcs12,
      },
    });
    if (r.ok) setMade(r.value);
    else setError(r.error.message);
  };
  return (
    <Stack gap="sm" data-testid="batch-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <CaSelect value={caId} onChange={setCaId} />
          <Group gap="sm" align="flex-start" wrap="wrap">
            <NumberInput label="Devices" min={1} max={MAX_APP_BATCH} value={count} onChange={setCount} w={120} disabled={list.length > 0} />
            <TextInput
              label="CN pattern"
              description="{n} the number, {uuid} a random UUID"
              value={pattern}
              onChange={(e) => setPattern(e.currentTarget.value)}
              disabled={list.length > 0}
              w={270}
            />
            <Textarea
              label="Or a list of CNs"
              description="One per line; replaces the count"
              autosize
              minRows={2}
              maxRows={6}
              value={names}
              onChange={(e) => setNames(e.currentTarget.value)}
              w={260}
            />
          </Group>
          <KeyValidityFields keyAlgorithm={key} onKey={setKey} validity={validity} onValidity={setValidity} />
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput label="Redis key prefix" value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} w={160} />
            <Select
              label="Passwords in Redis"
              data={[
                { value: 'plain', label: 'plain' },
                { value: 'sha256-salt-prefix', label: 'SHA-256, salt prefix' },
                { value: 'sha256-salt-suffix', label: 'SHA-256, salt suffix' },
                { value: 'bcrypt', label: 'bcrypt' },
              ]}
              value={hash}
              onChange={(v) => v && setHash(v as PasswordHash)}
              allowDeselect={false}
              w={200}
            />
            <Checkbox label="PKCS#12 per device" checked={pkcs12} onChange={(e) => setPkcs12(e.currentTarget.checked)} mb={8} />
          </Group>
          <Group>
            <Button type="submit" loading={progress !== null} data-testid="batch-submit">
              Issue batch
            </Button>
            <Text fz="xs" c="dimmed">
              The store keeps each device's key (for Make a profile) in batches of up to {MAX_KEPT_BATCH}.
            </Text>
          </Group>
          {progress && (
            <Stack gap={2} data-testid="batch-progress">
              <Progress value={progress.total ? (100 * progress.done) / progress.total : 0} animated aria-label="Batch progress" />
              <Text fz="xs" c="dimmed">
                {progress.done} of {progress.total} devices{progress.rate ? ` · ${progress.rate.toFixed(0)} devices/s` : ''}
              </Text>
            </Stack>
          )}
          {error && (
            <Text c="red" fz="sm" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      </form>
      {made && (
        <Alert
          color="teal"
          variant="light"
          title={`${made.summary.count} devices issued by "${made.ca.record.commonName}"`}
          data-testid="batch-result"
        >
          <Text fz="sm" mb="xs">
            {KEY_CHOICES.find((k) => k.value === made.summary.keyAlgorithm)?.label ?? made.summary.keyAlgorithm} in{' '}
            {(made.summary.elapsedMs / 1000).toFixed(1)} s ({made.summary.rate.toFixed(0)} devices/s).{' '}
            {made.kept
              ? 'Their keys are kept: make a profile from any of them under Saved CAs.'
              : 'Too many to keep their keys: the files hold them.'}{' '}
            Load the passwords with <code>redis-cli &lt; {made.summary.redisFile}</code>.
          </Text>
          <OutputPanel output={made.output} />
        </Alert>
      )}
    </Stack>
  );
}
