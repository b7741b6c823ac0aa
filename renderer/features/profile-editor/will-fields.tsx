import { Grid, Input, SegmentedControl, Switch, Textarea, TextInput, Title } from '@mantine/core';
import type { ProfileForm } from './use-profile-form';

/** The last will: topic, QoS, retain and payload, published by the broker if the session ends abnormally. */
export function WillFields({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  return (
    <>
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
    </>
  );
}
