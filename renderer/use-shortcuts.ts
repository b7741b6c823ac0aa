import { useHotkeys } from '@mantine/hooks';
import type { AppStore } from './store/app-store';

/**
 * Keyboard shortcuts: Ctrl/Cmd+Enter connects the shown connection (unless a dialog is open), Ctrl/Cmd+Shift+D
 * disconnects it, Ctrl/Cmd+N (Alt+N in a browser, which keeps Ctrl+N for itself) starts a new one, Ctrl/Cmd+,
 * opens Settings (as in VS Code and most desktop apps).
 */
export function useShortcuts(store: AppStore): void {
  const current = () => {
    const v = store.getState().view;
    return v.kind === 'connection' ? v.profileId : null;
  };
  const connect = () => {
    const id = current();
    // A dialog over the app takes Ctrl/Cmd+Enter for its own main action.
    if (!id || store.getState().dialog) return;
    const s = store.getState();
    const st = s.connections[id]?.state.status ?? 'idle';
    if (st !== 'connecting' && st !== 'open') void s.connect(id);
  };
  const disconnect = () => {
    const id = current();
    if (id && store.getState().connections[id]?.state.status === 'open') void store.getState().disconnect(id);
  };
  const newProfile = () => store.getState().navigate({ kind: 'new', groupId: null });
  const settings = () => store.getState().openDialog({ kind: 'settings' });
  // Empty ignore list: the shortcuts work with focus in a field too.
  useHotkeys(
    [
      ['mod+Enter', connect],
      ['mod+shift+D', disconnect],
      ['mod+N', newProfile],
      ['alt+N', newProfile],
      ['mod+,', settings],
    ],
    [],
  );
}
