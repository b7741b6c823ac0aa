import { ActionIcon, Grid, Input, SegmentedControl, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { NumberInput } from '@mantine/core';
import { cloudPreset } from '../../../shared/connect/cloud-presets';
import { DEFAULT_PORTS, DEFAULT_WS_PATH, isWebSocket, Protocol } from '../../../shared/connect/transport';
import { selectGroups } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';
import { generateClientId } from './profile-draft';
import { PresetField } from './preset-field';
import { SecretInput } from './secret-input';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/** The host field's example when no cloud preset gives one (a name, the same in every language). */
const HOST_EXAMPLE = 'broker.example.com';

const PROTOCOLS = [
  { value: 'mqtts', label: 'mqtts://' },
  { value: 'mqtt', label: 'mqtt://' },
  { value: 'wss', label: 'wss://' },
  { value: 'ws', label: 'ws://' },
];

/** Name, broker address, MQTT version and credentials. */
export function GeneralSection({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const groups = useAppStore(selectGroups);
  const { t } = useT('profileEditor');
  return (
    <Stack gap="sm">
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <TextInput
            label={t('general.name')}
            required
            data-field="name"
            value={v.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            onBlur={() => touch('name')}
            error={error('name')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Select
            label={t('general.group')}
            data={[{ value: '', label: t('general.noGroup') }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
            value={v.groupId ?? ''}
            onChange={(x) => set('groupId', x ? x : null)}
            allowDeselect={false}
          />
        </Grid.Col>
      </Grid>
      <PresetField form={form} />
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Input.Wrapper label={t('general.protocol')}>
            <SegmentedControl
              fullWidth
              aria-label={t('general.protocol')}
              data={PROTOCOLS}
              value={v.protocol}
              onChange={(p) => {
                const protocol = Protocol.parse(p);
                // Follow the protocol's well-known port unless the user typed another one.
                form.update((cur) => ({ protocol, port: cur.port === DEFAULT_PORTS[cur.protocol] ? DEFAULT_PORTS[protocol] : cur.port }));
              }}
            />
          </Input.Wrapper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TextInput
            label={t('general.host')}
            required
            value={v.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            onBlur={() => touch('host')}
            error={error('host')}
            placeholder={v.preset ? cloudPreset(v.preset).hostExample : HOST_EXAMPLE}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <NumberInput
            label={t('general.port')}
            required
            min={1}
            max={65535}
            allowDecimal={false}
            value={v.port}
            onChange={(x) => set('port', x)}
            onBlur={() => touch('port')}
            error={error('port')}
          />
        </Grid.Col>
        {isWebSocket(v.protocol) && (
          <Grid.Col span={12}>
            <TextInput
              label={t('general.wsPath')}
              description={t('general.wsPathHelp', { path: DEFAULT_WS_PATH })}
              value={v.path}
              onChange={(e) => set('path', e.currentTarget.value)}
              onBlur={() => touch('path')}
              error={error('path')}
              placeholder={DEFAULT_WS_PATH}
            />
          </Grid.Col>
        )}
      </Grid>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Input.Wrapper label={t('general.mqttVersion')}>
            <SegmentedControl
              fullWidth
              aria-label={t('general.mqttVersion')}
              data={[
                { value: '5', label: '5.0' },
                { value: '3.1.1', label: '3.1.1' },
              ]}
              value={v.mqttVersion}
              onChange={(x) => set('mqttVersion', x as '5' | '3.1.1')}
            />
          </Input.Wrapper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <TextInput
            label={t('general.clientId')}
            value={v.clientId}
            onChange={(e) => set('clientId', e.currentTarget.value)}
            onBlur={() => touch('clientId')}
            error={error('clientId')}
            rightSectionWidth={40}
            rightSection={
              <Tooltip label={t('general.generateTip')}>
                <ActionIcon variant="subtle" onClick={() => set('clientId', generateClientId())} aria-label={t('general.generate')}>
                  ↻
                </ActionIcon>
              </Tooltip>
            }
          />
        </Grid.Col>
      </Grid>
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TextInput
            label={t('general.username')}
            value={v.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <SecretInput
            label={t('general.password')}
            value={v.password}
            stored={form.secretFlags?.hasPassword ?? false}
            onChange={(x) => set('password', x)}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
