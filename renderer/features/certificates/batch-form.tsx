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
import { Trans } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

const BCRYPT = 'bcrypt';

/** One device, one secret: N device certificates with a password each, a manifest, a Redis script and a matrix file. */
export function BatchForm() {
  const { t } = useT('certificates');
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
    if (!caId) return setError(t('batch.chooseCa'));
    if (list.length === 0 && (typeof count !== 'number' || count < 1)) return setError(t('batch.needCount'));
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
            <NumberInput
              label={t('batch.devices')}
              min={1}
              max={MAX_APP_BATCH}
              value={count}
              onChange={setCount}
              w={120}
              disabled={list.length > 0}
            />
            <TextInput
              label={t('batch.pattern')}
              description={t('batch.patternHint')}
              value={pattern}
              onChange={(e) => setPattern(e.currentTarget.value)}
              disabled={list.length > 0}
              w={270}
            />
            <Textarea
              label={t('batch.names')}
              description={t('batch.namesHint')}
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
            <TextInput label={t('batch.prefix')} value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} w={160} />
            <Select
              label={t('batch.hash')}
              data={[
                { value: 'plain', label: t('batch.plain') },
                { value: 'sha256-salt-prefix', label: t('batch.saltPrefix') },
                { value: 'sha256-salt-suffix', label: t('batch.saltSuffix') },
                { value: 'bcrypt', label: BCRYPT },
              ]}
              value={hash}
              onChange={(v) => v && setHash(v as PasswordHash)}
              allowDeselect={false}
              w={200}
            />
            <Checkbox label={t('batch.pkcs12')} checked={pkcs12} onChange={(e) => setPkcs12(e.currentTarget.checked)} mb={8} />
          </Group>
          <Group>
            <Button type="submit" loading={progress !== null} data-testid="batch-submit">
              {t('batch.submit')}
            </Button>
            <Text fz="xs" c="dimmed">
              {t('batch.keptNote', { max: formatNumber(MAX_KEPT_BATCH) })}
            </Text>
          </Group>
          {progress && (
            <Stack gap={2} data-testid="batch-progress">
              <Progress
                value={progress.total ? (100 * progress.done) / progress.total : 0}
                animated
                aria-label={t('batch.progressLabel')}
              />
              <Text fz="xs" c="dimmed">
                {t('batch.progress', { done: formatNumber(progress.done), count: progress.total })}
                {progress.rate ? t('batch.rate', { rate: formatNumber(Math.round(progress.rate)) }) : ''}
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
          title={t('batch.issued', { count: made.summary.count, ca: made.ca.record.commonName })}
          data-testid="batch-result"
        >
          <Text fz="sm" mb="xs">
            {t('batch.took', {
              key: KEY_CHOICES.find((k) => k.value === made.summary.keyAlgorithm)?.label ?? made.summary.keyAlgorithm,
              seconds: (made.summary.elapsedMs / 1000).toFixed(1),
              rate: formatNumber(Math.round(made.summary.rate)),
            })}{' '}
            {made.kept ? t('batch.kept') : t('batch.notKept')}{' '}
            <Trans t={t} i18nKey="batch.redis" components={[<code key="command">{`redis-cli < ${made.summary.redisFile}`}</code>]} />
          </Text>
          <OutputPanel output={made.output} />
        </Alert>
      )}
    </Stack>
  );
}
