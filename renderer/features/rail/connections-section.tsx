import { Center, Stack, Text, Title } from '@mantine/core';
import { ConnectionPane } from '../connection/connection-pane';
import { ProfileEditor } from '../profile-editor/profile-editor';
import { ConnectionSidebar } from '../sidebar/connection-sidebar';
import { selectView } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';

function MainPane() {
  const view = useAppStore(selectView);
  switch (view.kind) {
    case 'empty':
      return (
        <Center h="100%">
          <Stack gap={4} align="center" maw={460}>
            <Title order={2} fz="xl">
              Did this identity get in?
            </Title>
            <Text c="dimmed" ta="center" fz="sm">
              Pick a connection on the left, or create one with a CA, a client certificate and its key. Connecting shows how far the
              handshake got, and exactly where and why it stopped.
            </Text>
          </Stack>
        </Center>
      );
    case 'connection':
      return <ConnectionPane profileId={view.profileId} />;
    case 'edit':
      return <ProfileEditor profileId={view.profileId} groupId={null} />;
    case 'new':
      return <ProfileEditor profileId={null} groupId={view.groupId} />;
    default: {
      const never: never = view;
      return never;
    }
  }
}

/** Connections: the profile list and the selected profile (editor, report, messages). */
export function ConnectionsSection() {
  return (
    <div style={{ display: 'flex', height: '100%' }}>
      <div style={{ width: 290, flex: 'none', borderRight: '1px solid var(--mantine-color-default-border)', height: '100%' }}>
        <ConnectionSidebar />
      </div>
      <main style={{ flex: 1, minWidth: 0, height: '100%' }}>
        <MainPane />
      </main>
    </div>
  );
}
