import { Alert, Button, Checkbox, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { KeyAlgorithm } from '../../../shared/certs/issue';
import type { IssueIdentityResult } from '../../../shared/certs/workbench';
import { useActions } from '../../store/store-context';
import { CaSelect } from './ca-select';
import { EMPTY_SUBJECT, listOf, subjectOf, subjectProblem, windowOf, type SubjectValues, type ValidityValues } from './issue-inputs';
import { KeyValidityFields } from './key-validity-fields';
import { MakeProfileButton } from './make-profile-button';
import { OutputPanel } from './output-panel';
import { SnippetPanel } from './snippet-panel';
import { SubjectFieldsInput } from './subject-fields';

/** A broker certificate (serverAuth, SANs) or a device certificate (clientAuth, optional passphrase, password, PKCS#12). */
export function IssueForm({ profile }: { profile: 'server' | 'client' }) {
  const { issueIdentity } = useActions();
  const server = profile === 'server';
  const [caId, setCaId] = useState<string | null>(null);
  const [subject, setSubject] = useState<SubjectValues>(EMPTY_SUBJECT);
  const [key, setKey] = useState<KeyAlgorithm>('ec-p256');
  const [validity, setValidity] = useState<ValidityValues>({ startDays: 0, days: server ? 825 : 365 });
  const [dns, setDns] = useState('');
  const [ips, setIps] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [password, setPassword] = useState(!server);
  const [pkcs12, setPkcs12] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<IssueIdentityResult | null>(null);

  const submit = async () => {
    const problem = (caId ? null : 'Choose the CA that issues it.') ?? subjectProblem(subject);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    const r = await issueIdentity({
      caId: caId!,
      profile,
      subject: subjectOf(subject),
      key,
      validity: windowOf(validity),
      dnsNames: server ? listOf(dns) : [],
      ipAddresses: server ? listOf(ips) : [],
      ...(passphrase ? { keyPassphrase: passphrase } : {}),
      generatePassword: !server && password,
      pkcs12,
    });
    setBusy(false);
    if (r.ok) setMade(r.value);
    else setError(r.error.message);
  };
  return (
    <Stack gap="sm" data-testid={`issue-${profile}-form`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <CaSelect value={caId} onChange={setCaId} />
          <SubjectFieldsInput
            value={subject}
            onChange={setSubject}
            cnLabel={server ? 'Host name (CN)' : 'Device identity (CN)'}
            cnDescription={server ? 'Also the DNS name when no SAN is given' : 'Often a UUID; brokers map it to the user'}
          />
          {server && (
            <Group gap="sm" wrap="wrap">
              <TextInput
                label="DNS names"
                description="Comma separated; what clients dial"
                placeholder="broker.example, localhost"
                value={dns}
                onChange={(e) => setDns(e.currentTarget.value)}
                w={320}
              />
              <TextInput
                label="IP addresses"
                description="Comma separated"
                placeholder="127.0.0.1, ::1"
                value={ips}
                onChange={(e) => setIps(e.currentTarget.value)}
                w={240}
              />
            </Group>
          )}
          <KeyValidityFields keyAlgorithm={key} onKey={setKey} validity={validity} onValidity={setValidity} />
          <Group gap="md" align="flex-end" wrap="wrap">
            <PasswordInput
              label="Key passphrase"
              description={server ? 'mosquitto cannot read an encrypted key' : 'Optional: encrypts the key file'}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              w={240}
            />
            {!server && (
              <Checkbox label="Generate a device password" checked={password} onChange={(e) => setPassword(e.currentTarget.checked)} />
            )}
            <Checkbox label="Also a PKCS#12 bundle" checked={pkcs12} onChange={(e) => setPkcs12(e.currentTarget.checked)} />
          </Group>
          <Group>
            <Button type="submit" loading={busy} data-testid={`issue-${profile}-submit`}>
              Issue {server ? 'broker certificate' : 'device certificate'}
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
        <Alert
          color="teal"
          variant="light"
          title={`"${made.certificate.subject.commonName}" issued by "${made.ca.record.commonName}"`}
          data-testid="issue-result"
        >
          <Stack gap="sm">
            <Text fz="sm">
              Serial {made.serialNumber} · {made.certificate.publicKey.label} · {made.certificate.extKeyUsage.join(', ')}
              {made.certificate.subjectAltNames.length ? ` · ${made.certificate.subjectAltNames.join(', ')}` : ''} · until{' '}
              {made.certificate.notAfter.slice(0, 10)}
            </Text>
            {!server && (
              <Group>
                <MakeProfileButton
                  caId={made.ca.id}
                  serialNumber={made.serialNumber}
                  name={made.certificate.subject.commonName ?? 'device'}
                />
              </Group>
            )}
            <OutputPanel output={made.output} />
            {server && <SnippetPanel output={made.output} />}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
