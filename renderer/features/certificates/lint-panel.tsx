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

/** The identity lint: a certificate and its key against the CA, the way brokers and clients will check them. */
export function LintPanel() {
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
    if (!cert) return setError('Choose the certificate (or PKCS#12 bundle) to lint.');
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
        Checks a client (or broker) certificate, its key and the CA together: key match, chain to the CA, dates, key usage, the host a
        client dials, weak keys and signatures. Errors stop a connection; warnings make it doubtful; notes are facts.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
        <FileDrop id="lint-ca" label="CA certificates" multiple onFiles={(added) => setCa([...ca, ...added])}>
          <InputChips inputs={ca} onRemove={(i) => setCa(ca.filter((_, j) => j !== i))} />
        </FileDrop>
        <FileDrop id="lint-cert" label="Certificate or PKCS#12" onFiles={(f) => setCert(f[0] ?? null)}>
          {one(cert, () => setCert(null))}
        </FileDrop>
        <FileDrop id="lint-key" label="Private key" onFiles={(f) => setKey(f[0] ?? null)}>
          {one(key, () => setKey(null))}
        </FileDrop>
      </SimpleGrid>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Text fz="sm" fw={500}>
            Whose certificate
          </Text>
          <SegmentedControl
            aria-label="Whose certificate"
            value={role}
            onChange={(v) => setRole(v as LintRole)}
            data={[
              { value: 'client', label: 'A client’s' },
              { value: 'server', label: 'A broker’s' },
            ]}
          />
        </Stack>
        {role === 'server' && (
          <TextInput
            label="Host clients dial"
            placeholder="broker.example"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            w={200}
          />
        )}
        <PasswordInput label="Key passphrase" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} w={200} />
        <NumberInput label="Longest validity (days)" placeholder="no bound" min={1} value={maxDays} onChange={setMaxDays} w={200} />
        <Button onClick={() => void run()} loading={busy} data-testid="lint-button">
          Lint
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
                {report.role === 'client' ? 'Client' : 'Broker'} certificate {report.commonName ? `"${report.commonName}"` : ''}
              </Text>
              <Badge color="red" variant={report.counts.errors ? 'filled' : 'light'}>
                {report.counts.errors} error{report.counts.errors === 1 ? '' : 's'}
              </Badge>
              <Badge color="yellow" variant={report.counts.warnings ? 'filled' : 'light'}>
                {report.counts.warnings} warning{report.counts.warnings === 1 ? '' : 's'}
              </Badge>
              <Badge color="blue" variant="light">
                {report.counts.notes} note{report.counts.notes === 1 ? '' : 's'}
              </Badge>
            </Group>
          }
        >
          <FindingsList findings={report.findings} empty="No findings: this identity should pass a broker's checks." />
        </Alert>
      )}
    </Stack>
  );
}
