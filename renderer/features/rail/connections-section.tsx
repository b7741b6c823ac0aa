import { Center, ScrollArea, Stack } from '@mantine/core';
import { Suspense } from 'react';
import { ConnectionSidebar } from '../sidebar/connection-sidebar';
import { lazyNamed, QuietFallback } from '../../ui/lazy';
import { useT } from '../../i18n/use-t';
import { SidePanelLayout } from '../../ui/side-panel-layout';
import { SIDEBAR_PANEL } from '../../ui/side-panel-state';
import { EmptyHeading } from './empty-heading';
import { selectFirstLaunch, selectView } from '../../store/selectors';
import { useAppStore } from '../../store/store-context';

// The list shows first; the pane, the editor and the lab offer load when they are first shown.
const ConnectionPane = lazyNamed(
  () => import('../connection/connection-pane'),
  (m) => m.ConnectionPane,
);
const ProfileEditor = lazyNamed(
  () => import('../profile-editor/profile-editor'),
  (m) => m.ProfileEditor,
);
const StartLabOffer = lazyNamed(
  () => import('../lab/start-lab-offer'),
  (m) => m.StartLabOffer,
);

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

/** Key names are the same in every language. */
const SIDEBAR_KEYS = 'Ctrl/Cmd+B';

/** Connections: the profile list and the selected profile (editor, report, messages). */
export function ConnectionsSection() {
  const { t } = useT('rail');
  return (
    <SidePanelLayout
      spec={SIDEBAR_PANEL}
      label={t('sections.connections')}
      hotkeys={['mod+B', 'alt+B']}
      hotkeyLabel={SIDEBAR_KEYS}
      keep={480}
      testId="sidebar-panel"
      panel={(collapse) => <ConnectionSidebar collapse={collapse} />}
    >
      <main style={{ height: '100%' }}>
        <Suspense fallback={<QuietFallback />}>
          <MainPane />
        </Suspense>
      </main>
    </SidePanelLayout>
  );
}
