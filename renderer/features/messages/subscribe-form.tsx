import { Button, ColorInput, Group, NativeSelect, SegmentedControl, Stack, TextInput, Input } from '@mantine/core';
import { useState } from 'react';
import type { PayloadView, Qos } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';
import { payloadViews } from './payload';
import { useT } from '../../i18n/use-t';
import { SubscribeOptionsFields, optionsRequest, optionsError, NO_OPTIONS, type OptionValues } from './subscribe-options';
import { topicFilterError } from './topic-match';

/** An example topic filter (data, the same in every language). */
const FILTER_EXAMPLE = 'sensors/#';

export const PALETTE = ['#1c7ed6', '#2f9e44', '#e8590c', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5c940d'];

/** Topic filter, QoS, colour, alias and (MQTT 5) subscription options; the broker's SUBACK answer shows in the subscription list. */
export function SubscribeForm({ profileId, used, mqttVersion = '5' }: { profileId: string; used: number; mqttVersion?: '3.1.1' | '5' }) {
  const { subscribe, notify } = useActions();
  const { t } = useT('messages');
  const [topic, setTopic] = useState('');
  const [qos, setQos] = useState<Qos>(0);
  const [color, setColor] = useState<string | null>(null);
  const [format, setFormat] = useState<PayloadView | ''>('');
  const [alias, setAlias] = useState('');
  const [options, setOptions] = useState<OptionValues>(NO_OPTIONS);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const error = touched ? topicFilterError(topic) : undefined;
  const idError = touched && mqttVersion === '5' ? optionsError(options) : undefined;
  const shownColor = color ?? (PALETTE[used % PALETTE.length] as string);

  const submit = async () => {
    setTouched(true);
    if (topicFilterError(topic) || (mqttVersion === '5' && optionsError(options))) return;
    setBusy(true);
    const r = await subscribe(profileId, {
      topic,
      qos,
      color: shownColor,
      ...(format ? { format } : {}),
      ...(alias.trim() ? { alias: alias.trim() } : {}),
      ...(mqttVersion === '5' ? optionsRequest(options) : {}),
    });
    setBusy(false);
    if (!r.ok) return notify('red', t('subscribe.failed', { message: r.error.message }));
    if (!r.value.granted) notify('yellow', t('subscribe.refused', { topic: r.value.topic, name: r.value.codeName }));
    setTopic('');
    setColor(null);
    setFormat('');
    setAlias('');
    setOptions(NO_OPTIONS);
    setTouched(false);
  };

  return (
    <form
      aria-label={t('subscribe.form')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap={6}>
        <TextInput
          size="xs"
          label={t('subscribe.filter')}
          placeholder={FILTER_EXAMPLE}
          value={topic}
          onChange={(e) => setTopic(e.currentTarget.value)}
          error={error}
        />
        <TextInput
          size="xs"
          label={t('subscribe.alias')}
          placeholder={t('subscribe.aliasPlaceholder')}
          maxLength={200}
          value={alias}
          onChange={(e) => setAlias(e.currentTarget.value)}
        />
        <Group gap={6} wrap="nowrap" align="flex-end">
          <Input.Wrapper label="QoS" size="xs">
            <div>
              <SegmentedControl
                size="xs"
                aria-label={t('subscribe.qos')}
                data={['0', '1', '2']}
                value={String(qos)}
                onChange={(x) => setQos(Number(x) as Qos)}
              />
            </div>
          </Input.Wrapper>
          <ColorInput
            size="xs"
            label={t('subscribe.colour')}
            aria-label={t('subscribe.colourLabel')}
            value={shownColor}
            onChange={setColor}
            swatches={PALETTE}
            withEyeDropper={false}
            style={{ flex: 1 }}
          />
        </Group>
        <NativeSelect
          size="xs"
          label={t('subscribe.showAs')}
          data-testid="subscription-format"
          data={[{ value: '', label: t('subscribe.listView') }, ...payloadViews()]}
          value={format}
          onChange={(e) => setFormat(e.currentTarget.value as PayloadView | '')}
        />
        {mqttVersion === '5' && <SubscribeOptionsFields value={options} onChange={setOptions} idError={idError} />}
        <Button size="xs" type="submit" loading={busy}>
          {t('subscribe.button')}
        </Button>
      </Stack>
    </form>
  );
}
