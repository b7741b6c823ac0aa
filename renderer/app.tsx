import { MantineProvider } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { followLanguageSetting } from './i18n/language-sync';
import { SettingsDialog } from './features/settings/settings-dialog';
import { StoreNotices } from './features/store-status/store-notices';
import { ExportDialog } from './features/transfer/export-dialog';
import { CommandsDialog } from './features/transfer/commands-dialog';
import { ConfigImportDialog } from './features/transfer/config-import-dialog';
import { ImportDialog } from './features/transfer/import-dialog';
import { SectionRail } from './features/rail/section-rail';
import { sectionOf } from './features/rail/sections';
import type { AppStore } from './store/app-store';
import { selectSection } from './store/selectors';
import { StoreProvider, useAppStore } from './store/store-context';
import { cssVariablesResolver, theme } from './theme';
import { settingsColorSchemeManager } from './ui/color-scheme-manager';
import { DiscardChangesModal } from './ui/discard-changes-modal';
import { HostStatusBanner } from './ui/host-status-banner';
import { NoticeToast } from './ui/notice-toast';
import { useShortcuts } from './use-shortcuts';

function Shell({ store }: { store: AppStore }) {
  useShortcuts(store);
  const section = sectionOf(useAppStore(selectSection));
  return (
    <div style={{ display: 'flex', height: '100dvh' }}>
      <SectionRail />
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }} data-section={section.id}>
        <HostStatusBanner />
        <StoreNotices />
        <div style={{ flex: 1, minHeight: 0 }}>
          <section.Content />
        </div>
      </div>
      <DiscardChangesModal />
      <ExportDialog />
      <ImportDialog />
      <ConfigImportDialog />
      <CommandsDialog />
      <SettingsDialog />
      <NoticeToast />
    </div>
  );
}

/** The whole UI around a store; the store (and its API) are made at boot or by a test. */
export function App({ store }: { store: AppStore }) {
  const colorSchemeManager = useMemo(() => settingsColorSchemeManager(store), [store]);
  useEffect(() => followLanguageSetting(store), [store]);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      colorSchemeManager={colorSchemeManager}
    >
      <StoreProvider store={store}>
        <Shell store={store} />
      </StoreProvider>
    </MantineProvider>
  );
}
