import { Grid, Select, TagsInput, TextInput } from '@mantine/core';
import type { TlsVersion } from '../../../shared/connect/settings';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

const VERSIONS = [
  { value: 'TLSv1.2', label: 'TLS 1.2' },
  { value: 'TLSv1.3', label: 'TLS 1.3' },
];

/** SNI, ALPN and the TLS version range. */
export function TlsParameters({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const { t } = useT('profileEditor');
  const versions = [{ value: '', label: t('tls.versionDefault') }, ...VERSIONS];
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <TextInput
          label={t('tls.sni')}
          description={t('tls.sniHelp')}
          value={v.servername}
          onChange={(e) => set('servername', e.currentTarget.value)}
          onBlur={() => touch('servername')}
          error={error('servername')}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <TagsInput label={t('tls.alpn')} description={t('tls.alpnHelp')} value={v.alpn} onChange={(x) => set('alpn', x)} clearable />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('tls.tlsMin')}
          data={versions}
          value={v.tlsMin}
          onChange={(x) => set('tlsMin', (x ?? '') as TlsVersion | '')}
          allowDeselect={false}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 6, md: 3 }}>
        <Select
          label={t('tls.tlsMax')}
          data={versions}
          value={v.tlsMax}
          onChange={(x) => set('tlsMax', (x ?? '') as TlsVersion | '')}
          allowDeselect={false}
          error={error('tlsMax')}
        />
      </Grid.Col>
    </Grid>
  );
}
