import {
  Button,
  Collapse,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TextInput,
  Textarea,
  UnstyledButton,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import type { Qos } from '../../../shared/ipc/contract';
import type { PublishInput } from '../../store/connections-slice';
import { useActions } from '../../store/store-context';
import { encodePayload, type PublishFormat } from './payload';
import { topicNameError } from './topic-match';

/** Publishes on the open connection: topic, QoS, retain, payload in four notations, MQTT 5 properties. */
export function PublishForm({ profileId, mqttVersion }: { profileId: string; mqttVersion: '3.1.1' | '5' }) {
  const { publish, notify } = useActions();
  const [topic, setTopic] = useState('');
  const [qos, setQos] = useState<Qos>(0);
  const [retain, setRetain] = useState(false);
  const [format, setFormat] = useState<PublishFormat>('text');
  const [payload, setPayload] = useState('');
  const [showProps, setShowProps] = useState(false);
  const [contentType, setContentType] = useState('');
  const [responseTopic, setResponseTopic] = useState('');
  const [expiry, setExpiry] = useState<number | string>('');
  const [userProp, setUserProp] = useState({ key: '', value: '' });
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);

  const topicErr = touched ? topicNameError(topic) : undefined;
  const encoded = encodePayload(payload, format);
  const payloadErr = touched && !encoded.ok ? encoded.error : undefined;

  const submit = async () => {
    setTouched(true);
    if (topicNameError(topic) || !encoded.ok) return;
    const input: PublishInput = { topic, payload: encoded.payload, encoding: encoded.encoding, qos, retain };
    if (mqttVersion === '5') {
      const props: NonNullable<PublishInput['properties']> = {};
      if (contentType) props.contentType = contentType;
      if (responseTopic) props.responseTopic = responseTopic;
      if (expiry !== '') props.messageExpiryInterval = Number(expiry);
      if (format === 'json' || format === 'text') props.payloadFormatIndicator = true;
      if (userProp.key) props.userProperties = { [userProp.key]: userProp.value };
      if (Object.keys(props).length > 0) input.properties = props;
    }
    setBusy(true);
    const r = await publish(profileId, input);
    setBusy(false);
    if (!r.ok) return notify('red', `Publish failed: ${r.error.message}`);
    if (r.value.code !== null && r.value.code >= 0x80) notify('yellow', `The broker answered ${r.value.codeName ?? r.value.code}`);
    setTouched(false);
  };

  return (
    <form
      aria-label="Publish"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            size="xs"
            label="Publish topic"
            placeholder="devices/42/state"
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            error={topicErr}
            style={{ flex: 1 }}
          />
          <Input.Wrapper label="QoS" size="xs">
            <SegmentedControl
              size="xs"
              aria-label="Publish QoS"
              data={['0', '1', '2']}
              value={String(qos)}
              onChange={(x) => setQos(Number(x) as Qos)}
            />
          </Input.Wrapper>
          <Switch size="xs" label="Retain" checked={retain} onChange={(e) => setRetain(e.currentTarget.checked)} mb={6} />
          <Select
            size="xs"
            label="Format"
            w={100}
            data={[
              { value: 'text', label: 'Text' },
              { value: 'json', label: 'JSON' },
              { value: 'hex', label: 'Hex' },
              { value: 'base64', label: 'Base64' },
            ]}
            value={format}
            onChange={(x) => x && setFormat(x as PublishFormat)}
            allowDeselect={false}
          />
        </Group>
        <Textarea
          size="xs"
          aria-label="Payload"
          placeholder={
            format === 'json' ? '{"temperature": 21.5}' : format === 'hex' ? 'de ad be ef' : format === 'base64' ? '3q2+7w==' : 'payload'
          }
          autosize
          minRows={2}
          maxRows={8}
          value={payload}
          onChange={(e) => setPayload(e.currentTarget.value)}
          error={payloadErr}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              // Ctrl/Cmd+Enter in the payload publishes, rather than reconnecting.
              e.preventDefault();
              e.stopPropagation();
              void submit();
            }
          }}
        />
        {mqttVersion === '5' && (
          <>
            <UnstyledButton onClick={() => setShowProps((x) => !x)} aria-expanded={showProps}>
              <Text fz="xs" c="dimmed">
                {showProps ? '▾' : '▸'} MQTT 5 properties
              </Text>
            </UnstyledButton>
            <Collapse expanded={showProps}>
              <Group gap="xs" grow>
                <TextInput size="xs" label="Content type" value={contentType} onChange={(e) => setContentType(e.currentTarget.value)} />
                <TextInput
                  size="xs"
                  label="Response topic"
                  value={responseTopic}
                  onChange={(e) => setResponseTopic(e.currentTarget.value)}
                />
                <NumberInput size="xs" label="Message expiry (s)" min={0} allowDecimal={false} value={expiry} onChange={setExpiry} />
                <TextInput
                  size="xs"
                  label="User property name"
                  value={userProp.key}
                  onChange={(e) => setUserProp({ ...userProp, key: e.currentTarget.value })}
                />
                <TextInput
                  size="xs"
                  label="User property value"
                  value={userProp.value}
                  onChange={(e) => setUserProp({ ...userProp, value: e.currentTarget.value })}
                />
              </Group>
            </Collapse>
          </>
        )}
        <Group justify="flex-end">
          <Button size="xs" type="submit" loading={busy}>
            Publish
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
