import { Button, ColorInput, Group, SegmentedControl, Stack, TextInput, Input } from '@mantine/core';
import { useState } from 'react';
import type { Qos } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';
import { topicFilterError } from './topic-match';

export const PALETTE = ['#1c7ed6', '#2f9e44', '#e8590c', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5c940d'];

/** Topic filter, QoS and colour; the broker's SUBACK answer shows in the subscription list. */
export function SubscribeForm({ profileId, used }: { profileId: string; used: number }) {
  const { subscribe, notify } = useActions();
  const [topic, setTopic] = useState('');
  const [qos, setQos] = useState<Qos>(0);
  const [color, setColor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const error = touched ? topicFilterError(topic) : undefined;
  const shownColor = color ?? (PALETTE[used % PALETTE.length] as string);

  const submit = async () => {
    setTouched(true);
    if (topicFilterError(topic)) return;
    setBusy(true);
    const r = await subscribe(profileId, { topic, qos, color: shownColor });
    setBusy(false);
    if (!r.ok) return notify('red', `Subscribe failed: ${r.error.message}`);
    if (!r.value.granted) notify('yellow', `The broker refused the subscription to ${r.value.topic}: ${r.value.codeName}`);
    setTopic('');
    setColor(null);
    setTouched(false);
  };

  return (
    <form
      aria-label="Subscribe"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap={6}>
        <TextInput
          size="xs"
          label="Topic filter"
          placeholder="sensors/#"
          value={topic}
          onChange={(e) => setTopic(e.currentTarget.value)}
          error={error}
        />
        <Group gap={6} wrap="nowrap" align="flex-end">
          <Input.Wrapper label="QoS" size="xs">
            <div>
              <SegmentedControl
                size="xs"
                aria-label="Subscription QoS"
                data={['0', '1', '2']}
                value={String(qos)}
                onChange={(x) => setQos(Number(x) as Qos)}
              />
            </div>
          </Input.Wrapper>
          <ColorInput
            size="xs"
            label="Colour"
            aria-label="Subscription colour"
            value={shownColor}
            onChange={setColor}
            swatches={PALETTE}
            withEyeDropper={false}
            style={{ flex: 1 }}
          />
        </Group>
        <Button size="xs" type="submit" loading={busy}>
          Subscribe
        </Button>
      </Stack>
    </form>
  );
}
