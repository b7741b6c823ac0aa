import {
  ActionIcon,
  Button,
  Grid,
  Group,
  NumberInput,
  SegmentedControl,
  Input,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { PhaseTimeouts } from '../../../shared/connect/settings';
import type { FormValues } from './profile-draft';
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
  const setRow = (i: number, patch: Partial<FormValues['userProperties'][number]>) =>
    form.update((cur) => ({ userProperties: cur.userProperties.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));

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
          <Input.Wrapper label="User properties">
            <Stack gap={6} mt={4}>
              {v.userProperties.map((row, i) => (
                <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                  <TextInput
                    aria-label={`User property ${i + 1} name`}
                    placeholder="name"
                    value={row.key}
                    onChange={(e) => setRow(i, { key: e.currentTarget.value })}
                    error={error(`userProperties.${i}`)}
                    style={{ flex: 1 }}
                  />
                  <TextInput
                    aria-label={`User property ${i + 1} value`}
                    placeholder="value"
                    value={row.value}
                    onChange={(e) => setRow(i, { value: e.currentTarget.value })}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={6}
                    aria-label={`Remove user property ${i + 1}`}
                    onClick={() => form.update((cur) => ({ userProperties: cur.userProperties.filter((_, j) => j !== i) }))}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              ))}
              <Button
                size="xs"
                variant="subtle"
                w="fit-content"
                onClick={() => form.update((cur) => ({ userProperties: [...cur.userProperties, { key: '', value: '' }] }))}
              >
                + Add user property
              </Button>
            </Stack>
          </Input.Wrapper>
        </Stack>
      )}

      <Title order={4} fz="md">
        Last will
      </Title>
      <Switch label="Send a will message" checked={v.willEnabled} onChange={(e) => set('willEnabled', e.currentTarget.checked)} />
      {v.willEnabled && (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput
              label="Will topic"
              required
              value={v.willTopic}
              onChange={(e) => set('willTopic', e.currentTarget.value)}
              onBlur={() => touch('willTopic')}
              error={error('willTopic')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Input.Wrapper label="Will QoS">
              <SegmentedControl
                fullWidth
                aria-label="Will QoS"
                data={['0', '1', '2']}
                value={String(v.willQos)}
                onChange={(x) => set('willQos', Number(x) as 0 | 1 | 2)}
              />
            </Input.Wrapper>
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }} style={{ display: 'flex', alignItems: 'flex-end' }}>
            <Switch label="Retain" checked={v.willRetain} onChange={(e) => set('willRetain', e.currentTarget.checked)} />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              label="Will payload"
              autosize
              minRows={2}
              value={v.willPayload}
              onChange={(e) => set('willPayload', e.currentTarget.value)}
            />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
