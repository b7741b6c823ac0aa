import { Center, ScrollArea, Stack } from '@mantine/core';
import { ConnectionPane } from '../connection/connection-pane';
import { ProfileEditor } from '../profile-editor/profile-editor';
import { ConnectionSidebar } from '../sidebar/connection-sidebar';
import { StartLabOffer } from '../lab/start-lab-offer';
import { EmptyHeading } from './empty-heading';
import { selectFirstLaunch, selectView } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';

function MainPane() {
  const view = useAppStore(selectView);
  // First launch: nothing to pick yet, so the lab is offered.
  const firstLaunch = useAppStore(selectFirstLaunch);
  switch (view.kind) {
    case 'empty':
      return firstLaunch ? (
        <ScrollArea h="100%" type="auto">
          <Stack gap="lg" align="center" p="lg">
            <EmptyHeading firstLaunch />
            <StartLabOffer />
          </Stack>
        </ScrollArea>
      ) : (
        <Center h="100%">
          <EmptyHeading firstLaunch={false} />
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
