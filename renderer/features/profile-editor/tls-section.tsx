import { Alert, Grid, Input, SegmentedControl, Select, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import type { VerifyMode } from '../../../shared/connect/report';
import type { TlsVersion } from '../../../shared/connect/settings';
import type { MaterialRef } from '../../../shared/profile/profile';
import { MaterialCard } from './material-card';
import { MaterialInput } from './material-input';
import { keyMatchesCert, type IdentityMode } from './profile-draft';
import { SecretInput } from './secret-input';
import type { ProfileForm } from './use-profile-form';

const VERIFY_HELP: Record<VerifyMode, string> = {
  full: "Check the broker's chain against the CA and its name against the host (the safe default).",
  'chain-only': "Check the broker's chain but not its name: for brokers reached by IP or an internal name.",
  off: 'Accept any broker certificate. The report still says what full verification would have found.',
};

const TLS_VERSIONS = [
  { value: '', label: 'Default' },
  { value: 'TLSv1.2', label: 'TLS 1.2' },
  { value: 'TLSv1.3', label: 'TLS 1.3' },
];

/** Trust (CA files, system store), the client identity and the TLS parameters. */
export function TlsSection({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const m = v.material;
  const setMaterial = (patch: Partial<typeof m>) => form.update((cur) => ({ material: { ...cur.material, ...patch } }));
  const addCa = (f: MaterialRef) =>
    form.update((cur) => ({ material: { ...cur.material, ca: [...cur.material.ca.filter((x) => x.id !== f.id), f] } }));
  const plain = v.protocol === 'mqtt';

  return (
    <Stack gap="md">
      {plain && (
        <Alert color="yellow" variant="light" title="Plain MQTT">
          This profile uses mqtt:// (no TLS): these settings are kept but not used. Switch the protocol to mqtts:// in General.
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
        checked={v.useSystemCa}
        onChange={(e) => set('useSystemCa', e.currentTarget.checked)}
      />

      <Title order={4} fz="md">
        Client identity
      </Title>
      <SegmentedControl
        aria-label="Client identity"
        data={[
          { value: 'pem', label: 'Certificate + key' },
          { value: 'pfx', label: 'PKCS#12' },
          { value: 'none', label: 'No client certificate' },
        ]}
        value={v.identity}
        onChange={(x) => set('identity', x as IdentityMode)}
      />
      {v.identity === 'pem' && (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MaterialInput
              slot="cert"
              label="Client certificate"
              description="Leaf first, then any intermediates"
              error={error('material.cert')}
              onLoaded={(f) => {
                setMaterial({ cert: f });
                touch('material');
              }}
            >
              {m.cert && <MaterialCard file={m.cert} onRemove={() => setMaterial({ cert: null })} />}
            </MaterialInput>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MaterialInput
              slot="key"
              label="Private key"
              description="PEM or DER; PKCS#8, PKCS#1 or SEC1"
              error={error('material.key')}
              onLoaded={(f) => {
                setMaterial({ key: f });
                touch('material');
              }}
            >
              {m.key && (
                <MaterialCard
                  file={m.key}
                  keyMatch={m.cert ? keyMatchesCert(m.cert, m.key) : undefined}
                  onRemove={() => setMaterial({ key: null })}
                />
              )}
            </MaterialInput>
          </Grid.Col>
          <Grid.Col span={12}>
            <SecretInput
              label="Key passphrase"
              description={m.key?.kind === 'encrypted-private-key' ? 'This key is encrypted' : 'Only for encrypted keys'}
              value={v.passphrase}
              stored={form.secretFlags?.hasPassphrase ?? false}
              onChange={(x) => set('passphrase', x)}
              onBlur={() => touch('passphrase')}
              error={error('passphrase')}
            />
          </Grid.Col>
        </Grid>
      )}
      {v.identity === 'pfx' && (
        <Stack gap="sm">
          <MaterialInput
            slot="pfx"
            label="PKCS#12 bundle"
            description=".p12 / .pfx with the certificate and its key"
            error={error('material.pfx')}
            onLoaded={(f) => setMaterial({ pfx: f })}
          >
            {m.pfx && <MaterialCard file={m.pfx} onRemove={() => setMaterial({ pfx: null })} />}
          </MaterialInput>
          <SecretInput
            label="PKCS#12 password"
            value={v.pfxPassword}
            stored={form.secretFlags?.hasPfxPassword ?? false}
            onChange={(x) => set('pfxPassword', x)}
          />
        </Stack>
      )}
      {v.identity === 'none' && (
        <Text fz="sm" c="dimmed">
          One-way TLS: the broker is verified, the client shows no certificate.
        </Text>
      )}

      <Title order={4} fz="md">
        TLS parameters
      </Title>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TextInput
            label="SNI / expected server name"
            description="Defaults to the host"
            value={v.servername}
            onChange={(e) => set('servername', e.currentTarget.value)}
            onBlur={() => touch('servername')}
            error={error('servername')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TagsInput
            label="ALPN protocols"
            description="e.g. mqtt (press Enter after each)"
            value={v.alpn}
            onChange={(x) => set('alpn', x)}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select
            label="TLS minimum"
            data={TLS_VERSIONS}
            value={v.tlsMin}
            onChange={(x) => set('tlsMin', (x ?? '') as TlsVersion | '')}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select
            label="TLS maximum"
            data={TLS_VERSIONS}
            value={v.tlsMax}
            onChange={(x) => set('tlsMax', (x ?? '') as TlsVersion | '')}
            allowDeselect={false}
            error={error('tlsMax')}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
