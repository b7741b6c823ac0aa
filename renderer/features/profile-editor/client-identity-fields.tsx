import { Grid, SegmentedControl, Stack, Text } from '@mantine/core';
import { MaterialCard } from './material-card';
import { MaterialInput } from './material-input';
import { keyMatchesCert, type IdentityMode } from './profile-draft';
import { SecretInput } from './secret-input';
import type { ProfileForm } from './use-profile-form';

/** The client identity: certificate + key (with the key's passphrase), a PKCS#12 bundle, or none. */
export function ClientIdentityFields({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const m = v.material;
  const setMaterial = (patch: Partial<typeof m>) => form.update((cur) => ({ material: { ...cur.material, ...patch } }));
  return (
    <>
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
    </>
  );
}
