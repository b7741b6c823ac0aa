import { Grid, Input, SegmentedControl, Switch, Textarea, TextInput, Title } from '@mantine/core';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/** The last will: topic, QoS, retain and payload, published by the broker if the session ends abnormally. */
export function WillFields({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const { t } = useT('profileEditor');
  return (
    <>
      <Title order={4} fz="md">
        {t('will.title')}
      </Title>
      <Switch label={t('will.send')} checked={v.willEnabled} onChange={(e) => set('willEnabled', e.currentTarget.checked)} />
      {v.willEnabled && (
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput
              label={t('will.topic')}
              required
              value={v.willTopic}
              onChange={(e) => set('willTopic', e.currentTarget.value)}
              onBlur={() => touch('willTopic')}
              error={error('willTopic')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Input.Wrapper label={t('will.qos')}>
              <SegmentedControl
                fullWidth
                aria-label={t('will.qos')}
                data={['0', '1', '2']}
                value={String(v.willQos)}
                onChange={(x) => set('willQos', Number(x) as 0 | 1 | 2)}
              />
            </Input.Wrapper>
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }} style={{ display: 'flex', alignItems: 'flex-end' }}>
            <Switch label={t('will.retain')} checked={v.willRetain} onChange={(e) => set('willRetain', e.currentTarget.checked)} />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              label={t('will.payload')}
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
