import { AppShell, Center, MantineProvider, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { ConnectionPane } from './features/connection/connection-pane';
import { ProfileEditor } from './features/profile-editor/profile-editor';
import { SettingsDialog } from './features/settings/settings-dialog';
import { StoreNotices } from './features/store-status/store-notices';
import { ExportDialog } from './features/transfer/export-dialog';
import { CommandsDialog } from './features/transfer/commands-dialog';
import { ConfigImportDialog } from './features/transfer/config-import-dialog';
import { ImportDialog } from './features/transfer/import-dialog';
import { ConnectionSidebar } from './features/sidebar/connection-sidebar';
import type { AppStore } from './store/app-store';
import { selectView } from './store/selectors';
import { StoreProvider, useAppStore } from './store/store-context';
import { theme } from './theme';
import { settingsColorSchemeManager } from './ui/color-scheme-manager';
import { DiscardChangesModal } from './ui/discard-changes-modal';
import { HostStatusBanner } from './ui/host-status-banner';
import { NoticeToast } from './ui/notice-toast';
import { useShortcuts } from './use-shortcuts';

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

function Shell({ store }: { store: AppStore }) {
  useShortcuts(store);
  return (
    <AppShell navbar={{ width: 290, breakpoint: 0 }} padding={0}>
      <AppShell.Navbar>
        <ConnectionSidebar />
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        <HostStatusBanner />
        <StoreNotices />
        <div style={{ flex: 1, minHeight: 0 }}>
          <MainPane />
        </div>
      </AppShell.Main>
      <DiscardChangesModal />
      <ExportDialog />
      <ImportDialog />
      <ConfigImportDialog />
      <CommandsDialog />
      <SettingsDialog />
      <NoticeToast />
    </AppShell>
  );
}

/** The whole UI around a store; the store (and its API) are made at boot or by a test. */
export function App({ store }: { store: AppStore }) {
  const colorSchemeManager = useMemo(() => settingsColorSchemeManager(store), [store]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <StoreProvider store={store}>
        <Shell store={store} />
      </StoreProvider>
    </MantineProvider>
  );
}
