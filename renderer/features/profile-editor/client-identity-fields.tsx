import { Grid, SegmentedControl, Stack, Text } from '@mantine/core';
import { MaterialCard } from './material-card';
import { MaterialInput } from './material-input';
import { MissingFileRow } from './missing-file-row';
import { keyMatchesCert, shownMissing, type IdentityMode } from './profile-draft';
import { SecretInput } from './secret-input';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/** The client identity: certificate + key (with the key's passphrase), a PKCS#12 bundle, or none. */
export function ClientIdentityFields({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const { t } = useT('profileEditor');
  const m = v.material;
  const setMaterial = (patch: Partial<typeof m>) => form.update((cur) => ({ material: { ...cur.material, ...patch } }));
  const missing = shownMissing(v);
  const missingRow = (slot: 'cert' | 'key' | 'pfx') => {
    const f = missing.find((x) => x.slot === slot);
    return f ? <MissingFileRow file={f} /> : null;
  };
  return (
    <>
      <SegmentedControl
        aria-label={t('identity.label')}
        data={[
          { value: 'pem', label: t('identity.pem') },
          { value: 'pfx', label: t('identity.pfx') },
          { value: 'none', label: t('identity.none') },
        ]}
        value={v.identity}
        onChange={(x) => set('identity', x as IdentityMode)}
      />
      {v.identity === 'pem' && (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MaterialInput
              slot="cert"
              label={t('identity.cert')}
              description={t('identity.certHelp')}
              error={error('material.cert')}
              onLoaded={(f) => {
                setMaterial({ cert: f });
                touch('material');
              }}
            >
              {missingRow('cert')}
              {m.cert && <MaterialCard file={m.cert} onRemove={() => setMaterial({ cert: null })} />}
            </MaterialInput>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MaterialInput
              slot="key"
              label={t('identity.key')}
              description={t('identity.keyHelp')}
              error={error('material.key')}
              onLoaded={(f) => {
                setMaterial({ key: f });
                touch('material');
              }}
            >
              {missingRow('key')}
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
              label={t('identity.passphrase')}
              description={m.key?.kind === 'encrypted-private-key' ? t('identity.encrypted') : t('identity.onlyEncrypted')}
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
            label={t('identity.pfxBundle')}
            description={t('identity.pfxHelp')}
            error={error('material.pfx')}
            onLoaded={(f) => setMaterial({ pfx: f })}
          >
            {missingRow('pfx')}
            {m.pfx && <MaterialCard file={m.pfx} onRemove={() => setMaterial({ pfx: null })} />}
          </MaterialInput>
          <SecretInput
            label={t('identity.pfxPassword')}
            value={v.pfxPassword}
            stored={form.secretFlags?.hasPfxPassword ?? false}
            onChange={(x) => set('pfxPassword', x)}
          />
        </Stack>
      )}
      {v.identity === 'none' && (
        <Text fz="sm" c="dimmed">
          {t('identity.oneWay')}
        </Text>
      )}
    </>
  );
}
