import { Grid, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import type { PhaseTimeouts } from '../../../shared/connect/settings';
import { UserPropertiesField } from './user-properties-field';
import { WillFields } from './will-fields';
import type { ProfileForm } from './use-profile-form';

const TIMEOUTS: { key: keyof PhaseTimeouts; label: string }[] = [
  { key: 'resolve', label: 'DNS' },
  { key: 'tcp', label: 'TCP' },
  { key: 'tls', label: 'TLS' },
  { key: 'connack', label: 'CONNACK' },
  { key: 'access', label: 'Access check' },
];

type IntField = 'sessionExpiryInterval' | 'receiveMaximum' | 'maximumPacketSize' | 'topicAliasMaximum';

/** Session, timeouts per phase, MQTT 5 properties and the will (the access check sits beside Connect). */
export function AdvancedSection({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
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
        Session
      </Title>
      <Grid gap="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Switch
            label={v.mqttVersion === '5' ? 'Clean start' : 'Clean session'}
            checked={v.cleanStart}
            onChange={(e) => set('cleanStart', e.currentTarget.checked)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <NumberInput
            label="Keepalive (s)"
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

      <Title order={4} fz="md">
        Timeouts per phase (ms)
      </Title>
      <Grid gap="sm">
        {TIMEOUTS.map(({ key, label }) => (
          <Grid.Col key={key} span={{ base: 6, md: 'auto' }}>
            <NumberInput
              label={label}
              aria-label={`${label} timeout`}
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
        ))}
      </Grid>

      <Title order={4} fz="md">
        MQTT 5 properties
      </Title>
      {v.mqttVersion !== '5' ? (
        <Text fz="sm" c="dimmed">
          Properties exist only in MQTT 5: switch the version in General.
        </Text>
      ) : (
        <Stack gap="sm">
          <Grid gap="sm">
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('sessionExpiryInterval', 'Session expiry (s)')}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('receiveMaximum', 'Receive maximum')}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('maximumPacketSize', 'Maximum packet size')}</Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>{intInput('topicAliasMaximum', 'Topic alias maximum')}</Grid.Col>
          </Grid>
          <Group gap="lg">
            <Switch
              label="Request response information"
              checked={v.requestResponseInformation}
              onChange={(e) => set('requestResponseInformation', e.currentTarget.checked)}
            />
            <Switch
              label="Request problem information"
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
