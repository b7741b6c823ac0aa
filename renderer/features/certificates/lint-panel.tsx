import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { LintRole } from '../../../shared/certs/lint';
import type { WorkbenchInput } from '../../../shared/certs/workbench';
import { selectLintReport } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { FindingsList } from '../../ui/findings-list';
import { FileDrop } from './file-drop';
import { InputChips } from './input-chips';
import { useT } from '../../i18n/use-t';

const HOST_EXAMPLE = 'broker.example';

/** The identity lint: a certificate and its key against the CA, the way brokers and clients will check them. */
export function LintPanel() {
  const { t } = useT('certificates');
  const report = useAppStore(selectLintReport);
  const { lint } = useActions();
  const [ca, setCa] = useState<WorkbenchInput[]>([]);
  const [cert, setCert] = useState<WorkbenchInput | null>(null);
  const [key, setKey] = useState<WorkbenchInput | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [role, setRole] = useState<LintRole>('client');
  const [host, setHost] = useState('');
  const [maxDays, setMaxDays] = useState<number | string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (!cert) return setError(t('lint.needCert'));
    setBusy(true);
    setError(null);
    const isPfx = /\.(p12|pfx)$/i.test(cert.fileName);
    const r = await lint({
      ca,
      ...(isPfx ? { pfx: cert } : { cert }),
      ...(key && !isPfx ? { key } : {}),
      ...(passphrase ? { passphrase } : {}),
      role,
      ...(role === 'server' && host.trim() ? { host: host.trim() } : {}),
      ...(typeof maxDays === 'number' && maxDays > 0 ? { maxValidityDays: maxDays } : {}),
    });
    setBusy(false);
    if (!r.ok) setError(r.error.message);
  };
  const one = (f: WorkbenchInput | null, clear: () => void) => (f ? <InputChips inputs={[f]} onRemove={clear} /> : null);
  return (
    <Stack gap="sm" data-testid="lint-panel">
      <Text fz="sm" c="dimmed">
        {t('lint.intro')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
        <FileDrop id="lint-ca" label={t('lint.caFiles')} multiple onFiles={(added) => setCa([...ca, ...added])}>
          <InputChips inputs={ca} onRemove={(i) => setCa(ca.filter((_, j) => j !== i))} />
        </FileDrop>
        <FileDrop id="lint-cert" label={t('lint.certFile')} onFiles={(f) => setCert(f[0] ?? null)}>
          {one(cert, () => setCert(null))}
        </FileDrop>
        <FileDrop id="lint-key" label={t('lint.keyFile')} onFiles={(f) => setKey(f[0] ?? null)}>
          {one(key, () => setKey(null))}
        </FileDrop>
      </SimpleGrid>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Text fz="sm" fw={500}>
            {t('lint.whose')}
          </Text>
          <SegmentedControl
            aria-label={t('lint.whose')}
            value={role}
            onChange={(v) => setRole(v as LintRole)}
            data={[
              { value: 'client', label: t('lint.client') },
              { value: 'server', label: t('lint.server') },
            ]}
          />
        </Stack>
        {role === 'server' && (
          <TextInput
            label={t('lint.host')}
            placeholder={HOST_EXAMPLE}
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            w={200}
          />
        )}
        <PasswordInput label={t('lint.keyPassphrase')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} w={200} />
        <NumberInput label={t('lint.longest')} placeholder={t('lint.noBound')} min={1} value={maxDays} onChange={setMaxDays} w={200} />
        <Button onClick={() => void run()} loading={busy} data-testid="lint-button">
          {t('lint.run')}
        </Button>
      </Group>
      {error && (
        <Text c="red" fz="sm" role="alert">
          {error}
        </Text>
      )}
      {report && (
        <Alert
          data-testid="lint-report"
          color={report.counts.errors ? 'red' : report.counts.warnings ? 'yellow' : 'teal'}
          variant="light"
          title={
            <Group gap="xs">
              <Text fw={600}>
                {t(report.role === 'client' ? 'lint.clientTitle' : 'lint.serverTitle', {
                  name: report.commonName ? `"${report.commonName}"` : '',
                })}
              </Text>
              <Badge color="red" variant={report.counts.errors ? 'filled' : 'light'}>
                {t('lint.errors', { count: report.counts.errors })}
              </Badge>
              <Badge color="yellow" variant={report.counts.warnings ? 'filled' : 'light'}>
                {t('lint.warnings', { count: report.counts.warnings })}
              </Badge>
              <Badge color="blue" variant="light">
                {t('lint.notes', { count: report.counts.notes })}
              </Badge>
            </Group>
          }
        >
          <FindingsList findings={report.findings} empty={t('lint.clean')} />
        </Alert>
      )}
    </Stack>
  );
}
