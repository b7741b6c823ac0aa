import { Alert, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { CrlResult } from '../../../shared/certs/workbench';
import { useActions } from '../../store/store-context';
import { CaSelect } from './ca-select';
import { OutputPanel } from './output-panel';
import { useT } from '../../i18n/use-t';

/** Signs a fresh CRL of a saved CA: brokers reject every client once the last one's next update has passed. */
export function CrlForm() {
  const { t } = useT('certificates');
  const { signCrl } = useActions();
  const [caId, setCaId] = useState<string | null>(null);
  const [days, setDays] = useState<number | string>(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<CrlResult | null>(null);
  const submit = async () => {
    if (!caId) return setError(t('crl.chooseCa'));
    setBusy(true);
    setError(null);
    const r = await signCrl(caId, typeof days === 'number' ? days : 30);
    setBusy(false);
    if (r.ok) setMade(r.value);
    else setError(r.error.message);
  };
  return (
    <Stack gap="sm" data-testid="crl-form">
      <Text fz="sm" c="dimmed">
        {t('crl.intro')}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Group gap="sm" align="flex-end" wrap="wrap">
          <CaSelect value={caId} onChange={setCaId} label={t('crl.caLabel')} />
          <NumberInput label={t('crl.nextUpdate')} min={1} max={3650} value={days} onChange={setDays} w={170} />
          <Button type="submit" loading={busy} data-testid="crl-submit">
            {t('crl.sign')}
          </Button>
        </Group>
      </form>
      {error && (
        <Text c="red" fz="sm" role="alert">
          {error}
        </Text>
      )}
      {made && (
        <Alert
          color="teal"
          variant="light"
          title={t('crl.made', { number: made.ca.record.crlNumber, name: made.ca.record.commonName, count: made.revoked })}
          data-testid="crl-result"
        >
          <OutputPanel output={made.output} />
        </Alert>
      )}
    </Stack>
  );
}
