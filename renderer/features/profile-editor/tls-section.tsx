import { Alert, Input, SegmentedControl, Stack, Switch, Title } from '@mantine/core';
import type { VerifyMode } from '../../../shared/connect/report';
import type { MaterialRef } from '../../../shared/profile/profile';
import { usesTls } from '../../../shared/connect/transport';
import { KeyLogField } from './key-log-field';
import { MaterialCard } from './material-card';
import { MaterialInput } from './material-input';
import { MissingFileRow } from './missing-file-row';
import { shownMissing } from './profile-draft';
import { ClientIdentityFields } from './client-identity-fields';
import { TlsParameters } from './tls-parameters';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/** Trust (CA files, system store), the client identity, the TLS parameters and the key log. */
export function TlsSection({ form, profileId }: { form: ProfileForm; profileId: string | null }) {
  const { values: v, set, error, touch } = form;
  const m = v.material;
  const setMaterial = (patch: Partial<typeof m>) => form.update((cur) => ({ material: { ...cur.material, ...patch } }));
  const addCa = (f: MaterialRef) =>
    form.update((cur) => ({ material: { ...cur.material, ca: [...cur.material.ca.filter((x) => x.id !== f.id), f] } }));
  const plain = !usesTls(v.protocol);
  const { t } = useT('profileEditor');

  return (
    <Stack gap="md">
      {plain && (
        <Alert color="yellow" variant="light" title={v.protocol === 'ws' ? t('tls.plainWs') : t('tls.plainMqtt')}>
          {t('tls.plainBody', { protocol: v.protocol, secure: v.protocol === 'ws' ? 'wss://' : 'mqtts://' })}
        </Alert>
      )}
      <Input.Wrapper label={t('tls.verification')} description={t(`tls.verifyHelp.${v.verify}`)}>
        <SegmentedControl
          mt={6}
          aria-label={t('tls.verificationMode')}
          data={[
            { value: 'full', label: t('tls.verify.full') },
            { value: 'chain-only', label: t('tls.verify.chain-only') },
            { value: 'off', label: t('tls.verify.off') },
          ]}
          value={v.verify}
          onChange={(x) => set('verify', x as VerifyMode)}
        />
      </Input.Wrapper>

      <Title order={4} fz="md">
        {t('tls.trust')}
      </Title>
      <MaterialInput
        slot="ca"
        label={t('tls.caLabel')}
        description={t('tls.caHelp')}
        error={error('material.ca')}
        multiple
        onLoaded={(f) => {
          addCa(f);
          touch('material');
        }}
      >
        {shownMissing(v)
          .filter((f) => f.slot === 'ca')
          .map((f) => (
            <MissingFileRow key={f.path} file={f} />
          ))}
        {m.ca.length > 0 && (
          <Stack gap="xs">
            {m.ca.map((f) => (
              <MaterialCard key={f.id} file={f} onRemove={() => setMaterial({ ca: m.ca.filter((x) => x.id !== f.id) })} />
            ))}
          </Stack>
        )}
      </MaterialInput>
      <Switch
        label={t('tls.systemCa')}
        description={t('tls.systemCaHelp')}
        checked={v.useSystemCa}
        onChange={(e) => set('useSystemCa', e.currentTarget.checked)}
      />

      <Title order={4} fz="md">
        {t('tls.clientIdentity')}
      </Title>
      <ClientIdentityFields form={form} />

      <Title order={4} fz="md">
        {t('tls.parameters')}
      </Title>
      <TlsParameters form={form} />
      <KeyLogField form={form} profileId={profileId} />
    </Stack>
  );
}
