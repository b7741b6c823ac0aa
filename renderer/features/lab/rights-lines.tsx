import { Text } from '@mantine/core';
import type { TopicRights } from '../../../shared/lab/lab-config';
import { useT } from '../../i18n/use-t';

const ACTIONS = ['publish', 'subscribe'] as const;

/** Topic rights, one line for publish and one for subscribe; "no topic rights" when there are none. */
export function RightsLines({ rights }: { rights: TopicRights | null }) {
  const { t } = useT('lab');
  if (rights === null)
    return (
      <Text fz="xs" c="dimmed">
        —
      </Text>
    );
  if (rights.publish.length + rights.subscribe.length === 0)
    return (
      <Text fz="xs" c="orange">
        {t('identities.noRights')}
      </Text>
    );
  return (
    <>
      {ACTIONS.map((action) => (
        <Text key={action} fz="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          <Text span fz="xs" c="dimmed" ff="monospace">
            {action === 'publish' ? t('identities.pub') : t('identities.sub')}
          </Text>
          {rights[action].length ? rights[action].join(', ') : '—'}
        </Text>
      ))}
    </>
  );
}
