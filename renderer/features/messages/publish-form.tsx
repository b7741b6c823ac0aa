import {
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
import type { PublishHistoryItem, Qos } from '../../../shared/ipc/contract';
import type { PublishInput } from '../../store/connections-slice';
import { useActions } from '../../store/store-context';
import { formatCode } from '../../../shared/mqtt/reason-codes';
import { encodePayload, type PublishFormat } from './payload';
import { PublishActions } from './publish-actions';
import { topicNameError } from './topic-match';
import { useT } from '../../i18n/use-t';

// The text placeholder is a word (publish.placeholder); the others are examples of the notation.
/** An example topic name (data, the same in every language). */
const TOPIC_EXAMPLE = 'devices/42/state';

/** The notations a payload is typed in; only "Text" is a word to translate, the others are names. */
const formatOptions = (text: string) => [
  { value: 'text', label: text },
  { value: 'json', label: 'JSON' },
  { value: 'hex', label: 'Hex' },
  { value: 'base64', label: 'Base64' },
];

const PLACEHOLDER: Record<Exclude<PublishFormat, 'text'>, string> = {
  json: '{"temperature": 21.5}',
  hex: 'de ad be ef',
  base64: '3q2+7w==',
};

/** The MQTT 5 properties the form's fields ask for. */
function propertiesOf(f: {
  contentType: string;
  responseTopic: string;
  expiry: number | string;
  format: PublishFormat;
  userProp: { key: string; value: string };
}): NonNullable<PublishInput['properties']> {
  const props: NonNullable<PublishInput['properties']> = {};
  if (f.contentType) props.contentType = f.contentType;
  if (f.responseTopic) props.responseTopic = f.responseTopic;
  if (f.expiry !== '') props.messageExpiryInterval = Number(f.expiry);
  if (f.format === 'json' || f.format === 'text') props.payloadFormatIndicator = true;
  if (f.userProp.key) props.userProperties = { [f.userProp.key]: f.userProp.value };
  return props;
}

/** Publishes on the open connection: topic, QoS, retain, payload in four notations, MQTT 5 properties; history and timed publishing beside. */
export function PublishForm({ profileId, mqttVersion }: { profileId: string; mqttVersion: '3.1.1' | '5' }) {
  const { publish, notify } = useActions();
  const { t } = useT('messages');
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

  // The publish the form holds, or null with its errors shown; History's "Edit" fills the form back.
  const build = (): PublishInput | null => {
    setTouched(true);
    if (topicNameError(topic) || !encoded.ok) return null;
    const input: PublishInput = { topic, payload: encoded.payload, encoding: encoded.encoding, qos, retain };
    const props = mqttVersion === '5' ? propertiesOf({ contentType, responseTopic, expiry, format, userProp }) : {};
    if (Object.keys(props).length > 0) input.properties = props;
    return input;
  };

  const fill = (e: PublishHistoryItem) => {
    setTopic(e.topic);
    setQos(e.qos);
    setRetain(e.retain);
    setFormat(e.encoding === 'base64' ? 'base64' : 'text');
    setPayload(e.payload);
    setContentType(e.properties?.contentType ?? '');
    setResponseTopic(e.properties?.responseTopic ?? '');
    setExpiry(e.properties?.messageExpiryInterval ?? '');
    const [key, value] = Object.entries(e.properties?.userProperties ?? {})[0] ?? [];
    setUserProp({ key: key ?? '', value: Array.isArray(value) ? (value[0] ?? '') : (value ?? '') });
  };
  const submit = async () => {
    const input = build();
    if (!input) return;
    setBusy(true);
    const r = await publish(profileId, input);
    setBusy(false);
    if (!r.ok) return notify('red', t('publish.failed', { message: r.error.message }));
    if (r.value.code !== null && r.value.code >= 0x80)
      notify('yellow', t('publish.refused', { topic, code: formatCode(r.value.code), name: r.value.codeName ?? '' }).trim());
    setTouched(false);
  };

  return (
    <form
      aria-label={t('publish.form')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            size="xs"
            label={t('publish.topic')}
            placeholder={TOPIC_EXAMPLE}
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            error={topicErr}
            style={{ flex: '1 1 220px', minWidth: 180 }}
          />
          <Input.Wrapper label="QoS" size="xs">
            <SegmentedControl
              size="xs"
              aria-label={t('publish.qos')}
              data={['0', '1', '2']}
              value={String(qos)}
              onChange={(x) => setQos(Number(x) as Qos)}
            />
          </Input.Wrapper>
          <Switch size="xs" label={t('publish.retain')} checked={retain} onChange={(e) => setRetain(e.currentTarget.checked)} mb={6} />
          <Select
            size="xs"
            label={t('publish.format')}
            w={100}
            data={formatOptions(t('views.text'))}
            value={format}
            onChange={(x) => x && setFormat(x as PublishFormat)}
            allowDeselect={false}
          />
        </Group>
        <Textarea
          size="xs"
          aria-label={t('publish.payload')}
          placeholder={format === 'text' ? t('publish.placeholder') : PLACEHOLDER[format]}
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
                {showProps ? '▾' : '▸'} {t('publish.properties')}
              </Text>
            </UnstyledButton>
            <Collapse expanded={showProps}>
              <Group gap="xs" grow preventGrowOverflow={false} wrap="wrap">
                <TextInput
                  size="xs"
                  label={t('publish.contentType')}
                  value={contentType}
                  onChange={(e) => setContentType(e.currentTarget.value)}
                />
                <TextInput
                  size="xs"
                  label={t('publish.responseTopic')}
                  value={responseTopic}
                  onChange={(e) => setResponseTopic(e.currentTarget.value)}
                />
                <NumberInput size="xs" label={t('publish.expiry')} min={0} allowDecimal={false} value={expiry} onChange={setExpiry} />
                <TextInput
                  size="xs"
                  label={t('publish.userPropName')}
                  value={userProp.key}
                  onChange={(e) => setUserProp({ ...userProp, key: e.currentTarget.value })}
                />
                <TextInput
                  size="xs"
                  label={t('publish.userPropValue')}
                  value={userProp.value}
                  onChange={(e) => setUserProp({ ...userProp, value: e.currentTarget.value })}
                />
              </Group>
            </Collapse>
          </>
        )}
        <PublishActions profileId={profileId} busy={busy} build={build} fill={fill} />
      </Stack>
    </form>
  );
}
