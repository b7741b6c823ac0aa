import { Text } from '@mantine/core';
import type { TopicRights } from '../../../shared/lab/lab-config';

/** Topic rights, one line for publish and one for subscribe; "no topic rights" when there are none. */
export function RightsLines({ rights }: { rights: TopicRights | null }) {
  if (rights === null)
    return (
      <Text fz="xs" c="dimmed">
        —
      </Text>
    );
  if (rights.publish.length + rights.subscribe.length === 0)
    return (
      <Text fz="xs" c="orange">
        no topic rights
      </Text>
    );
  return (
    <>
      {(['publish', 'subscribe'] as const).map((action) => (
        <Text key={action} fz="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          <Text span fz="xs" c="dimmed" ff="monospace">
            {action === 'publish' ? 'pub ' : 'sub '}
          </Text>
          {rights[action].length ? rights[action].join(', ') : '—'}
        </Text>
      ))}
    </>
  );
}
