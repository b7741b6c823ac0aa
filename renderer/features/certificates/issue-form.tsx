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
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** Example names: the same in every language. */
const DNS_EXAMPLE = 'broker.example, localhost';
const IP_EXAMPLE = '127.0.0.1, ::1';

/** A broker certificate (serverAuth, SANs) or a device certificate (clientAuth, optional passphrase, password, PKCS#12). */
export function IssueForm({ profile }: { profile: 'server' | 'client' }) {
  const { t } = useT('certificates');
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
    const problem = (caId ? null : t('identity.chooseCa')) ?? subjectProblem(subject);
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
            cnLabel={server ? t('identity.hostCn') : t('identity.deviceCn')}
            cnDescription={server ? t('identity.hostCnHint') : t('identity.deviceCnHint')}
          />
          {server && (
            <Group gap="sm" wrap="wrap">
              <TextInput
                label={t('identity.dns')}
                description={t('identity.dnsHint')}
                placeholder={DNS_EXAMPLE}
                value={dns}
                onChange={(e) => setDns(e.currentTarget.value)}
                w={320}
              />
              <TextInput
                label={t('identity.ips')}
                description={t('identity.ipsHint')}
                placeholder={IP_EXAMPLE}
                value={ips}
                onChange={(e) => setIps(e.currentTarget.value)}
                w={240}
              />
            </Group>
          )}
          <KeyValidityFields keyAlgorithm={key} onKey={setKey} validity={validity} onValidity={setValidity} />
          <Group gap="md" align="flex-end" wrap="wrap">
            <PasswordInput
              label={t('identity.keyPassphrase')}
              description={server ? t('identity.serverPassHint') : t('identity.clientPassHint')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              w={240}
            />
            {!server && (
              <Checkbox label={t('identity.password')} checked={password} onChange={(e) => setPassword(e.currentTarget.checked)} />
            )}
            <Checkbox label={t('identity.pkcs12')} checked={pkcs12} onChange={(e) => setPkcs12(e.currentTarget.checked)} />
          </Group>
          <Group>
            <Button type="submit" loading={busy} data-testid={`issue-${profile}-submit`}>
              {server ? t('identity.submitServer') : t('identity.submitClient')}
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
          title={t('identity.issued', { cn: made.certificate.subject.commonName ?? '', ca: made.ca.record.commonName })}
          data-testid="issue-result"
        >
          <Stack gap="sm">
            <Text fz="sm">
              {t('identity.details', {
                serial: made.serialNumber,
                key: made.certificate.publicKey.label,
                usage: made.certificate.extKeyUsage.join(', '),
              })}
              {made.certificate.subjectAltNames.length ? ` · ${made.certificate.subjectAltNames.join(', ')}` : ''}
              {t('identity.until', { date: formatDate(made.certificate.notAfter) })}
            </Text>
            {!server && (
              <Group>
                <MakeProfileButton
                  caId={made.ca.id}
                  serialNumber={made.serialNumber}
                  name={made.certificate.subject.commonName ?? t('identity.device')}
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
