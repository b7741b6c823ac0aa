import { Checkbox, Group, TextInput } from '@mantine/core';
import { useRef } from 'react';
import { DEFAULT_ACCESS_CHECK_TOPIC } from '../../../shared/connect/settings';
import type { ProfileForm } from './use-profile-form';
import { useT } from '../../i18n/use-t';

/**
 * The access check, beside Connect: after CONNACK, subscribe and publish on a topic as this
 * identity. A broker that admits any trusted certificate often stops a disallowed one only here.
 */
export function AccessCheckField({ form }: { form: ProfileForm }) {
  const { values: v, set, error, touch } = form;
  const { t } = useT('profileEditor');
  const on = v.accessCheckTopic !== '';
  // Unticking keeps the topic typed so far, for ticking again.
  const last = useRef(v.accessCheckTopic || DEFAULT_ACCESS_CHECK_TOPIC);
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="access-check-field">
      <Checkbox
        mt={6}
        size="sm"
        label={t('access.check')}
        checked={on}
        onChange={(e) => {
          if (!e.currentTarget.checked) last.current = v.accessCheckTopic || last.current;
          set('accessCheckTopic', e.currentTarget.checked ? last.current : '');
        }}
      />
      <TextInput
        size="xs"
        mt={2}
        aria-label={t('access.topic')}
        placeholder={DEFAULT_ACCESS_CHECK_TOPIC}
        disabled={!on}
        value={v.accessCheckTopic}
        onChange={(e) => set('accessCheckTopic', e.currentTarget.value)}
        onBlur={() => touch('accessCheckTopic')}
        error={error('accessCheckTopic')}
        w={220}
      />
    </Group>
  );
}
