import { Button, Group, Stack } from '@mantine/core';
import type { PublishHistoryItem } from '../../../shared/ipc/contract';
import type { PublishInput } from '../../store/connections-slice';
import { PublishHistoryButton } from './publish-history';
import { RunningRepeats, TimedPublishButton } from './timed-publish';
import { useT } from '../../i18n/use-t';

/** Under the publish form: running timed publishes, then History, Timed… and Publish. */
export function PublishActions({
  profileId,
  busy,
  build,
  fill,
}: {
  profileId: string;
  busy: boolean;
  build: () => PublishInput | null;
  fill: (e: PublishHistoryItem) => void;
}) {
  const { t } = useT('messages');
  return (
    // Stays in view at the bottom of a publish dock that scrolls in a short window.
    <Stack gap={6} style={{ position: 'sticky', bottom: 0, zIndex: 1, background: 'var(--mantine-color-body)', paddingTop: 4 }}>
      <RunningRepeats profileId={profileId} />
      {/* Stays in view at the bottom of a publish dock that scrolls in a short window. */}
      <Group
        justify="flex-end"
        gap="xs"
        style={{ position: 'sticky', bottom: 0, zIndex: 1, background: 'var(--mantine-color-body)', paddingTop: 4 }}
      >
        <PublishHistoryButton profileId={profileId} onUse={fill} />
        <TimedPublishButton profileId={profileId} build={build} />
        <Button size="xs" type="submit" loading={busy}>
          {t('publish.button')}
        </Button>
      </Group>
    </Stack>
  );
}
