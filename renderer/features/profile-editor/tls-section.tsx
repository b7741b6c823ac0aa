import { Alert, Input, SegmentedControl, Stack, Switch, Title } from '@mantine/core';
import type { VerifyMode } from '../../../shared/connect/report';
import type { MaterialRef } from '../../../shared/profile/profile';
import { usesTls } from '../../../shared/connect/transport';
import { KeyLogField } from './key-log-field';
import { MaterialCard } from './material-card';
import { MaterialInput } from './material-input';
import { ClientIdentityFields } from './client-identity-fields';
import { TlsParameters } from './tls-parameters';
import type { ProfileForm } from './use-profile-form';

const VERIFY_HELP: Record<VerifyMode, string> = {
  full: "Check the broker's chain against the CA and its name against the host (the safe default).",
  'chain-only': "Check the broker's chain but not its name: for brokers reached by IP or an internal name.",
  off: 'Accept any broker certificate. The report still says what full verification would have found.',
};

/** Trust (CA files, system store), the client identity, the TLS parameters and the key log. */
export function TlsSection({ form, profileId }: { form: ProfileForm; profileId: string | null }) {
  const { values: v, set, error, touch } = form;
  const m = v.material;
  const setMaterial = (patch: Partial<typeof m>) => form.update((cur) => ({ material: { ...cur.material, ...patch } }));
  const addCa = (f: MaterialRef) =>
    form.update((cur) => ({ material: { ...cur.material, ca: [...cur.material.ca.filter((x) => x.id !== f.id), f] } }));
  const plain = !usesTls(v.protocol);

  return (
    <Stack gap="md">
      {plain && (
        <Alert color="yellow" variant="light" title={v.protocol === 'ws' ? 'Plain WebSocket' : 'Plain MQTT'}>
          This profile uses {v.protocol}:// (no TLS): these settings are kept but not used. Switch the protocol to{' '}
          {v.protocol === 'ws' ? 'wss://' : 'mqtts://'} in General.
        </Alert>
      )}
      <Input.Wrapper label="Broker certificate verification" description={VERIFY_HELP[v.verify]}>
        <SegmentedControl
          mt={6}
          aria-label="Verification mode"
          data={[
            { value: 'full', label: 'Full' },
            { value: 'chain-only', label: 'Chain only' },
            { value: 'off', label: 'Off' },
          ]}
          value={v.verify}
          onChange={(x) => set('verify', x as VerifyMode)}
        />
      </Input.Wrapper>

      <Title order={4} fz="md">
        Trust
      </Title>
      <MaterialInput
        slot="ca"
        label="CA certificates"
        description="The CA(s) that issued the broker's certificate; PEM bundles and DER files"
        error={error('material.ca')}
        multiple
        onLoaded={(f) => {
          addCa(f);
          touch('material');
        }}
      >
        {m.ca.length > 0 && (
          <Stack gap="xs">
            {m.ca.map((f) => (
              <MaterialCard key={f.id} file={f} onRemove={() => setMaterial({ ca: m.ca.filter((x) => x.id !== f.id) })} />
            ))}
          </Stack>
        )}
      </MaterialInput>
      <Switch
        label="Also trust the system's CA store"
        description="The operating system's trust store (SSL_CERT_FILE, else the OS store or the platform bundle); the report says which and how many."
        checked={v.useSystemCa}
        onChange={(e) => set('useSystemCa', e.currentTarget.checked)}
      />

      <Title order={4} fz="md">
        Client identity
      </Title>
      <ClientIdentityFields form={form} />

      <Title order={4} fz="md">
        TLS parameters
      </Title>
      <TlsParameters form={form} />
      <KeyLogField form={form} profileId={profileId} />
    </Stack>
  );
}
