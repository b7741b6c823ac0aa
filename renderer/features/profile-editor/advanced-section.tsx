import { Grid, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import type { PhaseTimeouts } from '../../../shared/connect/settings';
import { ReconnectFields } from './reconnect-fields';
import { UserPropertiesField } from './user-properties-field';
import { WillFields } from './will-fields';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/** The phases with a timeout; `null` labels are words from the catalogue, the others protocol names. */
const TIMEOUTS: { key: keyof PhaseTimeouts; label: string | null }[] = [
  { key: 'resolve', label: 'DNS' },
  { key: 'tcp', label: 'TCP' },
  { key: 'tls', label: 'TLS' },
  { key: 'connack', label: 'CONNACK' },
  { key: 'access', label: null },
];

type IntField = 'sessionExpiryInterval' | 'receiveMaximum' | 'maximumPacketSize' | 'topicAliasMaximum';

/** Session, timeouts per phase, MQTT 5 properties and the will (the access check sits beside Connect). */
export function AdvancedSection({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const { t } = useT('profileEditor');
  const intInput = (field: IntField, label: string, description?: string) => (
    <NumberInput
      label={label}
      description={description}
      allowDecimal={false}
      min={0}
      value={v[field]}
      onChange={(x) => set(field, x)}
      onBlur={() => touch(field)}
      error={error(field)}
    />
  );

  return (
    <Stack gap="md">
      <Title order={4} fz="md">
        {t('advanced.session')}
      </Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Switch
            label={v.mqttVersion === '5' ? t('advanced.cleanStart') : t('advanced.cleanSession')}
            checked={v.cleanStart}
            onChange={(e) => set('cleanStart', e.currentTarget.checked)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <NumberInput
            label={t('advanced.keepalive')}
            min={0}
            max={65535}
            allowDecimal={false}
            value={v.keepalive}
            onChange={(x) => set('keepalive', x)}
            onBlur={() => touch('keepalive')}
            error={error('keepalive')}
          />
        </Grid.Col>
      </Grid>

      <ReconnectFields form={form} />

      <Title order={4} fz="md">
        {t('advanced.timeouts')}
      </Title>
      <Grid gap="sm">
        {TIMEOUTS.map(({ key, label: name }) => {
          const label = name ?? t('advanced.accessTimeout');
          return (
            <Grid.Col key={key} span={{ base: 6, md: 'auto' }}>
              <NumberInput
                label={label}
                aria-label={t('advanced.timeoutLabel', { label })}
                min={1}
                max={600_000}
                step={500}
                allowDecimal={false}
                value={v.timeouts[key]}
                onChange={(x) => form.update((cur) => ({ timeouts: { ...cur.timeouts, [key]: x } }))}
                onBlur={() => touch(`timeouts.${key}`)}
                error={error(`timeouts.${key}`)}
              />
            </Grid.Col>
          );
        })}
      </Grid>

      <Title order={4} fz="md">
        {t('advanced.properties')}
      </Title>
      {v.mqttVersion !== '5' ? (
        <Text fz="sm" c="dimmed">
          {t('advanced.onlyV5')}
        </Text>
      ) : (
        <Stack gap="sm">
          <Grid gap="sm">
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('sessionExpiryInterval', t('advanced.sessionExpiry'))}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('receiveMaximum', t('advanced.receiveMaximum'))}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('maximumPacketSize', t('advanced.maximumPacketSize'))}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('topicAliasMaximum', t('advanced.topicAliasMaximum'))}</Grid.Col>
          </Grid>
          <Group gap="lg">
            <Switch
              label={t('advanced.responseInfo')}
              checked={v.requestResponseInformation}
              onChange={(e) => set('requestResponseInformation', e.currentTarget.checked)}
            />
            <Switch
              label={t('advanced.problemInfo')}
              checked={v.requestProblemInformation}
              onChange={(e) => set('requestProblemInformation', e.currentTarget.checked)}
            />
          </Group>
          <UserPropertiesField form={form} />
        </Stack>
      )}

      <WillFields form={form} />
    </Stack>
  );
}
