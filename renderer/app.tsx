import { MantineProvider } from '@mantine/core';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { followLanguageSetting } from './i18n/language-sync';
import { StoreNotices } from './features/store-status/store-notices';
import { SectionRail } from './features/rail/section-rail';
import { sectionOf } from './features/rail/sections';
import type { AppStore } from './store/app-store';
import type { Dialog } from './store/ui-slice';
import { selectDialog, selectSection } from './store/selectors';
import { StoreProvider, useAppStore } from './store/store-context';
import { cssVariablesResolver, theme } from './theme';
import { settingsColorSchemeManager } from './ui/color-scheme-manager';
import { DiscardChangesModal } from './ui/discard-changes-modal';
import { lazyNamed, QuietFallback } from './ui/lazy';
import { HostStatusBanner } from './ui/host-status-banner';
import { NoticeToast } from './ui/notice-toast';
import { useShortcuts } from './use-shortcuts';

// The dialogs load the first time one of their kind opens, then stay (so they can animate closed).
const DIALOGS = {
  export: lazyNamed(
    () => import('./features/transfer/export-dialog'),
    (m) => m.ExportDialog,
  ),
  import: lazyNamed(
    () => import('./features/transfer/import-dialog'),
    (m) => m.ImportDialog,
  ),
  'from-config': lazyNamed(
    () => import('./features/transfer/config-import-dialog'),
    (m) => m.ConfigImportDialog,
  ),
  commands: lazyNamed(
    () => import('./features/transfer/commands-dialog'),
    (m) => m.CommandsDialog,
  ),
  settings: lazyNamed(
    () => import('./features/settings/settings-dialog'),
    (m) => m.SettingsDialog,
  ),
} satisfies Record<Dialog['kind'], unknown>;

function Dialogs() {
  const kind = useAppStore(selectDialog)?.kind;
  const [opened, setOpened] = useState<readonly Dialog['kind'][]>([]);
  if (kind && !opened.includes(kind)) setOpened([...opened, kind]);
  return opened.map((k) => {
    const Dialog = DIALOGS[k];
    return (
      <Suspense key={k} fallback={null}>
        <Dialog />
      </Suspense>
    );
  });
}

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
          <Suspense fallback={<QuietFallback />}>
            <section.Content />
          </Suspense>
        </div>
      </div>
      <DiscardChangesModal />
      <Dialogs />
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
